import { createHash } from 'node:crypto';
import { asciiFileName } from '../common/xlsx-file.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Cluster } from '../clusters/cluster.entity.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AppException, type FieldErrors } from '../common/app-exception.js';
import { criterionInputs } from '../covenants/cluster-year.mapper.js';
import { ClusterYearsService, type ClusterYearData } from '../covenants/cluster-years.service.js';
import { Result } from '../results/result.entity.js';
import { ResultsService } from '../results/results.service.js';
import { formatDate } from '../standings/domain/format.js';
import { UnitsService } from '../units/units.service.js';
import type { WorkbookMarkers } from './domain/entry-layout.js';
import { planImport, type ImportedResult, type ImportMember, type ImportPlan } from './domain/import-plan.js';
import type { ImportResponse } from './dto/imports.dto.js';
import { buildEntryWorkbook } from './entry-workbook.js';
import { markProblems } from './error-workbook.js';
import { readEntryWorkbook, type EntryWorkbookContent } from './read-entry-workbook.js';
import type { Upload } from './upload.js';

/** A generated file to send. */
export interface XlsxFile {
  readonly fileName: string;
  readonly content: Buffer;
}

interface Planned {
  readonly cluster: Cluster;
  readonly data: ClusterYearData;
  readonly plan: ImportPlan;
}

/**
 * The result-entry workbook of a cluster-year and its import: the whole file is checked cell by
 * cell with the API's rules, then applied in one transaction through the same per-unit write path
 * as PUT …/results/:unitId (version bump and audit per unit), with one more audit entry for the file.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly results: ResultsService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  async entryTemplate(clusterId: number, year: number, today = new Date()): Promise<XlsxFile> {
    const em = this.dataSource.manager;
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const data = await this.clusterYears.loadData(em, clusterYear);
    const { members, withoutCode } = await this.members(em, data);
    if (withoutCode.length > 0) {
      throw new AppException(
        'UNIT_CODE_MISSING',
        `Chưa tạo được mẫu nhập kết quả: ${withoutCode.length} đơn vị của cụm năm ${year} chưa có mã đơn vị ` +
          `(${withoutCode.join('; ')}). Mẫu nhận biết đơn vị bằng mã; hãy đặt mã cho các đơn vị này rồi tải lại mẫu.`,
      );
    }
    const codeOf = new Map(data.criteria.map((c) => [c.id, c.code]));
    const targets = new Map<number, Map<string, number>>();
    for (const target of data.targets) {
      const map = targets.get(target.unitId) ?? new Map<string, number>();
      map.set(codeOf.get(target.criterionId) ?? '', target.value);
      targets.set(target.unitId, map);
    }
    const content = await buildEntryWorkbook({
      clusterId,
      clusterCode: cluster.code,
      clusterName: cluster.name,
      year,
      finalized: clusterYear.status === 'finalized',
      members,
      criteria: criterionInputs(data.criteria),
      targets,
      stored: await this.stored(em, data),
      generatedOn: formatDate(today.toISOString().slice(0, 10)),
    });
    return { fileName: `nhap-ket-qua-${asciiFileName(cluster.code, 'cum')}-${year}.xlsx`, content };
  }

  /** Checks the file; with dryRun nothing is written, else everything is, in one transaction. */
  async import(clusterId: number, year: number, upload: Upload, dryRun: boolean): Promise<ImportResponse> {
    const content = await readEntryWorkbook(upload.content);
    const sha256 = createHash('sha256').update(upload.content).digest('hex');
    if (dryRun) {
      const { plan } = await this.plan(this.dataSource.manager, clusterId, year, content, false);
      this.throwIfProblems(plan);
      return this.respond(clusterId, year, upload, sha256, plan, false);
    }
    return this.dataSource.transaction(async (em) => {
      const { data, plan } = await this.plan(em, clusterId, year, content, true);
      this.throwIfProblems(plan);
      const reason = `Nhập từ tệp "${upload.fileName}" (SHA-256 ${sha256})`;
      for (const unit of plan.units) {
        if (unit.added + unit.changed + unit.cleared === 0) continue;
        const membership = data.memberships.find((m) => m.unitId === unit.unitId);
        if (!membership) throw new Error(`unit ${unit.unitId} is not a member`);
        await this.results.writeUnit(
          em,
          data,
          membership,
          { results: unit.results.map((r) => ({ ...r })) },
          { action: 'import', reason },
        );
      }
      const response = this.respond(clusterId, year, upload, sha256, plan, true);
      await this.audit.record(em, {
        action: 'import',
        entityType: 'import',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        after: {
          fileName: upload.fileName,
          sha256,
          size: upload.content.length,
          units: response.units,
          totals: response.totals,
        },
        reason,
      });
      return response;
    });
  }

  /** The uploaded workbook with every bad cell filled red and noted; unchanged when nothing is wrong. */
  async errorsWorkbook(clusterId: number, year: number, upload: Upload): Promise<XlsxFile> {
    const content = await readEntryWorkbook(upload.content);
    const { plan } = await this.plan(this.dataSource.manager, clusterId, year, content, false, false);
    const base = upload.fileName.replace(/\.xlsx$/i, '');
    return {
      fileName: `${asciiFileName(base, 'cum')}-loi.xlsx`,
      content: await markProblems(upload.content, plan.problems),
    };
  }

  /** The cluster's id from its code (for the command line). */
  async clusterIdByCode(code: string): Promise<number> {
    const cluster = await this.clusters.findByCode(this.dataSource.manager, code);
    if (!cluster) throw new AppException('CLUSTER_NOT_FOUND', `Không có cụm/khối mã "${code}".`);
    return cluster.id;
  }

  private async plan(
    em: EntityManager,
    clusterId: number,
    year: number,
    content: EntryWorkbookContent,
    forUpdate: boolean,
    mustBeOpen = true,
  ): Promise<Planned> {
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const clusterYear = forUpdate
      ? await this.clusterYears.findOrFailForUpdate(em, clusterId, year)
      : await this.clusterYears.findOrFail(em, clusterId, year);
    this.checkMarkers(content.markers, cluster, year);
    if (mustBeOpen) this.clusterYears.assertOpen(clusterYear);
    const data = await this.clusterYears.loadData(em, clusterYear);
    const plan = planImport(content.rows, {
      sheet: content.sheet,
      year,
      criteria: criterionInputs(data.criteria),
      members: (await this.members(em, data)).members,
      stored: await this.stored(em, data),
    });
    return { cluster, data, plan };
  }

  private checkMarkers(markers: WorkbookMarkers, cluster: Cluster, year: number): void {
    if (markers.clusterId === cluster.id && markers.clusterCode === cluster.code && markers.year === year) return;
    throw new AppException(
      'WORKBOOK_MISMATCH',
      `Tệp là mẫu nhập kết quả của cụm mã "${markers.clusterCode}" năm ${markers.year}, không phải của "${cluster.name}" (mã "${cluster.code}") năm ${year}; hãy tải đúng mẫu của cụm và năm cần nhập.`,
    );
  }

  private throwIfProblems(plan: ImportPlan): void {
    if (plan.problems.length === 0) return;
    const errors: FieldErrors = {};
    for (const problem of plan.problems) {
      (errors[`'${problem.sheet}'!${problem.cell}`] ??= []).push(problem.message);
    }
    throw new AppException(
      'VALIDATION_FAILED',
      `Tệp có ${plan.problems.length} lỗi nên không có gì được ghi; xem từng ô trong "errors" ` +
        '(hoặc gửi tệp đến …/import/errors.xlsx để nhận lại tệp đã tô màu các ô lỗi).',
      errors,
    );
  }

  private respond(
    clusterId: number,
    year: number,
    upload: Upload,
    sha256: string,
    plan: ImportPlan,
    applied: boolean,
  ): ImportResponse {
    const units = plan.units.map(({ code, name, rows, added, changed, cleared, unchanged }) => ({
      unitCode: code,
      name,
      rows,
      added,
      changed,
      cleared,
      unchanged,
    }));
    const total = (key: 'rows' | 'added' | 'changed' | 'cleared' | 'unchanged'): number =>
      units.reduce((n, u) => n + u[key], 0);
    const totals = {
      units: units.length,
      unitsChanged: units.filter((u) => u.added + u.changed + u.cleared > 0).length,
      rows: total('rows'),
      added: total('added'),
      changed: total('changed'),
      cleared: total('cleared'),
      unchanged: total('unchanged'),
    };
    const counts = `${totals.added} kết quả mới, ${totals.changed} kết quả sửa, ${totals.cleared} kết quả xóa, ${totals.unchanged} giữ nguyên`;
    const message = applied
      ? `Đã nhập ${totals.rows} dòng của ${totals.units} đơn vị (${totals.unitsChanged} đơn vị có thay đổi): ${counts}.`
      : `Tệp hợp lệ (chưa ghi gì): ${totals.rows} dòng của ${totals.units} đơn vị; nếu nhập sẽ có ${counts} (${totals.unitsChanged} đơn vị thay đổi).`;
    return {
      clusterId,
      year,
      dryRun: !applied,
      applied,
      fileName: upload.fileName,
      sha256,
      message,
      units,
      totals,
    };
  }

  /** The members with their codes and names that year; `withoutCode` those that have no code. */
  private async members(
    em: EntityManager,
    data: ClusterYearData,
  ): Promise<{ members: ImportMember[]; withoutCode: string[] }> {
    const ids = data.memberships.map((m) => m.unitId);
    const names = await this.units.namesInYear(em, ids, data.clusterYear.year);
    const codes = await this.units.codes(em, ids);
    const members: ImportMember[] = [];
    const withoutCode: string[] = [];
    for (const unitId of ids) {
      const name = names.get(unitId) ?? '';
      const code = codes.get(unitId)?.trim() ?? '';
      if (code === '') withoutCode.push(name);
      else members.push({ unitId, code, name });
    }
    return { members, withoutCode };
  }

  private async stored(em: EntityManager, data: ClusterYearData): Promise<Map<number, Map<string, ImportedResult>>> {
    const stored = new Map<number, Map<string, ImportedResult>>();
    if (data.criteria.length === 0) return stored;
    const codeOf = new Map(data.criteria.map((c) => [c.id, c.code]));
    const rows = await em.find(Result, {
      where: { criterionId: In(data.criteria.map((c) => c.id)), period: 'year' },
    });
    for (const row of rows) {
      const code = codeOf.get(row.criterionId) ?? '';
      const map = stored.get(row.unitId) ?? new Map<string, ImportedResult>();
      map.set(code, {
        criterionCode: code,
        actual: row.actual,
        selfScore: row.selfScore,
        reviewedScore: row.reviewedScore,
        note: row.note,
        reviewReason: row.reviewReason,
      });
      stored.set(row.unitId, map);
    }
    return stored;
  }
}
