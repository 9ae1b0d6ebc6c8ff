import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import { formatDate } from '../standings/domain/format.js';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import type { Cluster } from '../clusters/cluster.entity.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { ComputedStore } from '../database/computed-store.js';
import { Result } from '../results/result.entity.js';
import { validateRuleSet, DEFAULT_RULE_SET } from '../standings/domain/rule-set.js';
import { validateScoringTable, validateTargetValue } from '../standings/domain/scoring-table.js';
import type { CriterionInput, RuleSetInput } from '../standings/domain/types.js';
import { UnitsService } from '../units/units.service.js';
import { ClusterYear } from './cluster-year.entity.js';
import { Criterion } from './criterion.entity.js';
import { criterionInput, mapClusterYear, ruleSetOf, ruleSetColumns } from './cluster-year.mapper.js';
import { groupBy } from '../common/group-by.js';
import type {
  ClusterYearResponse,
  CriterionDto,
  PutClusterYearDto,
  PutReportTextsDto,
} from './dto/cluster-year.dto.js';
import { Membership } from './membership.entity.js';
import { Target } from './target.entity.js';

/** A cluster-year as the hot read path sees it (ClusterYearsService.probe). */
export interface YearProbe extends Pick<
  ClusterYear,
  | 'id'
  | 'clusterId'
  | 'year'
  | 'status'
  | 'dataRevision'
  | 'headUnitId'
  | 'deputyUnitId'
  | 'nextHeadUnitId'
  | 'nextDeputyUnitId'
> {
  readonly cluster: Pick<Cluster, 'id' | 'code' | 'name' | 'kind'>;
}

/** Everything stored for one cluster-year, loaded in a handful of queries. */
export interface ClusterYearData {
  readonly clusterYear: ClusterYear;
  readonly memberships: Membership[];
  readonly criteria: Criterion[];
  readonly targets: Target[];
}

@Injectable()
export class ClusterYearsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusters: ClustersService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly store: ComputedStore,
  ) {}

  /** The year's set-up: from the stored read model while current (two queries), else loaded and stored. */
  async get(clusterId: number, year: number): Promise<ClusterYearResponse> {
    const em = this.dataSource.manager;
    const clusterYear = await this.findWithClusterOrFail(em, clusterId, year);
    const stored = (await this.store.read([clusterYear], 'setup')).get(clusterYear.id);
    if (stored !== undefined) {
      // The cluster's code and name are not part of the year (renaming a cluster does not touch it).
      const { code, name } = clusterYear.cluster;
      return { ...(JSON.parse(stored) as ClusterYearResponse), clusterCode: code, clusterName: name };
    }
    const response = await this.respond(em, clusterYear);
    this.store.write(clusterYear, { setup: JSON.stringify(response) });
    return response;
  }

  /** Creates or replaces the whole cluster-year. */
  async put(
    clusterId: number,
    year: number,
    dto: PutClusterYearDto,
  ): Promise<{ created: boolean; body: ClusterYearResponse }> {
    return this.dataSource.transaction(async (em) => {
      await this.clusters.findOrFail(em, clusterId);
      const existing = await this.findForUpdate(em, clusterId, year);
      let before: ClusterYearResponse | null = null;
      if (existing) {
        this.assertOpen(existing);
        before = await this.respond(em, existing);
        const version = await claimVersion(em, ClusterYear, existing.id, dto.version);
        if (version === null) {
          throw versionConflict(`Năm ${year} của cụm`, dto.version, await this.respond(em, existing));
        }
        existing.version = version;
      }
      const saved = await this.save(em, clusterId, year, dto, existing);
      const after = await this.respond(em, saved);
      await this.audit.record(em, {
        action: existing ? 'update' : 'create',
        entityType: 'cluster-year',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        before,
        after,
      });
      return { created: existing === null, body: after };
    });
  }

  /**
   * The texts of the year's documents (signer, strengths, shortcomings): a small write of its own,
   * so that a secretary can write them without resending the whole year. Same rules as PUT: the
   * version read, refused once the year is finalized, audited.
   */
  async putReportTexts(clusterId: number, year: number, dto: PutReportTextsDto): Promise<ClusterYearResponse> {
    return this.dataSource.transaction(async (em) => {
      const existing = await this.findOrFailForUpdate(em, clusterId, year);
      this.assertOpen(existing);
      const before = await this.respond(em, existing);
      const version = await claimVersion(em, ClusterYear, existing.id, dto.version);
      if (version === null) throw versionConflict(`Năm ${year} của cụm`, dto.version, before);
      await em.update(
        ClusterYear,
        { id: existing.id },
        {
          reportSignerName: dto.signerName ?? null,
          reportStrengths: dto.strengths ?? null,
          reportShortcomings: dto.shortcomings ?? null,
        },
      );
      const after = await this.respond(em, await this.findOrFail(em, clusterId, year));
      await this.audit.record(em, {
        action: 'update',
        entityType: 'cluster-year',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        before: { report: before.report },
        after: { report: after.report },
        reason: 'Người ký, ưu điểm, hạn chế của báo cáo tổng kết',
      });
      return after;
    });
  }

  /** Starts `year` as a copy of `prev`: members still in the cluster, head and deputy elected for it, rule set, scoring table and signed targets. */
  async copyFrom(clusterId: number, year: number, prev: number): Promise<ClusterYearResponse> {
    if (year === prev) {
      throw new AppException('VALIDATION_FAILED', 'Năm mới phải khác năm được sao chép.', {
        prev: ['phải khác năm đích'],
      });
    }
    return this.dataSource.transaction(async (em) => {
      await this.clusters.findOrFail(em, clusterId);
      const source = await this.findOrFail(em, clusterId, prev);
      if (await em.exists(ClusterYear, { where: { clusterId, year } })) {
        throw new AppException(
          'CLUSTER_YEAR_EXISTS',
          `Năm ${year} của cụm này đã có; sửa bằng PUT hoặc chọn năm khác.`,
        );
      }
      const data = await this.loadData(em, source);
      const members = data.memberships.filter((m) => m.leftOn === null).map((m) => m.unitId);
      const memberSet = new Set(members);
      const keep = (id: number | null): number | null => (id !== null && memberSet.has(id) ? id : null);
      const targetsByCriterion = groupBy(data.targets, (t) => t.criterionId);
      const byId = new Map(data.criteria.map((c) => [c.id, c]));
      const dto: PutClusterYearDto = {
        members,
        movements: [],
        headUnitId: keep(source.nextHeadUnitId),
        deputyUnitId: keep(source.nextDeputyUnitId),
        covenantDate: null,
        conferenceDate: null,
        nextHeadUnitId: null,
        nextDeputyUnitId: null,
        ruleSet: { ...ruleSetOf(source), tieBreakers: source.ruleTieBreakers.map((t) => ({ ...t })) },
        scoringTable: data.criteria.map((c) => ({
          ...criterionInput(c, byId),
          targets: (targetsByCriterion.get(c.id) ?? [])
            .filter((t) => memberSet.has(t.unitId))
            .map((t) => ({ unitId: t.unitId, value: t.value })),
        })),
      };
      const saved = await this.save(em, clusterId, year, dto, null);
      const after = await this.respond(em, saved);
      await this.audit.record(em, {
        action: 'copy',
        entityType: 'cluster-year',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        after,
        reason: `Sao chép từ năm ${prev}`,
      });
      return after;
    });
  }

  /**
   * The year's row, locked until the transaction ends on PostgreSQL (SELECT … FOR UPDATE), so that
   * "is it finalized?" and the write that follows cannot interleave with a finalize. SQLite runs one
   * writer at a time already.
   */
  async findForUpdate(em: EntityManager, clusterId: number, year: number): Promise<ClusterYear | null> {
    const postgres = em.connection.options.type === 'postgres';
    return em.findOne(ClusterYear, {
      where: { clusterId, year },
      ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** As findOrFail, locking the row for the rest of the transaction (see findForUpdate). */
  async findOrFailForUpdate(em: EntityManager, clusterId: number, year: number): Promise<ClusterYear> {
    return (await this.findForUpdate(em, clusterId, year)) ?? this.findOrFail(em, clusterId, year);
  }

  async findOrFail(em: EntityManager, clusterId: number, year: number): Promise<ClusterYear> {
    const clusterYear = await em.findOne(ClusterYear, { where: { clusterId, year } });
    if (clusterYear) return clusterYear;
    const cluster = await this.clusters.findOrFail(em, clusterId);
    throw new AppException('CLUSTER_YEAR_NOT_FOUND', `"${cluster.name}" chưa có dữ liệu năm ${year}.`);
  }

  /**
   * What a read of stored figures needs of a year and the year before (each when it exists), in one
   * raw query whose text never changes (the hot path of standings and summary reads).
   */
  async probe(clusterId: number, year: number): Promise<YearProbe[]> {
    const p = this.dataSource.options.type === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    return this.probeWhere(`cy.cluster_id = ${p[0]} AND cy.year IN (${p[1]}, ${p[2]})`, [clusterId, year, year - 1]);
  }

  /** The same of every cluster's year `year` (the organizer's overview), in one query. */
  async probeYear(year: number): Promise<YearProbe[]> {
    return this.probeWhere(`cy.year = ${this.dataSource.options.type === 'postgres' ? '$1' : '?'}`, [year]);
  }

  private async probeWhere(where: string, parameters: readonly number[]): Promise<YearProbe[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT cy.id, cy.cluster_id, cy.year, cy.status, cy.data_revision, cy.head_unit_id, cy.deputy_unit_id,
         cy.next_head_unit_id, cy.next_deputy_unit_id, c.code AS cluster_code, c.name AS cluster_name,
         c.kind AS cluster_kind
       FROM cluster_year cy JOIN cluster c ON c.id = cy.cluster_id
       WHERE ${where}`,
      [...parameters],
    );
    const id = (value: unknown): number | null => (value === null ? null : Number(value));
    return rows.map((r) => {
      const clusterId = Number(r.cluster_id);
      return {
        id: Number(r.id),
        clusterId,
        year: Number(r.year),
        status: r.status as ClusterYear['status'],
        dataRevision: Number(r.data_revision),
        headUnitId: id(r.head_unit_id),
        deputyUnitId: id(r.deputy_unit_id),
        nextHeadUnitId: id(r.next_head_unit_id),
        nextDeputyUnitId: id(r.next_deputy_unit_id),
        cluster: {
          id: clusterId,
          code: String(r.cluster_code),
          name: String(r.cluster_name),
          kind: r.cluster_kind as Cluster['kind'],
        },
      };
    });
  }

  /** The cluster-year with its cluster, in one query; 404 as findOrFail. */
  async findWithClusterOrFail(em: EntityManager, clusterId: number, year: number): Promise<ClusterYear> {
    const clusterYear = await em
      .createQueryBuilder(ClusterYear, 'cy')
      .innerJoinAndSelect('cy.cluster', 'cluster')
      .where('cy.clusterId = :clusterId AND cy.year = :year', { clusterId, year })
      .getOne();
    return clusterYear ?? this.findOrFail(em, clusterId, year);
  }

  /** A finalized year stays as the conference adopted it: every write is refused (409). */
  assertOpen(clusterYear: ClusterYear): void {
    if (clusterYear.status === 'finalized') {
      const when = clusterYear.finalizedAt
        ? ` ngày ${formatDate(clusterYear.finalizedAt.toISOString().slice(0, 10))}`
        : '';
      const who = clusterYear.finalizedBy ? ` (${clusterYear.finalizedBy})` : '';
      throw new AppException(
        'CLUSTER_YEAR_FINALIZED',
        `Năm ${clusterYear.year} đã chốt kết quả${when}${who}; không thể sửa. Quản trị có thể mở lại với lý do.`,
      );
    }
  }

  async loadData(em: EntityManager, clusterYear: ClusterYear): Promise<ClusterYearData> {
    // One query at a time: inside a transaction they share one connection.
    const memberships = await em.find(Membership, {
      where: { clusterYearId: clusterYear.id },
      order: { position: 'ASC' },
    });
    const criteria = await em.find(Criterion, { where: { clusterYearId: clusterYear.id }, order: { position: 'ASC' } });
    const targets =
      criteria.length === 0 ? [] : await em.find(Target, { where: { criterionId: In(criteria.map((c) => c.id)) } });
    return { clusterYear, memberships, criteria, targets };
  }

  private async respond(em: EntityManager, clusterYear: ClusterYear): Promise<ClusterYearResponse> {
    const data = await this.loadData(em, clusterYear);
    const joined = clusterYear.cluster as Cluster | undefined; // loaded with the year by get()
    const cluster = joined ?? (await this.clusters.findOrFail(em, clusterYear.clusterId));
    const ids = [
      ...data.memberships.map((m) => m.unitId),
      ...[
        clusterYear.headUnitId,
        clusterYear.deputyUnitId,
        clusterYear.nextHeadUnitId,
        clusterYear.nextDeputyUnitId,
      ].filter((id): id is number => id !== null),
    ];
    const names = await this.units.namesInYear(em, ids, clusterYear.year);
    return mapClusterYear(cluster, data, names);
  }

  private async save(
    em: EntityManager,
    clusterId: number,
    year: number,
    dto: PutClusterYearDto,
    existing: ClusterYear | null,
  ): Promise<ClusterYear> {
    const ruleSet: RuleSetInput = dto.ruleSet
      ? {
          thresholds: dto.ruleSet.thresholds,
          vetoCap: dto.ruleSet.vetoCap,
          tieBreakers: dto.ruleSet.tieBreakers.map((t) =>
            t.kind === 'group-score' ? { kind: t.kind, criterionCode: t.criterionCode ?? '' } : { kind: t.kind },
          ),
          displayDecimals: dto.ruleSet.displayDecimals,
          maxTotal: dto.ruleSet.maxTotal ?? null,
        }
      : existing
        ? ruleSetOf(existing)
        : DEFAULT_RULE_SET;
    const criteria = dto.scoringTable.map(toCriterionInput);
    this.validate(year, dto, ruleSet, criteria);

    const allUnitIds = [
      ...dto.members,
      ...[dto.headUnitId, dto.deputyUnitId, dto.nextHeadUnitId, dto.nextDeputyUnitId].filter(
        (id): id is number => id !== null && id !== undefined,
      ),
    ];
    await this.units.assertExist(em, allUnitIds, (i) =>
      i < dto.members.length ? `members[${i}]` : 'headUnitId/deputyUnitId/nextHeadUnitId/nextDeputyUnitId',
    );
    this.checkLeadership(dto);

    const clusterYear = existing ?? em.create(ClusterYear, { clusterId, year, status: 'open' });
    Object.assign(clusterYear, {
      headUnitId: dto.headUnitId ?? null,
      deputyUnitId: dto.deputyUnitId ?? null,
      covenantDate: dto.covenantDate ?? null,
      conferenceDate: dto.conferenceDate ?? null,
      nextHeadUnitId: dto.nextHeadUnitId ?? null,
      nextDeputyUnitId: dto.nextDeputyUnitId ?? null,
      ...ruleSetColumns(ruleSet),
    });
    const saved = await em.save(clusterYear);
    const before = existing ? await this.loadData(em, saved) : { memberships: [], criteria: [], targets: [] };
    await this.saveMembers(em, saved, dto, before.memberships);
    const criterionIds = await this.saveCriteria(em, saved, dto.scoringTable, before.criteria);
    if (before.targets.length > 0) await em.delete(Target, { id: In(before.targets.map((t) => t.id)) });
    const targets = dto.scoringTable.flatMap((c) =>
      (c.targets ?? []).map((t) =>
        em.create(Target, { criterionId: criterionIds.get(c.code), unitId: t.unitId, value: t.value }),
      ),
    );
    await em.save(targets, { chunk: 200 });
    return saved;
  }

  /** Every problem of the body that needs no database, reported at once (400). */
  private validate(year: number, dto: PutClusterYearDto, ruleSet: RuleSetInput, criteria: CriterionInput[]): void {
    const errors: FieldErrors = {};
    const members = new Set<number>();
    dto.members.forEach((id, i) => {
      if (members.has(id)) addFieldError(errors, `members[${i}]`, `đơn vị ${id} bị lặp`);
      members.add(id);
    });
    const moved = new Set<number>();
    (dto.movements ?? []).forEach((m, i) => {
      const path = `movements[${i}]`;
      if (!members.has(m.unitId))
        addFieldError(errors, `${path}.unitId`, `đơn vị ${m.unitId} không có trong "members"`);
      if (moved.has(m.unitId)) addFieldError(errors, `${path}.unitId`, `đơn vị ${m.unitId} bị lặp`);
      moved.add(m.unitId);
      for (const field of ['joinedOn', 'leftOn'] as const) {
        const value = m[field];
        if (value && !value.startsWith(`${year}-`))
          addFieldError(errors, `${path}.${field}`, `phải là một ngày trong năm ${year}`);
      }
      if (m.joinedOn && m.leftOn && m.leftOn < m.joinedOn)
        addFieldError(errors, `${path}.leftOn`, 'phải sau ngày vào cụm');
    });
    for (const problem of validateScoringTable(criteria)) {
      const path =
        problem.index === null
          ? 'scoringTable'
          : `scoringTable[${problem.index}]${problem.field ? `.${problem.field}` : ''}`;
      addFieldError(errors, path, problem.message);
    }
    for (const problem of validateRuleSet(ruleSet, criteria))
      addFieldError(errors, `ruleSet.${problem.field}`, problem.message);
    dto.scoringTable.forEach((c, i) => {
      const criterion = criteria[i];
      const seen = new Set<number>();
      (c.targets ?? []).forEach((t, j) => {
        const path = `scoringTable[${i}].targets[${j}]`;
        if (criterion.kind !== 'target') {
          addFieldError(errors, path, `Tiêu chí "${c.code}" không phải chỉ tiêu: không có giá trị ký kết`);
          return;
        }
        if (!members.has(t.unitId))
          addFieldError(errors, `${path}.unitId`, `đơn vị ${t.unitId} không phải thành viên năm ${year}`);
        if (seen.has(t.unitId))
          addFieldError(errors, `${path}.unitId`, `đơn vị ${t.unitId} đã có chỉ tiêu cho tiêu chí này`);
        seen.add(t.unitId);
        const problem = validateTargetValue(criterion, t.value);
        if (problem) addFieldError(errors, `${path}.value`, problem);
      });
    });
    throwIfFieldErrors(errors, 'Dữ liệu năm của cụm không hợp lệ: xem từng trường trong "errors".');
  }

  /** Head and deputy must be members and differ; so must next year's. */
  private checkLeadership(dto: PutClusterYearDto): void {
    const members = new Set(dto.members);
    const errors: FieldErrors = {};
    for (const [field, label] of [
      ['headUnitId', 'Cụm trưởng'],
      ['deputyUnitId', 'Cụm phó'],
    ] as const) {
      const id = dto[field];
      if (id !== null && id !== undefined && !members.has(id)) {
        addFieldError(errors, field, `${label} (đơn vị ${id}) phải là thành viên của cụm trong năm`);
      }
    }
    if (dto.headUnitId != null && dto.headUnitId === dto.deputyUnitId) {
      addFieldError(errors, 'deputyUnitId', 'Cụm phó phải khác cụm trưởng');
    }
    if (dto.nextHeadUnitId != null && dto.nextHeadUnitId === dto.nextDeputyUnitId) {
      addFieldError(errors, 'nextDeputyUnitId', 'Cụm phó năm sau phải khác cụm trưởng năm sau');
    }
    if (Object.keys(errors).length > 0) {
      throw new AppException('UNIT_NOT_MEMBER', Object.values(errors).flat().join('; ') + '.', errors);
    }
  }

  private async saveMembers(
    em: EntityManager,
    clusterYear: ClusterYear,
    dto: PutClusterYearDto,
    before: readonly Membership[],
  ): Promise<void> {
    const members = new Set(dto.members);
    const removed = before.filter((m) => !members.has(m.unitId));
    if (removed.length > 0) {
      const withResults = await this.unitsWithResults(
        em,
        clusterYear,
        removed.map((m) => m.unitId),
      );
      if (withResults.length > 0) {
        const names = await this.units.namesInYear(em, withResults, clusterYear.year);
        throw new AppException(
          'CLUSTER_YEAR_CONFLICT',
          `Không thể bỏ khỏi cụm đơn vị đã có kết quả: ${withResults.map((id) => `${names.get(id)} (${id})`).join(', ')}. ` +
            'Xóa kết quả của đơn vị trước, hoặc ghi ngày rời cụm trong "movements".',
        );
      }
      await em.delete(Membership, { id: In(removed.map((m) => m.id)) });
    }
    const byUnit = new Map(before.map((m) => [m.unitId, m]));
    const movements = new Map((dto.movements ?? []).map((m) => [m.unitId, m]));
    const rows = dto.members.map((unitId, position) => {
      const row =
        byUnit.get(unitId) ??
        em.create(Membership, {
          clusterYearId: clusterYear.id,
          unitId,
          vetoReason: null,
          ratingOverride: null,
          ratingOverrideReason: null,
        });
      row.position = position + 1;
      row.joinedOn = movements.get(unitId)?.joinedOn ?? null;
      row.leftOn = movements.get(unitId)?.leftOn ?? null;
      return row;
    });
    await em.save(rows, { chunk: 200 });
  }

  /** Matches criteria by code: updates those kept, adds new ones, removes the rest (refused where results exist). */
  private async saveCriteria(
    em: EntityManager,
    clusterYear: ClusterYear,
    table: readonly CriterionDto[],
    before: readonly Criterion[],
  ): Promise<Map<string, number>> {
    const codes = new Set(table.map((c) => c.code));
    const removed = before.filter((c) => !codes.has(c.code));
    if (removed.length > 0) {
      const used = await em.find(Result, {
        select: { criterionId: true },
        where: { criterionId: In(removed.map((c) => c.id)) },
      });
      if (used.length > 0) {
        const usedCodes = [...new Set(used.map((r) => removed.find((c) => c.id === r.criterionId)?.code))];
        throw new AppException(
          'CLUSTER_YEAR_CONFLICT',
          `Không thể bỏ tiêu chí đã có kết quả: ${usedCodes.join(', ')}. Xóa các kết quả đó trước.`,
        );
      }
      await em.update(Criterion, { clusterYearId: clusterYear.id }, { parentId: null });
      await em.delete(Target, { criterionId: In(removed.map((c) => c.id)) });
      await em.delete(Criterion, { id: In(removed.map((c) => c.id)) });
    }
    const byCode = new Map(before.map((c) => [c.code, c]));
    const rows = table.map((dto, index) => {
      const row = byCode.get(dto.code) ?? em.create(Criterion, { clusterYearId: clusterYear.id, code: dto.code });
      const { parentCode: _parentCode, ...fields } = toCriterionInput(dto);
      Object.assign(row, { ...fields, position: index + 1, parentId: null });
      return row;
    });
    const saved = await em.save(rows, { chunk: 200 });
    const ids = new Map(saved.map((c) => [c.code, c.id]));
    const withParent = saved.filter((c, i) => {
      const parentCode = table[i].parentCode;
      if (!parentCode) return false;
      c.parentId = ids.get(parentCode) ?? null;
      return true;
    });
    if (withParent.length > 0) await em.save(withParent, { chunk: 200 });
    return ids;
  }

  /**
   * The members and criteria of a year that results are stored for: the year's set-up cannot remove
   * them (the page says so beside each one instead of after a refused save). One query.
   */
  async usedByResults(clusterId: number, year: number): Promise<{ unitIds: number[]; criterionCodes: string[] }> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(Result, 'r')
      .select('r.unit_id', 'unitId')
      .addSelect('c.code', 'code')
      .distinct(true)
      .innerJoin(Criterion, 'c', 'c.id = r.criterion_id')
      .innerJoin(ClusterYear, 'cy', 'cy.id = c.cluster_year_id')
      .where('cy.cluster_id = :clusterId AND cy.year = :year', { clusterId, year })
      .getRawMany<{ unitId: number | string; code: string }>();
    return {
      unitIds: [...new Set(rows.map((r) => Number(r.unitId)))],
      criterionCodes: [...new Set(rows.map((r) => r.code))],
    };
  }

  private async unitsWithResults(
    em: EntityManager,
    clusterYear: ClusterYear,
    unitIds: readonly number[],
  ): Promise<number[]> {
    const rows = await em
      .createQueryBuilder(Result, 'r')
      .select('DISTINCT r.unit_id', 'unitId')
      .innerJoin(Criterion, 'c', 'c.id = r.criterion_id')
      .where('c.cluster_year_id = :id', { id: clusterYear.id })
      .andWhere('r.unit_id IN (:...unitIds)', { unitIds })
      .getRawMany<{ unitId: number }>();
    return rows.map((r) => Number(r.unitId));
  }
}

function toCriterionInput(dto: CriterionDto): CriterionInput {
  return {
    code: dto.code,
    title: dto.title,
    parentCode: dto.parentCode ?? null,
    maxPoints: dto.maxPoints ?? null,
    kind: dto.kind ?? null,
    method: dto.method ?? null,
    direction: dto.direction ?? null,
    defaultTarget: dto.defaultTarget ?? null,
    unitOfMeasure: dto.unitOfMeasure ?? null,
    pointsPerOccurrence: dto.pointsPerOccurrence ?? null,
  };
}
