/**
 * The numbers a cluster-year report shows, each share with its numerator and denominator, and
 * their change from the previous year. Units that left during the year are not counted.
 */
import { Rational } from './rational.js';
import { RATINGS, type ClusterSummary, type Fraction, type Rating, type StandingRow, type UnitScore } from './types.js';

/** count of `of` as an exact percentage (count × 100 / of, no rounding); null when of = 0. */
export function fraction(count: number, of: number): Fraction {
  return { count, of, percent: of === 0 ? null : Rational.of(count * 100, of) };
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
    averageTotal: totals.length === 0 ? null : Rational.sum(totals).div(Rational.of(totals.length)),
    maxTotal: totals.length === 0 ? null : totals.reduce((max, total) => Rational.max(max, total)),
    leadingUnitIds: rows
      .filter((row) => row.active && row.rank === 1 && row.total.sign > 0 && activeIds.has(row.unitId))
      .map((row) => row.unitId),
    unitsWithoutResults: active.filter((unit) => unit.leavesEntered === 0).length,
  };
}

/** The change of a summary from the previous year's; a null delta when either side has no value. */
export interface SummaryChange {
  readonly unitCount: number;
  readonly ratings: Readonly<Record<Rating, { readonly count: number; readonly percentPoints: Rational | null }>>;
  readonly targets: {
    readonly met: number;
    readonly signed: number;
    readonly percentPoints: Rational | null;
  };
  readonly averageTotal: Rational | null;
  readonly maxTotal: Rational | null;
}

function delta(current: Rational | null, previous: Rational | null): Rational | null {
  return current === null || previous === null ? null : current.sub(previous);
}

/** The figures of a year that can be compared with another year's (the summary without names). */
export type SummaryFigures = Pick<ClusterSummary, 'unitCount' | 'ratings' | 'targets' | 'averageTotal' | 'maxTotal'>;

/** current − previous for every figure, exactly; null when there is no previous year. */
export function compareSummaries(current: SummaryFigures, previous: SummaryFigures | null): SummaryChange | null {
  if (previous === null) return null;
  const ratings = Object.fromEntries(
    RATINGS.map((rating) => [
      rating,
      {
        count: current.ratings[rating].count - previous.ratings[rating].count,
        percentPoints: delta(current.ratings[rating].percent, previous.ratings[rating].percent),
      },
    ]),
  ) as Record<Rating, { count: number; percentPoints: Rational | null }>;
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
