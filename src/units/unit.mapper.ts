import { nameInYear, type NameRecord } from '../standings/domain/name-history.js';
import type { UnitResponse, UnitSummaryResponse } from './dto/unit.dto.js';
import type { UnitLink } from './unit-link.entity.js';
import type { Unit } from './unit.entity.js';

/** The name in force now: the open-ended one, else the one that started last. */
export function currentName(names: readonly NameRecord[]): string {
  const open = names.find((n) => n.validTo === null);
  if (open) return open.name;
  const sorted = [...names].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  return sorted.at(-1)?.name ?? '';
}

export const sortedNames = (unit: Pick<Unit, 'names'>): NameRecord[] =>
  [...unit.names]
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? '') || a.id - b.id)
    .map((n) => ({ name: n.name, validFrom: n.validFrom, validTo: n.validTo }));

export function mapUnitSummary(unit: Unit, year?: number): UnitSummaryResponse {
  const names = sortedNames(unit);
  return {
    id: unit.id,
    code: unit.code,
    name: (year === undefined ? null : nameInYear(names, year)) ?? currentName(names),
  };
}

export function mapUnit(unit: Unit, links: readonly UnitLink[]): UnitResponse {
  const names = sortedNames(unit);
  return {
    id: unit.id,
    code: unit.code,
    name: currentName(names),
    names,
    note: unit.note,
    womenShares: [...unit.womenShares]
      .sort((a, b) => a.year - b.year)
      .map((s) => ({ year: s.year, percent: s.percent })),
    predecessors: links
      .filter((l) => l.successorId === unit.id)
      .map((l) => ({ unitId: l.predecessorId, kind: l.kind, effectiveOn: l.effectiveOn })),
    successors: links
      .filter((l) => l.predecessorId === unit.id)
      .map((l) => ({ unitId: l.successorId, kind: l.kind, effectiveOn: l.effectiveOn })),
    version: unit.version,
    createdAt: unit.createdAt.toISOString(),
    updatedAt: unit.updatedAt.toISOString(),
  };
}
