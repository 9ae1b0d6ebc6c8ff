import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import type { Criterion } from '../covenants/criterion.entity.js';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import { ClusterYearsService, type ClusterYearData } from '../covenants/cluster-years.service.js';
import { Membership } from '../covenants/membership.entity.js';
import { validateResults } from '../standings/domain/results.js';
import { StandingsCalculator, type ComputedClusterYear } from '../standings/standings-calculator.service.js';
import { unitDetailsOf } from '../standings/cluster-year-view.js';
import { ComputedClusterYears } from '../standings/computed-cluster-years.service.js';
import { UnitsService } from '../units/units.service.js';
import type { PutResultsDto, ResultEntryDto, UnitResultsResponse } from './dto/results.dto.js';
import { Result } from './result.entity.js';
import { criterionInputs } from '../covenants/cluster-year.mapper.js';

@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusterYears: ClusterYearsService,
    private readonly calculator: StandingsCalculator,
    private readonly computedYears: ComputedClusterYears,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  async get(clusterId: number, year: number, unitId: number): Promise<UnitResultsResponse> {
    return this.read(this.dataSource.manager, clusterId, year, unitId);
  }

  /** Replaces all of one unit's results for the year (and its veto / rating override when given). */
  async put(clusterId: number, year: number, unitId: number, dto: PutResultsDto): Promise<UnitResultsResponse> {
    return this.dataSource.transaction(async (em) => {
      const clusterYear = await this.clusterYears.findOrFailForUpdate(em, clusterId, year);
      this.clusterYears.assertOpen(clusterYear);
      const membership = await this.membershipOrFail(em, clusterYear.id, unitId, year);
      const data = await this.clusterYears.loadData(em, clusterYear);
      await this.writeUnit(em, data, membership, dto);
      return this.read(em, clusterId, year, unitId);
    });
  }

  /**
   * What PUT would make of these values (points, total, rating, rank), computed with the unit's
   * results replaced in memory: the same checks as PUT (an open year, a member, valid values),
   * nothing written, nothing audited. The version is not checked: the answer carries the stored
   * one, so a page can tell that someone else has saved meanwhile.
   */
  async preview(clusterId: number, year: number, unitId: number, dto: PutResultsDto): Promise<UnitResultsResponse> {
    const em = this.dataSource.manager;
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    this.clusterYears.assertOpen(clusterYear);
    const membership = await this.membershipOrFail(em, clusterYear.id, unitId, year);
    const data = await this.clusterYears.loadData(em, clusterYear);
    this.validate(data.criteria, dto);
    const entered = dto.results.filter(hasValue);
    const computed = await this.calculator.computeOne(em, clusterYear, {
      clusterYearId: clusterYear.id,
      unitId,
      results: new Map(
        entered.map((r) => [
          r.criterionCode,
          { actual: r.actual ?? null, selfScore: r.selfScore ?? null, reviewedScore: r.reviewedScore ?? null },
        ]),
      ),
      ...(dto.veto === undefined ? {} : { veto: dto.veto === null ? null : { reason: dto.veto.reason } }),
      ...(dto.ratingOverride === undefined
        ? {}
        : {
            ratingOverride:
              dto.ratingOverride === null
                ? null
                : { rating: dto.ratingOverride.rating, reason: dto.ratingOverride.reason },
          }),
    });
    const texts = new Map(
      entered.map((r) => [r.criterionCode, { note: r.note ?? null, reviewReason: r.reviewReason ?? null }]),
    );
    const stored = memberState(membership);
    return this.respond(
      computed,
      {
        version: stored.version,
        veto: dto.veto === undefined ? stored.veto : dto.veto,
        ratingOverride: dto.ratingOverride === undefined ? stored.ratingOverride : dto.ratingOverride,
      },
      unitId,
      texts,
    );
  }

  /**
   * The per-unit write path shared by PUT and the workbook import: checks and bumps the unit's
   * version, validates with the pure rules, replaces the unit's results, keeps or sets the veto and
   * rating override, and audits. Runs inside the caller's transaction, which has locked the year
   * (findOrFailForUpdate), checked it is open and loaded its data; a throw rolls everything back.
   */
  async writeUnit(
    em: EntityManager,
    data: ClusterYearData,
    membership: Membership,
    dto: PutResultsDto,
    audit: { action?: AuditAction; reason?: string } = {},
  ): Promise<void> {
    const { clusterId, year } = data.clusterYear;
    const unitId = membership.unitId;
    const before = await this.stored(em, membership, data.criteria);
    const version = await claimVersion(em, Membership, membership.id, dto.version);
    if (version === null) {
      throw versionConflict('Kết quả của đơn vị', dto.version, await this.read(em, clusterId, year, unitId));
    }
    membership.version = version;
    this.validate(data.criteria, dto);

    const idByCode = new Map(data.criteria.map((c) => [c.code, c.id]));
    if (data.criteria.length > 0) {
      await em.delete(Result, { unitId, criterionId: In(data.criteria.map((c) => c.id)), period: 'year' });
    }
    const rows = dto.results.filter(hasValue).map((r) =>
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
    // One multi-row INSERT per 200 rows: save() would insert and then reload each row, one query
    // at a time, which blocked the event loop for seconds during a large import on SQLite.
    for (let i = 0; i < rows.length; i += 200) await em.insert(Result, rows.slice(i, i + 200));
    if (dto.veto !== undefined) membership.vetoReason = dto.veto?.reason ?? null;
    if (dto.ratingOverride !== undefined) {
      membership.ratingOverride = dto.ratingOverride?.rating ?? null;
      membership.ratingOverrideReason = dto.ratingOverride?.reason ?? null;
    }
    await em.save(membership);
    await this.audit.record(em, {
      action: audit.action ?? 'update',
      entityType: 'results',
      entityId: `${clusterId}/${year}/${unitId}`,
      clusterId,
      year,
      unitId,
      before,
      after: await this.stored(em, membership, data.criteria),
      reason: audit.reason ?? null,
    });
  }

  /** What is stored for a unit's year, as the audit trail records it. */
  private async stored(em: EntityManager, membership: Membership, criteria: readonly Criterion[]): Promise<unknown> {
    const codeOf = new Map(criteria.map((c) => [c.id, c.code]));
    const rows =
      criteria.length === 0
        ? []
        : await em.find(Result, {
            where: { unitId: membership.unitId, criterionId: In(criteria.map((c) => c.id)), period: 'year' },
            order: { criterionId: 'ASC' },
          });
    return {
      results: rows.map((r) => ({
        criterionCode: codeOf.get(r.criterionId),
        actual: r.actual,
        selfScore: r.selfScore,
        reviewedScore: r.reviewedScore,
        note: r.note,
        reviewReason: r.reviewReason,
      })),
      veto: membership.vetoReason === null ? null : { reason: membership.vetoReason },
      ratingOverride:
        membership.ratingOverride === null
          ? null
          : { rating: membership.ratingOverride, reason: membership.ratingOverrideReason },
    };
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
    const detail = await this.computedYears.unitDetail(clusterYear, unitId, em);
    if (detail === null) throw new Error(`unit ${unitId} missing from its cluster-year`);
    return { ...detail, ...memberState(membership) };
  }

  /** The same checks as the pure rules say, as field errors of the request (results[i].field). */
  private validate(criteria: readonly Criterion[], dto: PutResultsDto): void {
    const errors: FieldErrors = {};
    const problems = validateResults(
      criterionInputs(criteria),
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
  }

  /** A unit's scores in a computed cluster-year (a preview), with the texts entered per leaf code. */
  private respond(
    computed: ComputedClusterYear,
    state: Pick<UnitResultsResponse, 'veto' | 'ratingOverride' | 'version'>,
    unitId: number,
    texts: ReadonlyMap<string, { note: string | null; reviewReason: string | null }>,
  ): UnitResultsResponse {
    const [detail] = unitDetailsOf(computed, new Set([unitId]));
    if (detail === undefined) throw new Error(`unit ${unitId} missing from its cluster-year`);
    return {
      ...detail,
      ...state,
      results: detail.results.map((r) => ({
        ...r,
        note: texts.get(r.criterionCode)?.note ?? null,
        reviewReason: texts.get(r.criterionCode)?.reviewReason ?? null,
      })),
    };
  }
}

/** What a membership stores besides the results: veto, rating override, version. */
const memberState = (m: Membership): Pick<UnitResultsResponse, 'veto' | 'ratingOverride' | 'version'> => ({
  veto: m.vetoReason === null ? null : { reason: m.vetoReason },
  ratingOverride: m.ratingOverride === null ? null : { rating: m.ratingOverride, reason: m.ratingOverrideReason ?? '' },
  version: m.version,
});

/** Whether an entry holds anything to store (an entry of nulls only clears the leaf). */
const hasValue = (r: ResultEntryDto): boolean =>
  [r.actual, r.selfScore, r.reviewedScore, r.note].some((v) => v !== null && v !== undefined);
