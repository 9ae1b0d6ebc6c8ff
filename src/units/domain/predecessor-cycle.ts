/** A predecessor → successor link between two units. */
export interface LinkEdge {
  readonly predecessorId: number;
  readonly successorId: number;
}

/**
 * Whether giving `unitId` these predecessors would close a cycle (A↔B, A→B→C→A): it does when
 * `unitId` already leads, through successor links, to one of them. Returns the cycle as unit ids,
 * starting and ending with `unitId` (e.g. [A, B, C, A]), or null. The unit's own current
 * predecessor links are ignored: they are being replaced.
 */
export function predecessorCycle(
  links: readonly LinkEdge[],
  unitId: number,
  predecessorIds: readonly number[],
): number[] | null {
  const wanted = new Set(predecessorIds);
  const successors = new Map<number, number[]>();
  for (const link of links) {
    if (link.successorId === unitId) continue;
    const list = successors.get(link.predecessorId) ?? [];
    list.push(link.successorId);
    successors.set(link.predecessorId, list);
  }
  const cameFrom = new Map<number, number>([[unitId, unitId]]);
  const queue = [unitId];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head];
    if (current !== unitId && wanted.has(current)) {
      const path = [unitId];
      for (let step = current; step !== unitId; step = cameFrom.get(step) ?? unitId) path.push(step);
      return [unitId, ...path.slice(1).reverse(), unitId];
    }
    for (const next of successors.get(current) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, current);
      queue.push(next);
    }
  }
  return null;
}
