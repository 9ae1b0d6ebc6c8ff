/**
 * How one leaf of the scoring table turns what a unit entered into points (MS = max points),
 * and which score counts: reviewed ?? self ?? computed ?? 0.
 */
import { cleanNumber } from './numbers.js';
import type { CriterionInput, Direction, LeafScore, ResultInput, ScoreSource } from './types.js';

/** What one unit brings to a leaf. */
export interface LeafScoringUnit {
  /** The unit's target for a target leaf (signed, else the leaf's default); null otherwise. */
  readonly target: number | null;
  readonly result: ResultInput | null;
  /** Units that left the cluster are scored, but do not set the leader of a relative-to-leader leaf. */
  readonly active: boolean;
}

/** Whether a target was met: actual ≥ target (at least) or actual ≤ target (at most); null when either is missing. */
export function isTargetMet(direction: Direction, target: number | null, actual: number | null): boolean | null {
  if (target === null || actual === null) return null;
  return direction === 'at-most' ? actual <= target : actual >= target;
}

/**
 * Proportional: at least → MS × min(actual/target, 1); at most → MS × min(target/actual, 1), full
 * points when actual is 0. An at-least target of 0 or less is met by any count, so it gives MS.
 */
export function proportionalPoints(maxPoints: number, direction: Direction, target: number, actual: number): number {
  let ratio: number;
  if (direction === 'at-most') ratio = actual <= 0 ? 1 : target / actual;
  else ratio = target <= 0 ? 1 : actual / target;
  return cleanNumber(maxPoints * Math.min(Math.max(ratio, 0), 1));
}

/** Per occurrence: count × points per occurrence, capped at MS. */
export function perOccurrencePoints(maxPoints: number, pointsPerOccurrence: number, count: number): number {
  return cleanNumber(Math.min(Math.max(count, 0) * pointsPerOccurrence, maxPoints));
}

/** What the relative-to-leader formula needs from each unit. */
export interface RelativeToLeaderUnit {
  readonly target: number | null;
  readonly actual: number | null;
  /** Only active units can be the leader; default true. */
  readonly active?: boolean;
}

/**
 * Relative to leader (at-least targets), over all the units at once. With e = (actual − target)/target:
 * below target → 0.5 × MS × actual/target; exactly on target → 0.5 × MS; the largest e > 0 among
 * active units (ties share) → MS; other e > 0 → 0.5 × MS + 0.5 × MS × e/e_leader (at most MS, for a
 * unit that left and did better than the leader). null for a unit with no actual, or no target above 0.
 */
export function relativeToLeaderPoints(maxPoints: number, units: readonly RelativeToLeaderUnit[]): (number | null)[] {
  const excess = units.map((unit) =>
    unit.target === null || unit.actual === null || !(unit.target > 0)
      ? null
      : cleanNumber((unit.actual - unit.target) / unit.target),
  );
  let leader: number | null = null;
  units.forEach((unit, index) => {
    const e = excess[index] ?? null;
    if (e !== null && e > 0 && unit.active !== false && (leader === null || e > leader)) leader = e;
  });
  const half = maxPoints / 2;
  return units.map((unit, index) => {
    const e = excess[index] ?? null;
    if (e === null || unit.target === null || unit.actual === null) return null;
    if (e < 0) return cleanNumber((half * Math.max(unit.actual, 0)) / unit.target);
    if (e === 0) return cleanNumber(half);
    if (leader === null || e >= leader) return cleanNumber(maxPoints);
    return cleanNumber(half + (half * e) / leader);
  });
}

/** The score that counts and where it comes from: reviewed ?? self ?? computed ?? 0. */
export function finalScore(
  reviewedScore: number | null,
  selfScore: number | null,
  computed: number | null,
): { final: number; source: ScoreSource } {
  if (reviewedScore !== null) return { final: reviewedScore, source: 'reviewed' };
  if (selfScore !== null) return { final: selfScore, source: 'self' };
  if (computed !== null) return { final: computed, source: 'computed' };
  return { final: 0, source: 'none' };
}

/**
 * Scores one leaf for every unit at once (relative-to-leader needs them all), in the order given.
 * A target leaf for a unit without a target: not signed, met and computed null.
 */
export function scoreLeaf(criterion: CriterionInput, units: readonly LeafScoringUnit[]): LeafScore[] {
  const kind = criterion.kind;
  if (kind === null) throw new RangeError(`"${criterion.code}" là nhóm tiêu chí, không chấm điểm trực tiếp.`);
  const maxPoints = criterion.maxPoints ?? 0;
  const direction: Direction = criterion.direction ?? 'at-least';
  const isTarget = kind === 'target';
  const targetOf = (unit: LeafScoringUnit): number | null => (isTarget ? unit.target : null);

  const relative =
    criterion.method === 'relative-to-leader'
      ? relativeToLeaderPoints(
          maxPoints,
          units.map((unit) => ({ target: targetOf(unit), actual: unit.result?.actual ?? null, active: unit.active })),
        )
      : null;

  return units.map((unit, index) => {
    const target = targetOf(unit);
    const actual = unit.result?.actual ?? null;
    const met = isTarget ? isTargetMet(direction, target, actual) : null;
    let computed: number | null = null;
    if (actual !== null && !(isTarget && target === null)) {
      switch (criterion.method) {
        case 'proportional':
          computed = target === null ? null : proportionalPoints(maxPoints, direction, target, actual);
          break;
        case 'all-or-nothing':
          computed = (isTarget ? met === true : actual >= 1) ? maxPoints : 0;
          break;
        case 'per-occurrence':
          computed = perOccurrencePoints(maxPoints, criterion.pointsPerOccurrence ?? 0, actual);
          break;
        case 'relative-to-leader':
          computed = relative?.[index] ?? null;
          break;
        case 'direct':
        case null:
          computed = null; // the score is entered (self / reviewed), not computed
          break;
      }
    }
    const selfScore = unit.result?.selfScore ?? null;
    const reviewedScore = unit.result?.reviewedScore ?? null;
    const { final, source } = finalScore(reviewedScore, selfScore, computed);
    return {
      code: criterion.code,
      kind,
      maxPoints,
      target,
      actual,
      met,
      computed,
      selfScore,
      reviewedScore,
      final,
      source,
    };
  });
}
