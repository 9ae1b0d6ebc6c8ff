import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { groupBy } from '../common/group-by.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { criterionInputs, effectiveMaxTotal, ruleSetOf } from '../covenants/cluster-year.mapper.js';
import { Criterion } from '../covenants/criterion.entity.js';
import { Membership } from '../covenants/membership.entity.js';
import { Target } from '../covenants/target.entity.js';
import { Result } from '../results/result.entity.js';
import { UnitsService } from '../units/units.service.js';
import { computeClusterYear } from './domain/cluster-year.js';
import type { Rational } from './domain/rational.js';
import { rankUnits } from './domain/ranking.js';
import { summarizeClusterYear } from './domain/summary.js';
import type {
  ClusterSummary,
  CriterionInput,
  MemberInput,
  ResultInput,
  RuleSetInput,
  StandingRow,
  UnitScore,
} from './domain/types.js';

/** A cluster-year computed as a whole: scores, ratings, ranking and summary. */
export interface ComputedClusterYear {
  readonly clusterYear: ClusterYear;
  readonly memberships: readonly Membership[];
  readonly criteria: readonly Criterion[];
  readonly criterionInputs: readonly CriterionInput[];
  readonly results: readonly Result[];
  readonly ruleSet: RuleSetInput;
  readonly maxTotal: Rational;
  readonly names: ReadonlyMap<number, string>;
  readonly units: readonly UnitScore[];
  readonly rows: readonly StandingRow[];
  readonly summary: ClusterSummary;
}

/**
 * One member's results (and veto, rating override) as they would be: a preview computes the
 * cluster-year with them in place of what is stored, writing nothing. `veto` / `ratingOverride`
 * undefined keep the stored ones, null removes them.
 */
export interface MemberReplacement {
  readonly clusterYearId: number;
  readonly unitId: number;
  readonly results: ReadonlyMap<string, ResultInput>;
  readonly veto?: MemberInput['veto'];
  readonly ratingOverride?: MemberInput['ratingOverride'];
}

/** The members with one of them replaced (see MemberReplacement). */
function replaceMember(members: MemberInput[], replacement: MemberReplacement | undefined): MemberInput[] {
  if (replacement === undefined) return members;
  return members.map((m) =>
    m.unitId !== replacement.unitId
      ? m
      : {
          ...m,
          results: replacement.results,
          veto: replacement.veto === undefined ? m.veto : replacement.veto,
          ratingOverride: replacement.ratingOverride === undefined ? m.ratingOverride : replacement.ratingOverride,
        },
  );
}

/**
 * Loads cluster-years in a few queries whatever their number (no N+1) and runs the pure domain
 * rules on them. Read-only.
 */
@Injectable()
export class StandingsCalculator {
  constructor(private readonly units: UnitsService) {}

  async compute(
    em: EntityManager,
    clusterYears: readonly ClusterYear[],
    replacement?: MemberReplacement,
  ): Promise<Map<number, ComputedClusterYear>> {
    const computed = new Map<number, ComputedClusterYear>();
    if (clusterYears.length === 0) return computed;
    const ids = clusterYears.map((cy) => cy.id);
    // One query at a time: inside a transaction they share one connection.
    const memberships = await em.find(Membership, { where: { clusterYearId: In(ids) }, order: { position: 'ASC' } });
    const criteria = await em.find(Criterion, { where: { clusterYearId: In(ids) }, order: { position: 'ASC' } });
    const criterionIds = criteria.map((c) => c.id);
    const targets =
      criterionIds.length === 0 ? [] : await em.find(Target, { where: { criterionId: In(criterionIds) } });
    const results =
      criterionIds.length === 0
        ? []
        : await em.find(Result, { where: { criterionId: In(criterionIds), period: 'year' } });
    const membershipsByYear = groupBy(memberships, (m) => m.clusterYearId);
    const criteriaByYear = groupBy(criteria, (c) => c.clusterYearId);
    const targetsByCriterion = groupBy(targets, (t) => t.criterionId);
    const resultsByCriterion = groupBy(results, (r) => r.criterionId);

    for (const [year, yearClusterYears] of groupBy(clusterYears, (cy) => cy.year)) {
      const unitIds = yearClusterYears.flatMap((cy) => (membershipsByYear.get(cy.id) ?? []).map((m) => m.unitId));
      const extra = yearClusterYears.flatMap((cy) =>
        [cy.headUnitId, cy.deputyUnitId, cy.nextHeadUnitId, cy.nextDeputyUnitId].filter(
          (id): id is number => id !== null,
        ),
      );
      const names = await this.units.namesInYear(em, [...unitIds, ...extra], year);
      const womenShares = await this.units.womenSharesInYear(em, unitIds, year);
      for (const clusterYear of yearClusterYears) {
        const yearMemberships = membershipsByYear.get(clusterYear.id) ?? [];
        const yearCriteria = criteriaByYear.get(clusterYear.id) ?? [];
        const inputs = criterionInputs(yearCriteria);
        const codeOf = new Map(yearCriteria.map((c) => [c.id, c.code]));
        const yearTargets = yearCriteria.flatMap((c) => targetsByCriterion.get(c.id) ?? []);
        const yearResults = yearCriteria.flatMap((c) => resultsByCriterion.get(c.id) ?? []);
        const targetsByUnit = groupBy(yearTargets, (t) => t.unitId);
        const resultsByUnit = groupBy(yearResults, (r) => r.unitId);
        const ruleSet = ruleSetOf(clusterYear);
        const stored: MemberInput[] = yearMemberships.map((m) => ({
          unitId: m.unitId,
          name: names.get(m.unitId) ?? '',
          active: m.leftOn === null,
          womenSharePercent: womenShares.get(m.unitId) ?? null,
          veto: m.vetoReason === null ? null : { reason: m.vetoReason },
          ratingOverride:
            m.ratingOverride === null ? null : { rating: m.ratingOverride, reason: m.ratingOverrideReason ?? '' },
          targets: new Map((targetsByUnit.get(m.unitId) ?? []).map((t) => [codeOf.get(t.criterionId) ?? '', t.value])),
          results: new Map(
            (resultsByUnit.get(m.unitId) ?? []).map((r) => [
              codeOf.get(r.criterionId) ?? '',
              { actual: r.actual, selfScore: r.selfScore, reviewedScore: r.reviewedScore },
            ]),
          ),
        }));
        const members = replaceMember(stored, replacement?.clusterYearId === clusterYear.id ? replacement : undefined);
        const units = computeClusterYear({ criteria: inputs, ruleSet, members });
        const rows = rankUnits(
          units,
          ruleSet.tieBreakers,
          new Map(members.map((m) => [m.unitId, m.womenSharePercent])),
        );
        computed.set(clusterYear.id, {
          clusterYear,
          memberships: yearMemberships,
          criteria: yearCriteria,
          criterionInputs: inputs,
          results: yearResults,
          ruleSet,
          maxTotal: effectiveMaxTotal(ruleSet, inputs),
          names,
          units,
          rows,
          summary: summarizeClusterYear(units, rows),
        });
      }
    }
    return computed;
  }

  /** A cluster-year and, when it exists, the same cluster's year before, computed together. */
  async computeWithPrevious(
    em: EntityManager,
    clusterYear: ClusterYear,
  ): Promise<{ current: ComputedClusterYear; previous: ComputedClusterYear | null }> {
    const previousYear = await em.findOne(ClusterYear, {
      where: { clusterId: clusterYear.clusterId, year: clusterYear.year - 1 },
    });
    const computed = await this.compute(em, previousYear ? [clusterYear, previousYear] : [clusterYear]);
    const current = computed.get(clusterYear.id);
    if (!current) throw new Error(`cluster-year ${clusterYear.id} was not computed`);
    return { current, previous: previousYear ? (computed.get(previousYear.id) ?? null) : null };
  }

  async computeOne(
    em: EntityManager,
    clusterYear: ClusterYear,
    replacement?: MemberReplacement,
  ): Promise<ComputedClusterYear> {
    const computed = (await this.compute(em, [clusterYear], replacement)).get(clusterYear.id);
    if (!computed) throw new Error(`cluster-year ${clusterYear.id} was not computed`);
    return computed;
  }
}
