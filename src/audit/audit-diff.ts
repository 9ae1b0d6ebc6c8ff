/** One changed value between two JSON documents, by path ("scoringTable[2].maxPoints"). */
export interface AuditChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields that change on every write and say nothing about what changed. */
const IGNORED = new Set(['updatedAt', 'createdAt', 'version']);

/** The leaf values that differ between before and after (pure; used to show "old → new"). */
export function diffJson(before: unknown, after: unknown, path = ''): AuditChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: AuditChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
      changes.push(...diffJson(before[i], after[i], `${path}[${i}]`));
    }
    return changes;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !IGNORED.has(k));
    return keys.flatMap((key) => diffJson(before[key], after[key], path ? `${path}.${key}` : key));
  }
  const same = JSON.stringify(before ?? null) === JSON.stringify(after ?? null);
  return same ? [] : [{ path: path || '(toàn bộ)', from: before ?? null, to: after ?? null }];
}
