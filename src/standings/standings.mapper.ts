import type { UnitRefResponse } from '../covenants/dto/cluster-year.dto.js';
import { formatFraction, formatNumber, summarySentence } from './domain/format.js';
import { DECIDED_BY_LABELS, TIED_LABEL } from './domain/ranking.js';
import { toNumber } from './domain/rational.js';
import { fraction, type SummaryChange } from './domain/summary.js';
import { RATING_LABELS, RATINGS, type ClusterSummary, type Fraction, type Rating } from './domain/types.js';
import type {
  FractionResponse,
  StandingRowResponse,
  SummaryChangeResponse,
  SummaryFiguresResponse,
  TargetsResponse,
} from './dto/standings.dto.js';
import type { ComputedClusterYear } from './standings-calculator.service.js';

export const unitRef = (id: number | null, names: ReadonlyMap<number, string>): UnitRefResponse | null =>
  id === null ? null : { id, name: names.get(id) ?? '' };

export const mapFraction = (f: Fraction, decimals: number): FractionResponse => ({
  count: f.count,
  of: f.of,
  percent: toNumber(f.percent),
  display: formatFraction(f, decimals),
});

export const mapTargets = (met: number, signed: number, decimals: number): TargetsResponse => {
  const f = fraction(met, signed);
  return { met, signed, percent: toNumber(f.percent), display: formatFraction(f, decimals) };
};

export function mapStandingRows(computed: ComputedClusterYear): StandingRowResponse[] {
  const decimals = computed.ruleSet.displayDecimals;
  const unitsById = new Map(computed.units.map((u) => [u.unitId, u]));
  const memberships = new Map(computed.memberships.map((m) => [m.unitId, m]));
  const leafCount = computed.criterionInputs.filter((c) => c.kind !== null).length;
  return computed.rows.map((row) => {
    const unit = unitsById.get(row.unitId);
    const membership = memberships.get(row.unitId);
    return {
      rank: row.rank,
      unit: { id: row.unitId, name: row.name },
      total: row.total.toNumber(),
      totalDisplay: formatNumber(row.total, decimals),
      base: unit?.base.toNumber() ?? 0,
      bonus: unit?.bonus.toNumber() ?? 0,
      penalty: unit?.penalty.toNumber() ?? 0,
      rating: row.rating,
      ratingLabel: row.rating === null ? null : RATING_LABELS[row.rating],
      computedRating: row.computedRating,
      vetoed: row.vetoed,
      vetoReason: membership?.vetoReason ?? null,
      overridden: row.overridden,
      overrideReason: row.overridden ? (membership?.ratingOverrideReason ?? null) : null,
      targetsMet: row.targetsMet,
      targetsSigned: row.targetsSigned,
      decidedBy: row.decidedBy,
      decidedByCriterion: row.decidedByCriterion,
      decidedByLabel: !row.active
        ? 'Đã rời cụm'
        : row.decidedBy === null
          ? TIED_LABEL
          : row.decidedByCriterion
            ? `${DECIDED_BY_LABELS[row.decidedBy]} ${row.decidedByCriterion}`
            : DECIDED_BY_LABELS[row.decidedBy],
      tied: row.tied,
      active: row.active,
      leftOn: membership?.leftOn ?? null,
      leavesEntered: unit?.leavesEntered ?? 0,
      leafCount,
    };
  });
}

export function mapSummaryFigures(
  year: number,
  summary: ClusterSummary,
  names: ReadonlyMap<number, string>,
  decimals: number,
): SummaryFiguresResponse {
  return {
    year,
    unitCount: summary.unitCount,
    ratings: Object.fromEntries(
      RATINGS.map((rating) => [
        rating,
        { ...mapFraction(summary.ratings[rating], decimals), label: RATING_LABELS[rating] },
      ]),
    ) as SummaryFiguresResponse['ratings'],
    targets: mapTargets(summary.targets.met, summary.targets.signed, decimals),
    averageTotal: toNumber(summary.averageTotal),
    maxTotal: toNumber(summary.maxTotal),
    leadingUnits: summary.leadingUnitIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    unitsWithoutResults: summary.unitsWithoutResults,
    sentence: summarySentence(summary, decimals),
  };
}

/** The change from the previous year, leaving the rules: exact differences as the nearest numbers. */
export function mapSummaryChange(change: SummaryChange | null): SummaryChangeResponse | null {
  if (change === null) return null;
  return {
    unitCount: change.unitCount,
    ratings: Object.fromEntries(
      RATINGS.map((rating) => [
        rating,
        { count: change.ratings[rating].count, percentPoints: toNumber(change.ratings[rating].percentPoints) },
      ]),
    ) as SummaryChangeResponse['ratings'],
    targets: {
      met: change.targets.met,
      signed: change.targets.signed,
      percentPoints: toNumber(change.targets.percentPoints),
    },
    averageTotal: toNumber(change.averageTotal),
    maxTotal: toNumber(change.maxTotal),
  };
}

export type { Rating };
