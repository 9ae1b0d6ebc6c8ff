/**
 * The numbers a cluster-year report shows, each share with its numerator and denominator, and
 * their change from the previous year. Units that left during the year are not counted.
 */
import { cleanNumber, sum } from './numbers.js';
import { RATINGS, type ClusterSummary, type Fraction, type Rating, type StandingRow, type UnitScore } from './types.js';

/** count of `of` as an exact percentage (count × 100 / of, no rounding); null when of = 0. */
export function fraction(count: number, of: number): Fraction {
  return { count, of, percent: of === 0 ? null : (count * 100) / of };
}

/** Leading units are those ranked first with a total above 0: nobody leads a year with no scores yet. */
export function summarizeClusterYear(units: readonly UnitScore[], rows: readonly StandingRow[]): ClusterSummary {
  const active = units.filter((unit) => unit.active);
  const activeIds = new Set(active.map((unit) => unit.unitId));
  const ratings = Object.fromEntries(
    RATINGS.map((rating) => [rating, fraction(active.filter((unit) => unit.rating === rating).length, active.length)]),
  ) as Record<Rating, Fraction>;
  const met = active.reduce((total, unit) => total + unit.targetsMet, 0);
  const signed = active.reduce((total, unit) => total + unit.targetsSigned, 0);
  const totals = active.map((unit) => unit.total);
  return {
    unitCount: active.length,
    ratings,
    targets: { met, signed, percent: fraction(met, signed).percent },
    averageTotal: totals.length === 0 ? null : cleanNumber(sum(totals) / totals.length),
    maxTotal: totals.length === 0 ? null : Math.max(...totals),
    leadingUnitIds: rows
      .filter((row) => row.active && row.rank === 1 && row.total > 0 && activeIds.has(row.unitId))
      .map((row) => row.unitId),
    unitsWithoutResults: active.filter((unit) => unit.leavesEntered === 0).length,
  };
}

/** The change of a summary from the previous year's; a null delta when either side has no value. */
export interface SummaryChange {
  readonly unitCount: number;
  readonly ratings: Readonly<Record<Rating, { readonly count: number; readonly percentPoints: number | null }>>;
  readonly targets: {
    readonly met: number;
    readonly signed: number;
    readonly percentPoints: number | null;
  };
  readonly averageTotal: number | null;
  readonly maxTotal: number | null;
}

function delta(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : cleanNumber(current - previous);
}

/** current − previous for every figure; null when there is no previous year. */
export function compareSummaries(current: ClusterSummary, previous: ClusterSummary | null): SummaryChange | null {
  if (previous === null) return null;
  const ratings = Object.fromEntries(
    RATINGS.map((rating) => [
      rating,
      {
        count: current.ratings[rating].count - previous.ratings[rating].count,
        percentPoints: delta(current.ratings[rating].percent, previous.ratings[rating].percent),
      },
    ]),
  ) as Record<Rating, { count: number; percentPoints: number | null }>;
  return {
    unitCount: current.unitCount - previous.unitCount,
    ratings,
    targets: {
      met: current.targets.met - previous.targets.met,
      signed: current.targets.signed - previous.targets.signed,
      percentPoints: delta(current.targets.percent, previous.targets.percent),
    },
    averageTotal: delta(current.averageTotal, previous.averageTotal),
    maxTotal: delta(current.maxTotal, previous.maxTotal),
  };
}
