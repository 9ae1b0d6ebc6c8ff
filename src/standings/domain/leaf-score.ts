/**
 * How one leaf of the scoring table turns what a unit entered into points (MS = max points),
 * and which score counts: reviewed ?? self ?? computed ?? 0.
 */
import { Rational } from './rational.js';
import type { CriterionInput, Direction, LeafScore, ResultInput, ScoreSource } from './types.js';

/** What one unit brings to a leaf. */
export interface LeafScoringUnit {
  /** The unit's target for a target leaf (signed, else the leaf's default); null otherwise. */
  readonly target: number | null;
  readonly result: ResultInput | null;
  /** Units that left the cluster are scored, but do not set the leader of a relative-to-leader leaf. */
  readonly active: boolean;
}

/**
 * Whether a target was met: actual ≥ target (at least) or actual ≤ target (at most), compared
 * exactly; null when either is missing.
 */
export function isTargetMet(direction: Direction, target: number | null, actual: number | null): boolean | null {
  if (target === null || actual === null) return null;
  const comparison = Rational.fromNumber(actual).compare(Rational.fromNumber(target));
  return direction === 'at-most' ? comparison <= 0 : comparison >= 0;
}

/** min(max(ratio, 0), 1). */
function clampRatio(ratio: Rational): Rational {
  return Rational.min(Rational.max(ratio, Rational.ZERO), Rational.ONE);
}

/**
 * Proportional: at least → MS × min(actual/target, 1); at most → MS × min(target/actual, 1), full
 * points when actual is 0. An at-least target of 0 or less is met by any count, so it gives MS.
 */
export function proportionalPoints(maxPoints: number, direction: Direction, target: number, actual: number): Rational {
  const ms = Rational.fromNumber(maxPoints);
  const t = Rational.fromNumber(target);
  const a = Rational.fromNumber(actual);
  let ratio: Rational;
  if (direction === 'at-most') ratio = a.sign <= 0 ? Rational.ONE : t.div(a);
  else ratio = t.sign <= 0 ? Rational.ONE : a.div(t);
  return ms.mul(clampRatio(ratio));
}

/** Per occurrence: count × points per occurrence, capped at MS. */
export function perOccurrencePoints(maxPoints: number, pointsPerOccurrence: number, count: number): Rational {
  const points = Rational.max(Rational.fromNumber(count), Rational.ZERO).mul(Rational.fromNumber(pointsPerOccurrence));
  return Rational.min(points, Rational.fromNumber(maxPoints));
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
 * Every step is exact: an excess of 1 on a target of 9.000.000.000 is still above 0.
 */
export function relativeToLeaderPoints(maxPoints: number, units: readonly RelativeToLeaderUnit[]): (Rational | null)[] {
  const excess = units.map((unit) => {
    if (unit.target === null || unit.actual === null || !(unit.target > 0)) return null;
    const target = Rational.fromNumber(unit.target);
    return Rational.fromNumber(unit.actual).sub(target).div(target);
  });
  let leader: Rational | null = null;
  units.forEach((unit, index) => {
    const e = excess[index] ?? null;
    if (e !== null && e.sign > 0 && unit.active !== false && (leader === null || e.gt(leader))) leader = e;
  });
  const ms = Rational.fromNumber(maxPoints);
  const half = ms.div(Rational.of(2));
  return units.map((unit, index) => {
    const e = excess[index] ?? null;
    if (e === null || unit.target === null || unit.actual === null) return null;
    if (e.sign < 0) {
      const actual = Rational.max(Rational.fromNumber(unit.actual), Rational.ZERO);
      return half.mul(actual).div(Rational.fromNumber(unit.target));
    }
    if (e.isZero()) return half;
    if (leader === null || e.gte(leader)) return ms;
    return half.add(half.mul(e).div(leader));
  });
}

/** The score that counts and where it comes from: reviewed ?? self ?? computed ?? 0. */
export function finalScore(
  reviewedScore: number | null,
  selfScore: number | null,
  computed: Rational | null,
): { final: Rational; source: ScoreSource } {
  if (reviewedScore !== null) return { final: Rational.fromNumber(reviewedScore), source: 'reviewed' };
  if (selfScore !== null) return { final: Rational.fromNumber(selfScore), source: 'self' };
  if (computed !== null) return { final: computed, source: 'computed' };
  return { final: Rational.ZERO, source: 'none' };
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
    let computed: Rational | null = null;
    if (actual !== null && !(isTarget && target === null)) {
      switch (criterion.method) {
        case 'proportional':
          computed = target === null ? null : proportionalPoints(maxPoints, direction, target, actual);
          break;
        case 'all-or-nothing':
          computed = (isTarget ? met === true : actual >= 1) ? Rational.fromNumber(maxPoints) : Rational.ZERO;
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
