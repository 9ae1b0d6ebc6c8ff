/**
 * The ranking (xếp hạng): standard competition ranking (1, 2, 2, 4) on the total; equal totals are
 * separated only by the configured tie-breakers, in order. Never by name or id: what is still
 * tied stays tied. Each row says what decided it.
 */
import { Rational } from './rational.js';
import {
  TIE_BREAKER_KINDS,
  WOMEN_SHARE_PREFERENCE_PERCENT,
  type CriterionInput,
  type DecidedBy,
  type StandingRow,
  type TieBreaker,
  type UnitScore,
} from './types.js';

/** What decided a row, as shown in reports. */
export const DECIDED_BY_LABELS: Readonly<Record<DecidedBy, string>> = {
  total: 'Tổng điểm',
  'targets-met': 'Số chỉ tiêu đạt',
  'group-score': 'Điểm nhóm tiêu chí',
  'fewer-penalty': 'Ít điểm trừ hơn',
  'women-share': 'Tỷ lệ nữ từ 70% (Nghị định 152/2025)',
};

/** Shown for a row still tied after every tie-breaker. */
export const TIED_LABEL = 'Đồng hạng';

const WOMEN_SHARE_PREFERENCE = Rational.of(WOMEN_SHARE_PREFERENCE_PERCENT);

/** A unit's value for one tie-breaker, exact; higher is better. */
export function tieBreakerValue(
  unit: UnitScore,
  tieBreaker: TieBreaker,
  womenShare: ReadonlyMap<number, number | null>,
): Rational {
  switch (tieBreaker.kind) {
    case 'targets-met':
      return Rational.of(unit.targetsMet);
    case 'group-score': {
      const group = unit.groups.get(tieBreaker.criterionCode);
      if (group !== undefined) return group;
      const leaf = unit.leaves.find((candidate) => candidate.code === tieBreaker.criterionCode);
      if (leaf === undefined) return Rational.ZERO;
      return leaf.kind === 'penalty' ? leaf.final.neg() : leaf.final;
    }
    case 'fewer-penalty':
      return unit.penalty.neg();
    case 'women-share': {
      const share = womenShare.get(unit.unitId) ?? null;
      return share !== null && Rational.fromNumber(share).gte(WOMEN_SHARE_PREFERENCE) ? Rational.ONE : Rational.ZERO;
    }
  }
}

/** The index of the first tie-breaker on which the two differ, or null when none separates them. */
function firstDifference(a: readonly Rational[], b: readonly Rational[]): number | null {
  for (let i = 0; i < a.length; i += 1) {
    const left = a[i];
    const right = b[i];
    if (left === undefined || right === undefined) return left === right ? null : i;
    if (!left.equals(right)) return i;
  }
  return null;
}

/**
 * Rows sorted by rank, then input order. Only active units are ranked; units that left come
 * last with rank null. rank = 1 + the number of active units strictly better.
 */
export function rankUnits(
  units: readonly UnitScore[],
  tieBreakers: readonly TieBreaker[],
  womenShare: ReadonlyMap<number, number | null>,
): StandingRow[] {
  const active = units.filter((unit) => unit.active);
  const keys = new Map(
    active.map(
      (unit) => [unit, tieBreakers.map((tieBreaker) => tieBreakerValue(unit, tieBreaker, womenShare))] as const,
    ),
  );
  const keyOf = (unit: UnitScore): readonly Rational[] => keys.get(unit) ?? [];
  const better = (a: UnitScore, b: UnitScore): boolean => {
    const byTotal = a.total.compare(b.total);
    if (byTotal !== 0) return byTotal > 0;
    const index = firstDifference(keyOf(a), keyOf(b));
    if (index === null) return false;
    const left = keyOf(a)[index] ?? Rational.ZERO;
    return left.gt(keyOf(b)[index] ?? Rational.ZERO);
  };

  const rows = units.map((unit, order) => {
    if (!unit.active) {
      return { order, row: toRow(unit, null, null, null, false) };
    }
    const rank = 1 + active.filter((other) => other !== unit && better(other, unit)).length;
    const sameTotal = active.filter((other) => other !== unit && other.total.equals(unit.total));
    if (sameTotal.length === 0) return { order, row: toRow(unit, rank, 'total', null, false) };
    let deepest = -1;
    let tied = false;
    for (const other of sameTotal) {
      const index = firstDifference(keyOf(unit), keyOf(other));
      if (index === null) tied = true;
      else deepest = Math.max(deepest, index);
    }
    const decider = tied ? undefined : tieBreakers[deepest];
    if (decider === undefined) return { order, row: toRow(unit, rank, null, null, true) };
    const criterion = decider.kind === 'group-score' ? decider.criterionCode : null;
    return { order, row: toRow(unit, rank, decider.kind, criterion, false) };
  });

  return rows
    .sort((a, b) => {
      const rankA = a.row.rank ?? Number.POSITIVE_INFINITY;
      const rankB = b.row.rank ?? Number.POSITIVE_INFINITY;
      return rankA === rankB ? a.order - b.order : rankA - rankB;
    })
    .map((entry) => entry.row);
}

function toRow(
  unit: UnitScore,
  rank: number | null,
  decidedBy: DecidedBy | null,
  decidedByCriterion: string | null,
  tied: boolean,
): StandingRow {
  return {
    rank,
    unitId: unit.unitId,
    name: unit.name,
    total: unit.total,
    rating: unit.rating,
    computedRating: unit.computedRating,
    vetoed: unit.vetoed,
    overridden: unit.overridden,
    targetsMet: unit.targetsMet,
    targetsSigned: unit.targetsSigned,
    decidedBy,
    decidedByCriterion,
    tied,
    active: unit.active,
  };
}

/**
 * Messages for tie-breakers that cannot work: an unknown kind, the same one twice (for group-score:
 * the same code twice), or a group-score code that is not in the scoring table.
 */
export function validateTieBreakers(tieBreakers: readonly TieBreaker[], criteria: readonly CriterionInput[]): string[] {
  const messages: string[] = [];
  const seen = new Set<string>();
  const codes = new Set(criteria.map((criterion) => criterion.code));
  tieBreakers.forEach((tieBreaker, index) => {
    const position = `Tiêu chí phụ thứ ${index + 1}`;
    if (!(TIE_BREAKER_KINDS as readonly string[]).includes(tieBreaker.kind)) {
      messages.push(
        `${position}: loại "${String(tieBreaker.kind)}" không hợp lệ; chọn số chỉ tiêu đạt, điểm nhóm tiêu chí, ít điểm trừ hơn hoặc tỷ lệ nữ.`,
      );
      return;
    }
    const label = DECIDED_BY_LABELS[tieBreaker.kind];
    if (tieBreaker.kind === 'group-score') {
      const code = (tieBreaker.criterionCode ?? '').trim();
      if (code === '') {
        messages.push(`${position} (${label}): chưa chọn nhóm tiêu chí.`);
        return;
      }
      if (!codes.has(tieBreaker.criterionCode)) {
        messages.push(`${position} (${label}): không có tiêu chí "${tieBreaker.criterionCode}" trong bảng chấm điểm.`);
      }
      const key = `group-score:${tieBreaker.criterionCode}`;
      if (seen.has(key)) messages.push(`${position} (${label} "${tieBreaker.criterionCode}"): bị trùng, hãy bỏ bớt.`);
      seen.add(key);
      return;
    }
    if (seen.has(tieBreaker.kind)) messages.push(`${position} (${label}): bị trùng, hãy bỏ bớt.`);
    seen.add(tieBreaker.kind);
  });
  return messages;
}
