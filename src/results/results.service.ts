import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { claimVersions, versionConflict } from '../common/versioning.js';
import type { Criterion } from '../covenants/criterion.entity.js';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import { ClusterYearsService, type ClusterYearData } from '../covenants/cluster-years.service.js';
import { Membership } from '../covenants/membership.entity.js';
import { validateResults, type ResultEntry } from '../standings/domain/results.js';
import { StandingsCalculator, type ComputedClusterYear } from '../standings/standings-calculator.service.js';
import { unitDetailsOf } from '../standings/cluster-year-view.js';
import { ComputedClusterYears } from '../standings/computed-cluster-years.service.js';
import { UnitsService } from '../units/units.service.js';
import type { PutResultsDto, ResultEntryDto, UnitResultsResponse } from './dto/results.dto.js';
import { decimalTransformer } from '../database/column-types.js';
import { insertMany } from '../database/insert-many.js';
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
   * The write path shared by PUT (one unit) and the workbook import (every changed unit): see
   * writeUnits.
   */
  async writeUnit(
    em: EntityManager,
    data: ClusterYearData,
    membership: Membership,
    dto: PutResultsDto,
    audit: { action?: AuditAction; reason?: string } = {},
  ): Promise<void> {
    await this.writeUnits(em, data, [{ membership, dto, reason: audit.reason ?? null }], { action: audit.action });
  }

  /**
   * Writes units' results, a batch of units at a time, each unit as PUT would: checks and bumps its
   * version (a stale one: 409 with the unit as it is now), validates with the pure rules, replaces
   * its results, keeps or sets the veto and rating override, and audits it (one entry per unit, the
   * before and after of the results). Per batch: one UPDATE claims the versions, one DELETE and a
   * few multi-row INSERTs replace the results, a few multi-row INSERTs write the audit entries; the
   * audit's "after" is what was written. `options.before`: what is stored for these units when the
   * caller has read it already in this transaction (storedResults), so that it is not read again.
   * Runs inside the caller's transaction, which has locked the year (findOrFailForUpdate), checked
   * it is open and loaded its data; a throw rolls everything back. Between batches other requests
   * get their turn.
   */
  async writeUnits(
    em: EntityManager,
    data: ClusterYearData,
    writes: readonly UnitWrite[],
    options: { action?: AuditAction; before?: ReadonlyMap<number, readonly StoredResult[]> } = {},
  ): Promise<void> {
    for (let i = 0; i < writes.length; i += UNITS_PER_WRITE) {
      if (i > 0) await setImmediate();
      await this.writeBatch(em, data, writes.slice(i, i + UNITS_PER_WRITE), options);
    }
  }

  private async writeBatch(
    em: EntityManager,
    data: ClusterYearData,
    writes: readonly UnitWrite[],
    options: { action?: AuditAction; before?: ReadonlyMap<number, readonly StoredResult[]> },
  ): Promise<void> {
    const { clusterId, year } = data.clusterYear;
    const unitIds = writes.map((w) => w.membership.unitId);
    const missing = unitIds.filter((id) => !options.before?.has(id));
    const read = missing.length === 0 ? new Map<number, StoredResult[]>() : await this.storedResults(em, data, missing);
    const before = (unitId: number): readonly StoredResult[] => options.before?.get(unitId) ?? read.get(unitId) ?? [];
    const beforeState = new Map(
      writes.map((w) => [w.membership.unitId, auditState(before(w.membership.unitId), w.membership)]),
    );
    const claimed = await claimVersions(
      em,
      Membership,
      writes.map((w) => ({ id: w.membership.id, expected: w.dto.version })),
    );
    // In the order given, as one unit after the other would: a stale version, then invalid values.
    for (const { membership, dto } of writes) {
      const version = claimed.get(membership.id);
      if (version === undefined) {
        throw versionConflict(
          'Kết quả của đơn vị',
          dto.version,
          await this.read(em, clusterId, year, membership.unitId),
        );
      }
      membership.version = version;
      this.validate(data.criteria, dto);
    }

    const idByCode = new Map(data.criteria.map((c) => [c.code, c.id]));
    if (data.criteria.length > 0) {
      await em.delete(Result, { unitId: In(unitIds), criterionId: In(data.criteria.map((c) => c.id)), period: 'year' });
    }
    const after = new Map<number, StoredResult[]>();
    const rows: Array<Omit<StoredResult, 'criterionCode'> & { criterionId: number; unitId: number; period: 'year' }> =
      [];
    for (const { membership, dto } of writes) {
      const written: StoredResult[] = [];
      for (const r of dto.results.filter(hasValue)) {
        const criterionId = idByCode.get(r.criterionCode);
        if (criterionId === undefined) throw new Error(`criterion ${r.criterionCode} not in the table`);
        const entry: StoredResult = {
          criterionId,
          criterionCode: r.criterionCode,
          actual: r.actual ?? null,
          selfScore: r.selfScore ?? null,
          reviewedScore: r.reviewedScore ?? null,
          note: r.note ?? null,
          reviewReason: r.reviewReason ?? null,
        };
        written.push(entry);
        const { criterionCode: _code, ...row } = entry;
        rows.push({ ...row, unitId: membership.unitId, period: 'year' });
      }
      after.set(membership.unitId, written.sort(byCriterion));
    }
    // Multi-row INSERTs: save() would insert and then reload each row, one query at a time, which
    // blocked the event loop for seconds during a large import on SQLite.
    await insertMany(em, Result, rows, RESULT_ROWS_PER_INSERT);
    for (const { membership, dto } of writes) {
      if (dto.veto === undefined && dto.ratingOverride === undefined) continue;
      if (dto.veto !== undefined) membership.vetoReason = dto.veto?.reason ?? null;
      if (dto.ratingOverride !== undefined) {
        membership.ratingOverride = dto.ratingOverride?.rating ?? null;
        membership.ratingOverrideReason = dto.ratingOverride?.reason ?? null;
      }
      await em.update(Membership, membership.id, {
        vetoReason: membership.vetoReason,
        ratingOverride: membership.ratingOverride,
        ratingOverrideReason: membership.ratingOverrideReason,
      });
    }
    await this.audit.recordMany(
      em,
      writes.map(({ membership, reason }) => ({
        action: options.action ?? 'update',
        entityType: 'results',
        entityId: `${clusterId}/${year}/${membership.unitId}`,
        clusterId,
        year,
        unitId: membership.unitId,
        before: beforeState.get(membership.unitId),
        after: auditState(after.get(membership.unitId) ?? [], membership),
        reason: reason ?? null,
      })),
    );
  }

  /**
   * What is stored for these member units' year, per unit id, by criterion id (the audit's order);
   * a few units per query (up to 2,000 rows), letting other requests in between.
   */
  async storedResults(
    em: EntityManager,
    data: ClusterYearData,
    unitIds: readonly number[],
  ): Promise<Map<number, StoredResult[]>> {
    const stored = new Map<number, StoredResult[]>(unitIds.map((id) => [id, []]));
    if (data.criteria.length === 0) return stored;
    const codeOf = new Map(data.criteria.map((c) => [c.id, c.code]));
    const criterionIds = data.criteria.map((c) => c.id);
    for (let i = 0; i < unitIds.length; i += STORED_UNITS_PER_READ) {
      if (i > 0) await setImmediate();
      // Plain rows, not entities: TypeORM's hydration was most of the time for 10,000 rows.
      const rows = await em
        .createQueryBuilder(Result, 'r')
        .select('r.unitId', 'unitId')
        .addSelect('r.criterionId', 'criterionId')
        .addSelect('r.actual', 'actual')
        .addSelect('r.selfScore', 'selfScore')
        .addSelect('r.reviewedScore', 'reviewedScore')
        .addSelect('r.note', 'note')
        .addSelect('r.reviewReason', 'reviewReason')
        .where('r.unitId IN (:...unitIds)', { unitIds: unitIds.slice(i, i + STORED_UNITS_PER_READ) })
        .andWhere('r.criterionId IN (:...criterionIds)', { criterionIds })
        .andWhere("r.period = 'year'")
        .orderBy('r.criterionId', 'ASC')
        .getRawMany<RawResult>();
      for (const row of rows) {
        const criterionId = Number(row.criterionId);
        stored.get(Number(row.unitId))?.push({
          criterionId,
          criterionCode: codeOf.get(criterionId) ?? '',
          actual: decimal(row.actual),
          selfScore: decimal(row.selfScore),
          reviewedScore: decimal(row.reviewedScore),
          note: row.note,
          reviewReason: row.reviewReason,
        });
      }
    }
    return stored;
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

/** One unit's results to write (see writeUnits); `reason` goes to its audit entry. */
export interface UnitWrite {
  readonly membership: Membership;
  readonly dto: PutResultsDto;
  readonly reason: string | null;
}

/** One stored result of a unit's year. */
export interface StoredResult extends ResultEntry {
  readonly criterionId: number;
  readonly note: string | null;
}

/** Units written per batch (one UPDATE, one DELETE, a few INSERTs), other requests let in between. */
const UNITS_PER_WRITE = 50;
/** Result rows per multi-row INSERT (9 values each). */
const RESULT_ROWS_PER_INSERT = 500;
/** Units whose stored results are read in one query (up to 100 rows each). */
const STORED_UNITS_PER_READ = 20;

/** A result row as the database answers it (PostgreSQL: decimals as strings). */
interface RawResult {
  readonly unitId: number | string;
  readonly criterionId: number | string;
  readonly actual: number | string | null;
  readonly selfScore: number | string | null;
  readonly reviewedScore: number | string | null;
  readonly note: string | null;
  readonly reviewReason: string | null;
}

/** A decimal as the entity reads it (decimalTransformer). */
const decimal = (value: number | string | null): number | null => decimalTransformer.from(value) as number | null;

const byCriterion = (a: StoredResult, b: StoredResult): number => a.criterionId - b.criterionId;

/** A unit's year as the audit trail records it (results by criterion id, veto, rating override). */
const auditState = (results: readonly StoredResult[], membership: Membership): unknown => ({
  results: results.map((r) => ({
    criterionCode: r.criterionCode,
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
});

/** What a membership stores besides the results: veto, rating override, version. */
const memberState = (m: Membership): Pick<UnitResultsResponse, 'veto' | 'ratingOverride' | 'version'> => ({
  veto: m.vetoReason === null ? null : { reason: m.vetoReason },
  ratingOverride: m.ratingOverride === null ? null : { rating: m.ratingOverride, reason: m.ratingOverrideReason ?? '' },
  version: m.version,
});

/** Whether an entry holds anything to store (an entry of nulls only clears the leaf). */
const hasValue = (r: ResultEntryDto): boolean =>
  [r.actual, r.selfScore, r.reviewedScore, r.note].some((v) => v !== null && v !== undefined);
