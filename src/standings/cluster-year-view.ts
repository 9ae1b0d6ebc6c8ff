import type { UnitResultsResponse } from '../results/dto/results.dto.js';
import { Rational, toNumber } from './domain/rational.js';
import { groupMaximum } from './domain/scoring-table.js';
import { RATINGS, type ClusterSummary, type Fraction, type LeafScore, type Rating } from './domain/types.js';
import type { StandingRowResponse } from './dto/standings.dto.js';
import type { ComputedClusterYear } from './standings-calculator.service.js';
import { mapStandingRows } from './standings.mapper.js';

/** One unit's scores as the results API answers them, but for what its membership row holds. */
export type UnitDetail = Omit<UnitResultsResponse, 'veto' | 'ratingOverride' | 'version'>;

/**
 * What reads need of a computed cluster-year, in a form that is stored as JSON and read back
 * exactly (fractions stay fractions): the standings rows, the summary, the unit names of the year.
 * The per-unit details are stored apart (read only by a unit's pages).
 */
export interface ClusterYearView {
  readonly maxTotal: number;
  readonly displayDecimals: number;
  readonly rows: readonly StandingRowResponse[];
  readonly summary: ClusterSummary;
  /** Members, and the units heading the year or chosen to head the next one. */
  readonly names: ReadonlyMap<number, string>;
  /** What the printed score tables show beside each standings row, in the order of `rows`. */
  readonly printed: readonly PrintedRow[];
}

/** A standings row's figures that only the printed score tables show. */
export interface PrintedRow {
  /** The self-assessed total of the base criteria (a leaf not self-assessed counts what it computes to). */
  readonly selfTotal: number;
  readonly joinedOn: string | null;
}

const isBase = (leaf: LeafScore): boolean => leaf.kind === 'target' || leaf.kind === 'graded';

function printedRows(computed: ComputedClusterYear): PrintedRow[] {
  const units = new Map(computed.units.map((u) => [u.unitId, u]));
  const memberships = new Map(computed.memberships.map((m) => [m.unitId, m]));
  return computed.rows.map((row) => ({
    selfTotal: Rational.sum(
      (units.get(row.unitId)?.leaves ?? [])
        .filter(isBase)
        .map((l) => (l.selfScore === null ? (l.computed ?? Rational.ZERO) : Rational.fromNumber(l.selfScore))),
    ).toNumber(),
    joinedOn: memberships.get(row.unitId)?.joinedOn ?? null,
  }));
}

export function viewOf(computed: ComputedClusterYear): ClusterYearView {
  return {
    maxTotal: computed.maxTotal.toNumber(),
    displayDecimals: computed.ruleSet.displayDecimals,
    rows: mapStandingRows(computed),
    summary: computed.summary,
    names: computed.names,
    printed: printedRows(computed),
  };
}

/** Every member's scores criterion by criterion (or only these units'), with the texts entered per leaf. */
export function unitDetailsOf(computed: ComputedClusterYear, only?: ReadonlySet<number>): UnitDetail[] {
  const { clusterId, year } = computed.clusterYear;
  const byCode = new Map(computed.criteria.map((c) => [c.code, c]));
  const codeOf = new Map(computed.criteria.map((c) => [c.id, c.code]));
  const inputs = new Map(computed.criterionInputs.map((c) => [c.code, c]));
  const ranks = new Map(computed.rows.map((r) => [r.unitId, r.rank]));
  const texts = new Map(computed.results.map((r) => [`${r.unitId} ${codeOf.get(r.criterionId) ?? ''}`, r] as const));
  const units = only === undefined ? computed.units : computed.units.filter((u) => only.has(u.unitId));
  return units.map((unit) => ({
    clusterId,
    year,
    unitId: unit.unitId,
    name: unit.name,
    rank: ranks.get(unit.unitId) ?? null,
    total: unit.total.toNumber(),
    base: unit.base.toNumber(),
    bonus: unit.bonus.toNumber(),
    penalty: unit.penalty.toNumber(),
    targetsMet: unit.targetsMet,
    targetsSigned: unit.targetsSigned,
    computedRating: unit.computedRating,
    rating: unit.rating,
    groups: [...unit.groups].map(([code, score]) => ({
      code,
      title: byCode.get(code)?.title ?? '',
      score: score.toNumber(),
      maxPoints: groupMaximum(computed.criterionInputs, code).toNumber(),
    })),
    results: unit.leaves.map((leaf) => {
      const criterion = byCode.get(leaf.code);
      const text = texts.get(`${unit.unitId} ${leaf.code}`);
      return {
        criterionCode: leaf.code,
        title: criterion?.title ?? '',
        parentCode: inputs.get(leaf.code)?.parentCode ?? null,
        kind: leaf.kind,
        method: criterion?.method ?? '',
        direction: criterion?.direction ?? null,
        unitOfMeasure: criterion?.unitOfMeasure ?? null,
        maxPoints: leaf.maxPoints,
        target: leaf.target,
        actual: leaf.actual,
        met: leaf.met,
        computed: toNumber(leaf.computed),
        selfScore: leaf.selfScore,
        reviewedScore: leaf.reviewedScore,
        final: leaf.final.toNumber(),
        source: leaf.source,
        note: text?.note ?? null,
        reviewReason: text?.reviewReason ?? null,
      };
    }),
  }));
}

/** Format of the stored JSON; a row in another format is computed again (2: with `printed`). */
const FORMAT = 2;

type StoredRational = string | null;
interface StoredFraction {
  count: number;
  of: number;
  percent: StoredRational;
}
interface StoredView {
  format: number;
  maxTotal: number;
  displayDecimals: number;
  rows: readonly StandingRowResponse[];
  summary: {
    unitCount: number;
    ratings: Record<Rating, StoredFraction>;
    targets: { met: number; signed: number; percent: StoredRational };
    averageTotal: StoredRational;
    maxTotal: StoredRational;
    leadingUnitIds: readonly number[];
    unitsWithoutResults: number;
  };
  names: [number, string][];
  printed: readonly PrintedRow[];
}

const encodeRational = (r: Rational | null): StoredRational => (r === null ? null : `${r.numerator}/${r.denominator}`);

function decodeRational(text: StoredRational): Rational | null {
  if (text === null) return null;
  const [numerator, denominator] = text.split('/');
  return Rational.of(BigInt(numerator ?? '0'), BigInt(denominator ?? '1'));
}

const encodeFraction = (f: Fraction): StoredFraction => ({
  count: f.count,
  of: f.of,
  percent: encodeRational(f.percent),
});
const decodeFraction = (f: StoredFraction): Fraction => ({
  count: f.count,
  of: f.of,
  percent: decodeRational(f.percent),
});

export function encodeView(view: ClusterYearView): string {
  const s = view.summary;
  const stored: StoredView = {
    format: FORMAT,
    maxTotal: view.maxTotal,
    displayDecimals: view.displayDecimals,
    rows: view.rows,
    summary: {
      unitCount: s.unitCount,
      ratings: Object.fromEntries(RATINGS.map((r) => [r, encodeFraction(s.ratings[r])])) as Record<
        Rating,
        StoredFraction
      >,
      targets: { met: s.targets.met, signed: s.targets.signed, percent: encodeRational(s.targets.percent) },
      averageTotal: encodeRational(s.averageTotal),
      maxTotal: encodeRational(s.maxTotal),
      leadingUnitIds: s.leadingUnitIds,
      unitsWithoutResults: s.unitsWithoutResults,
    },
    names: [...view.names],
    printed: view.printed,
  };
  return JSON.stringify(stored);
}

/** The stored view, or null when it is in another format (then it is computed again). */
export function decodeView(text: string): ClusterYearView | null {
  const stored = JSON.parse(text) as StoredView;
  if (stored.format !== FORMAT) return null;
  const s = stored.summary;
  return {
    maxTotal: stored.maxTotal,
    displayDecimals: stored.displayDecimals,
    rows: stored.rows,
    summary: {
      unitCount: s.unitCount,
      ratings: Object.fromEntries(RATINGS.map((r) => [r, decodeFraction(s.ratings[r])])) as Record<Rating, Fraction>,
      targets: { met: s.targets.met, signed: s.targets.signed, percent: decodeRational(s.targets.percent) },
      averageTotal: decodeRational(s.averageTotal),
      maxTotal: decodeRational(s.maxTotal),
      leadingUnitIds: s.leadingUnitIds,
      unitsWithoutResults: s.unitsWithoutResults,
    },
    names: new Map(stored.names),
    printed: stored.printed,
  };
}
