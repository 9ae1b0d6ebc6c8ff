/**
 * Small builders for the domain specs (criteria, members, unit scores), so each spec shows only
 * the fields its case is about. Not used by production code.
 */
import { Rational } from '../../src/standings/domain/rational.js';
import { fraction } from '../../src/standings/domain/summary.js';
import type {
  ClusterSummary,
  CriterionInput,
  Direction,
  MemberInput,
  ResultInput,
  ScoringMethod,
  UnitScore,
} from '../../src/standings/domain/types.js';

type CriterionFields = Partial<Omit<CriterionInput, 'code'>>;

export function criterion(code: string, fields: CriterionFields = {}): CriterionInput {
  return {
    code,
    title: `Tiêu chí ${code}`,
    parentCode: null,
    maxPoints: null,
    kind: null,
    method: null,
    direction: null,
    defaultTarget: null,
    unitOfMeasure: null,
    pointsPerOccurrence: null,
    ...fields,
  };
}

export function group(code: string, parentCode: string | null = null, maxPoints: number | null = null): CriterionInput {
  return criterion(code, { parentCode, maxPoints });
}

export function targetLeaf(
  code: string,
  parentCode: string | null,
  maxPoints: number,
  method: ScoringMethod = 'proportional',
  direction: Direction = 'at-least',
  defaultTarget: number | null = null,
): CriterionInput {
  return criterion(code, { parentCode, maxPoints, kind: 'target', method, direction, defaultTarget });
}

export function gradedLeaf(
  code: string,
  parentCode: string | null,
  maxPoints: number,
  method: ScoringMethod = 'direct',
  pointsPerOccurrence: number | null = null,
): CriterionInput {
  return criterion(code, { parentCode, maxPoints, kind: 'graded', method, pointsPerOccurrence });
}

export function bonusLeaf(
  code: string,
  parentCode: string | null,
  maxPoints: number,
  pointsPerOccurrence: number | null = null,
): CriterionInput {
  const method: ScoringMethod = pointsPerOccurrence === null ? 'direct' : 'per-occurrence';
  return criterion(code, { parentCode, maxPoints, kind: 'bonus', method, pointsPerOccurrence });
}

export function penaltyLeaf(
  code: string,
  parentCode: string | null,
  maxPoints: number,
  pointsPerOccurrence: number | null = null,
): CriterionInput {
  const method: ScoringMethod = pointsPerOccurrence === null ? 'direct' : 'per-occurrence';
  return criterion(code, { parentCode, maxPoints, kind: 'penalty', method, pointsPerOccurrence });
}

/** A result: actual, self-score, reviewed score. */
export function result(
  actual: number | null,
  selfScore: number | null = null,
  reviewedScore: number | null = null,
): ResultInput {
  return { actual, selfScore, reviewedScore };
}

export interface MemberFields {
  readonly name?: string;
  readonly active?: boolean;
  readonly womenSharePercent?: number | null;
  readonly veto?: MemberInput['veto'];
  readonly ratingOverride?: MemberInput['ratingOverride'];
  readonly targets?: Readonly<Record<string, number>>;
  readonly results?: Readonly<Record<string, ResultInput>>;
}

export function member(unitId: number, fields: MemberFields = {}): MemberInput {
  return {
    unitId,
    name: fields.name ?? `Đơn vị ${unitId}`,
    active: fields.active ?? true,
    womenSharePercent: fields.womenSharePercent ?? null,
    veto: fields.veto ?? null,
    ratingOverride: fields.ratingOverride ?? null,
    targets: new Map(Object.entries(fields.targets ?? {})),
    results: new Map(Object.entries(fields.results ?? {})),
  };
}

type Points = number | Rational;
const exact = (value: Points): Rational => (value instanceof Rational ? value : Rational.fromNumber(value));

export interface UnitFields extends Partial<
  Omit<UnitScore, 'unitId' | 'total' | 'groups' | 'base' | 'bonus' | 'penalty'>
> {
  readonly groups?: Readonly<Record<string, Points>>;
  readonly base?: Points;
  readonly bonus?: Points;
  readonly penalty?: Points;
}

/** A unit score as computeClusterYear would give it, with only the fields a case needs (plain numbers welcome). */
export function unitScore(unitId: number, total: Points, fields: UnitFields = {}): UnitScore {
  const { groups, base, bonus, penalty, ...rest } = fields;
  return {
    unitId,
    name: `Đơn vị ${unitId}`,
    active: true,
    leaves: [],
    base: exact(base ?? total),
    bonus: exact(bonus ?? 0),
    penalty: exact(penalty ?? 0),
    targetsMet: 0,
    targetsSigned: 0,
    leavesEntered: 1,
    computedRating: 'EXCELLENT',
    rating: 'EXCELLENT',
    vetoed: false,
    overridden: false,
    ...rest,
    total: exact(total),
    groups: new Map(Object.entries(groups ?? {}).map(([code, score]) => [code, exact(score)] as const)),
  };
}

/**
 * A cluster summary of `units` rated units, `excellent` of them excellent (the rest good), `met` of
 * `signed` targets met; average and maximum totals as given (none without units).
 */
export function clusterSummary(
  units: number,
  excellent: number,
  met: number,
  signed: number,
  totals: { average: Rational; max: Rational } | null = null,
): ClusterSummary {
  return {
    unitCount: units,
    ratings: {
      EXCELLENT: fraction(excellent, units),
      GOOD: fraction(units - excellent, units),
      COMPLETED: fraction(0, units),
      NOT_COMPLETED: fraction(0, units),
    },
    targets: { met, signed, percent: fraction(met, signed).percent },
    averageTotal: totals?.average ?? null,
    maxTotal: totals?.max ?? null,
    leadingUnitIds: [],
    unitsWithoutResults: 0,
  };
}
