import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { Membership } from '../covenants/membership.entity.js';
import { groupMaximum } from '../standings/domain/scoring-table.js';
import { validateResults } from '../standings/domain/results.js';
import { StandingsCalculator } from '../standings/standings-calculator.service.js';
import { UnitsService } from '../units/units.service.js';
import type { PutResultsDto, UnitResultsResponse } from './dto/results.dto.js';
import { Result } from './result.entity.js';
import { criterionInputs } from '../covenants/cluster-year.mapper.js';

@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusterYears: ClusterYearsService,
    private readonly calculator: StandingsCalculator,
    private readonly units: UnitsService,
  ) {}

  async get(clusterId: number, year: number, unitId: number): Promise<UnitResultsResponse> {
    return this.read(this.dataSource.manager, clusterId, year, unitId);
  }

  /** Replaces all of one unit's results for the year (and its veto / rating override when given). */
  async put(clusterId: number, year: number, unitId: number, dto: PutResultsDto): Promise<UnitResultsResponse> {
    return this.dataSource.transaction(async (em) => {
      const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
      this.clusterYears.assertOpen(clusterYear);
      const membership = await this.membershipOrFail(em, clusterYear.id, unitId, year);
      const data = await this.clusterYears.loadData(em, clusterYear);
      const inputs = criterionInputs(data.criteria);
      const errors: FieldErrors = {};
      const problems = validateResults(
        inputs,
        dto.results.map((r) => ({
          criterionCode: r.criterionCode,
          actual: r.actual ?? null,
          selfScore: r.selfScore ?? null,
          reviewedScore: r.reviewedScore ?? null,
          reviewReason: r.reviewReason ?? null,
        })),
      );
      for (const problem of problems)
        addFieldError(errors, `results[${problem.index}].${problem.field}`, problem.message);
      throwIfFieldErrors(errors, 'Kết quả không hợp lệ: xem từng tiêu chí trong "errors".');

      const idByCode = new Map(data.criteria.map((c) => [c.code, c.id]));
      if (data.criteria.length > 0) {
        await em.delete(Result, { unitId, criterionId: In(data.criteria.map((c) => c.id)), period: 'year' });
      }
      const rows = dto.results
        .filter((r) => [r.actual, r.selfScore, r.reviewedScore, r.note].some((v) => v !== null && v !== undefined))
        .map((r) =>
          em.create(Result, {
            criterionId: idByCode.get(r.criterionCode),
            unitId,
            period: 'year',
            actual: r.actual ?? null,
            selfScore: r.selfScore ?? null,
            reviewedScore: r.reviewedScore ?? null,
            note: r.note ?? null,
            reviewReason: r.reviewReason ?? null,
          }),
        );
      await em.save(rows, { chunk: 200 });
      if (dto.veto !== undefined) membership.vetoReason = dto.veto?.reason ?? null;
      if (dto.ratingOverride !== undefined) {
        membership.ratingOverride = dto.ratingOverride?.rating ?? null;
        membership.ratingOverrideReason = dto.ratingOverride?.reason ?? null;
      }
      await em.save(membership);
      return this.read(em, clusterId, year, unitId);
    });
  }

  private async membershipOrFail(
    em: EntityManager,
    clusterYearId: number,
    unitId: number,
    year: number,
  ): Promise<Membership> {
    const membership = await em.findOne(Membership, { where: { clusterYearId, unitId } });
    if (membership) return membership;
    await this.units.assertExist(em, [unitId], () => 'unitId');
    const errors: FieldErrors = {};
    addFieldError(errors, 'unitId', `đơn vị ${unitId} không phải thành viên của cụm năm ${year}`);
    throw new AppException(
      'UNIT_NOT_MEMBER',
      `Đơn vị mã số ${unitId} không phải thành viên của cụm trong năm ${year}.`,
      errors,
    );
  }

  private async read(em: EntityManager, clusterId: number, year: number, unitId: number): Promise<UnitResultsResponse> {
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const membership = await this.membershipOrFail(em, clusterYear.id, unitId, year);
    const computed = await this.calculator.computeOne(em, clusterYear);
    const unit = computed.units.find((u) => u.unitId === unitId);
    const row = computed.rows.find((r) => r.unitId === unitId);
    if (!unit || !row) throw new Error(`unit ${unitId} missing from its cluster-year`);
    const byCode = new Map(computed.criteria.map((c) => [c.code, c]));
    const inputs = new Map(computed.criterionInputs.map((c) => [c.code, c]));
    const stored = new Map(computed.results.filter((r) => r.unitId === unitId).map((r) => [r.criterionId, r] as const));
    return {
      clusterId,
      year,
      unitId,
      name: unit.name,
      rank: row.rank,
      total: unit.total,
      base: unit.base,
      bonus: unit.bonus,
      penalty: unit.penalty,
      targetsMet: unit.targetsMet,
      targetsSigned: unit.targetsSigned,
      computedRating: unit.computedRating,
      rating: unit.rating,
      veto: membership.vetoReason === null ? null : { reason: membership.vetoReason },
      ratingOverride:
        membership.ratingOverride === null
          ? null
          : { rating: membership.ratingOverride, reason: membership.ratingOverrideReason ?? '' },
      groups: [...unit.groups].map(([code, score]) => ({
        code,
        title: byCode.get(code)?.title ?? '',
        score,
        maxPoints: groupMaximum(computed.criterionInputs, code),
      })),
      results: unit.leaves.map((leaf) => {
        const criterion = byCode.get(leaf.code);
        const input = inputs.get(leaf.code);
        const result = criterion ? stored.get(criterion.id) : undefined;
        return {
          criterionCode: leaf.code,
          title: criterion?.title ?? '',
          parentCode: input?.parentCode ?? null,
          kind: leaf.kind,
          method: criterion?.method ?? '',
          direction: criterion?.direction ?? null,
          unitOfMeasure: criterion?.unitOfMeasure ?? null,
          maxPoints: leaf.maxPoints,
          target: leaf.target,
          actual: leaf.actual,
          met: leaf.met,
          computed: leaf.computed,
          selfScore: leaf.selfScore,
          reviewedScore: leaf.reviewedScore,
          final: leaf.final,
          source: leaf.source,
          note: result?.note ?? null,
          reviewReason: result?.reviewReason ?? null,
        };
      }),
    };
  }
}
