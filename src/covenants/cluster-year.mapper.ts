import type { Cluster } from '../clusters/cluster.entity.js';
import type { CriterionInput, RuleSetInput } from '../standings/domain/types.js';
import type { ClusterYear } from './cluster-year.entity.js';
import type { ClusterYearData } from './cluster-years.service.js';
import { groupBy } from '../common/group-by.js';
import { Rational } from '../standings/domain/rational.js';
import { tableMaximum } from '../standings/domain/scoring-table.js';
import type { Criterion } from './criterion.entity.js';
import type {
  ClusterYearResponse,
  CriterionDto,
  ReportTextsResponse,
  UnitRefResponse,
} from './dto/cluster-year.dto.js';

export function ruleSetOf(clusterYear: ClusterYear): RuleSetInput {
  return {
    thresholds: {
      excellent: clusterYear.ruleExcellentThreshold,
      good: clusterYear.ruleGoodThreshold,
      completed: clusterYear.ruleCompletedThreshold,
    },
    vetoCap: clusterYear.ruleVetoCap,
    tieBreakers: clusterYear.ruleTieBreakers,
    displayDecimals: clusterYear.ruleDisplayDecimals,
    maxTotal: clusterYear.ruleMaxTotal,
  };
}

export function ruleSetColumns(ruleSet: RuleSetInput): Partial<ClusterYear> {
  return {
    ruleExcellentThreshold: ruleSet.thresholds.excellent,
    ruleGoodThreshold: ruleSet.thresholds.good,
    ruleCompletedThreshold: ruleSet.thresholds.completed,
    ruleVetoCap: ruleSet.vetoCap,
    ruleTieBreakers: [...ruleSet.tieBreakers],
    ruleDisplayDecimals: ruleSet.displayDecimals,
    ruleMaxTotal: ruleSet.maxTotal,
  };
}

export function criterionInput(criterion: Criterion, byId: ReadonlyMap<number, Criterion>): CriterionInput {
  return {
    code: criterion.code,
    title: criterion.title,
    parentCode: criterion.parentId === null ? null : (byId.get(criterion.parentId)?.code ?? null),
    maxPoints: criterion.maxPoints,
    kind: criterion.kind,
    method: criterion.method,
    direction: criterion.direction,
    defaultTarget: criterion.defaultTarget,
    unitOfMeasure: criterion.unitOfMeasure,
    pointsPerOccurrence: criterion.pointsPerOccurrence,
  };
}

export function criterionInputs(criteria: readonly Criterion[]): CriterionInput[] {
  const byId = new Map(criteria.map((c) => [c.id, c]));
  return criteria.map((c) => criterionInput(c, byId));
}

export function mapClusterYear(
  cluster: Cluster,
  data: ClusterYearData,
  names: ReadonlyMap<number, string>,
): ClusterYearResponse {
  const { clusterYear } = data;
  const ref = (id: number | null): UnitRefResponse | null => (id === null ? null : { id, name: names.get(id) ?? '' });
  const targets = groupBy(data.targets, (t) => t.criterionId);
  const byId = new Map(data.criteria.map((c) => [c.id, c]));
  const ruleSet = ruleSetOf(clusterYear);
  const inputs = data.criteria.map((c) => criterionInput(c, byId));
  const scoringTable: CriterionDto[] = data.criteria.map((c, i) => ({
    ...inputs[i],
    ...(c.kind === 'target'
      ? {
          targets: (targets.get(c.id) ?? [])
            .map((t) => ({ unitId: t.unitId, value: t.value }))
            .sort((a, b) => a.unitId - b.unitId),
        }
      : {}),
  }));
  return {
    clusterId: cluster.id,
    clusterCode: cluster.code,
    clusterName: cluster.name,
    year: clusterYear.year,
    status: clusterYear.status,
    members: data.memberships.map((m) => m.unitId),
    memberDetails: data.memberships.map((m) => ({
      unitId: m.unitId,
      name: names.get(m.unitId) ?? '',
      joinedOn: m.joinedOn,
      leftOn: m.leftOn,
    })),
    movements: data.memberships
      .filter((m) => m.joinedOn !== null || m.leftOn !== null)
      .map((m) => ({ unitId: m.unitId, joinedOn: m.joinedOn, leftOn: m.leftOn })),
    headUnitId: clusterYear.headUnitId,
    deputyUnitId: clusterYear.deputyUnitId,
    covenantDate: clusterYear.covenantDate,
    conferenceDate: clusterYear.conferenceDate,
    nextHeadUnitId: clusterYear.nextHeadUnitId,
    nextDeputyUnitId: clusterYear.nextDeputyUnitId,
    head: ref(clusterYear.headUnitId),
    deputy: ref(clusterYear.deputyUnitId),
    nextHead: ref(clusterYear.nextHeadUnitId),
    nextDeputy: ref(clusterYear.nextDeputyUnitId),
    ruleSet: {
      thresholds: { ...ruleSet.thresholds },
      vetoCap: ruleSet.vetoCap,
      tieBreakers: ruleSet.tieBreakers.map((t) => ({ ...t })),
      displayDecimals: ruleSet.displayDecimals,
      maxTotal: ruleSet.maxTotal,
    },
    effectiveMaxTotal: effectiveMaxTotal(ruleSet, inputs).toNumber(),
    scoringTable,
    report: reportTextsOf(clusterYear),
    version: clusterYear.version,
    finalizedAt: clusterYear.finalizedAt?.toISOString() ?? null,
    finalizedBy: clusterYear.finalizedBy,
    createdAt: clusterYear.createdAt.toISOString(),
    updatedAt: clusterYear.updatedAt.toISOString(),
  };
}

export const reportTextsOf = (clusterYear: ClusterYear): ReportTextsResponse => ({
  signerName: clusterYear.reportSignerName,
  strengths: clusterYear.reportStrengths,
  shortcomings: clusterYear.reportShortcomings,
});

/** The maximum total that ratings are measured against. */
export const effectiveMaxTotal = (ruleSet: RuleSetInput, criteria: readonly CriterionInput[]): Rational =>
  ruleSet.maxTotal === null ? tableMaximum(criteria) : Rational.fromNumber(ruleSet.maxTotal);
