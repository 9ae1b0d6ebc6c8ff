import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { asciiFileName } from '../common/xlsx-file.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Cluster } from '../clusters/cluster.entity.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AppException, type FieldErrors } from '../common/app-exception.js';
import { criterionInputs } from '../covenants/cluster-year.mapper.js';
import { ClusterYearsService, type ClusterYearData } from '../covenants/cluster-years.service.js';
import { ResultsService, type StoredResult, type UnitWrite } from '../results/results.service.js';
import { formatDate } from '../standings/domain/format.js';
import { UnitsService } from '../units/units.service.js';
import {
  codeKey,
  type ImportedResult,
  type ImportMember,
  type ImportPlan,
  type UnitState,
} from './domain/import-plan.js';
import {
  decodePreviewToken,
  encodePreviewToken,
  sameOverwrite,
  staleUnits,
  type PreviewBasis,
} from './domain/preview-token.js';
import { formatVietnamTime, NO_OVERWRITE, type OverwriteChoice } from './domain/three-way-merge.js';
import { MIN_OVERWRITE_REASON, type ImportResponse, type UnitImportResponse } from './dto/imports.dto.js';
import type { PackedWorkbook, WorkbookIdentity } from './packed-workbook.js';
import type { Upload } from './upload.js';
import { WorkbookPool } from './workbook-pool.js';
import { archiveLimits } from './xlsx-archive.js';

/** A generated file to send. */
export interface XlsxFile {
  readonly fileName: string;
  readonly content: Buffer;
}

interface Planned {
  readonly cluster: Cluster;
  readonly data: ClusterYearData;
  readonly plan: ImportPlan;
  /** What is stored for every member, as the plan was made from it. */
  readonly stored: ReadonlyMap<number, readonly StoredResult[]>;
}

/** How an import is asked for (the query of POST …/import, or the command line). */
export interface ImportOptions {
  /** Preview only (the default): nothing is written. */
  readonly dryRun: boolean;
  /** To apply: the token of the preview of the same file. */
  readonly previewToken?: string;
  /** Unit codes (comma-separated) or "all": conflicting cells are overwritten with the file's values. */
  readonly overwrite?: string;
  /** Why, when overwriting. */
  readonly reason?: string;
}

/** The overwrite choice of a request, checked. */
interface Overwrite {
  readonly choice: OverwriteChoice;
  /** As a preview token records it. */
  readonly list: PreviewBasis['overwrite'];
  readonly reason: string | null;
}

/**
 * The result-entry workbook of a cluster-year and its import. The workbook carries each unit's
 * results version and values it was made from; an import is merged three ways with what changed
 * since, so that it never undoes newer work (a conflict blocks the unit unless overwritten on
 * purpose, with a reason). Nothing is written without a preview: the preview lists every cell that
 * changes and hands back a token; applying needs the token and writes exactly what was previewed
 * (same file, same versions), in one transaction, through the same write path as
 * PUT …/results/:unitId (ResultsService.writeUnits: version check and audit per unit, the units
 * written in batches), with one more audit entry for the file. The file read for the preview is not
 * read again to apply it (WorkbookPool keeps it a while, by its SHA-256).
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
    private readonly workbooks: WorkbookPool,
  ) {}

  /**
   * Reads an uploaded workbook in a worker, refusing one larger than the cluster-year can hold
   * (its members × criteria rows, plus slack) before it is parsed.
   */
  private async readWorkbook(clusterId: number, year: number, upload: Upload): Promise<PackedWorkbook> {
    const em = this.dataSource.manager;
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const data = await this.clusterYears.loadData(em, clusterYear);
    return this.workbooks.read(upload.content, archiveLimits(data.memberships.length, data.criteria.length));
  }

  /** 503 IMPORT_BUSY before an upload is even received, when as many files are being read as allowed. */
  assertCanRead(): void {
    this.workbooks.assertCapacity();
  }

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
    const content = await this.workbooks.entryTemplate({
      clusterId,
      clusterCode: cluster.code,
      clusterName: cluster.name,
      year,
      finalized: clusterYear.status === 'finalized',
      members,
      criteria: criterionInputs(data.criteria),
      targets,
      stored: byCode(
        await this.results.storedResults(
          em,
          data,
          data.memberships.map((m) => m.unitId),
        ),
      ),
      versions: new Map(data.memberships.map((m) => [m.unitId, m.version] as const)),
      generatedOn: formatDate(today.toISOString().slice(0, 10)),
    });
    return { fileName: `nhap-ket-qua-${asciiFileName(cluster.code, 'cum')}-${year}.xlsx`, content };
  }

  /**
   * Previews the import of a file (dryRun, the default): nothing is written. Otherwise applies
   * exactly what was previewed: the same file, against the same versions, in one transaction.
   */
  async import(clusterId: number, year: number, upload: Upload, options: ImportOptions): Promise<ImportResponse> {
    const content = await this.readWorkbook(clusterId, year, upload);
    const sha256 = createHash('sha256').update(upload.content).digest('hex');
    const overwrite = this.overwrite(options);
    if (options.dryRun) {
      const { plan } = await this.plan(
        this.dataSource.manager,
        clusterId,
        year,
        content,
        false,
        true,
        overwrite.choice,
      );
      this.throwIfProblems(plan);
      const token = encodePreviewToken({ sha256, versions: versionsOf(plan), overwrite: overwrite.list });
      const response = this.respond(clusterId, year, upload, sha256, plan, false, token, overwrite);
      await setImmediate();
      return response;
    }
    const applied = await this.dataSource.transaction(async (em) => {
      const { data, plan, stored } = await this.plan(em, clusterId, year, content, true, true, overwrite.choice);
      this.throwIfProblems(plan);
      const basis = this.previewBasis(options.previewToken);
      if (basis.sha256 !== sha256) {
        throw new AppException(
          'PREVIEW_OUTDATED',
          'Tệp gửi lên không phải tệp đã xem trước (nội dung khác); hãy xem trước lại chính tệp này rồi mới nhập.',
        );
      }
      if (!sameOverwrite(basis.overwrite, overwrite.list)) {
        throw new AppException(
          'PREVIEW_OUTDATED',
          'Lựa chọn ghi đè khác với lúc xem trước; hãy xem trước lại với đúng lựa chọn ghi đè rồi mới nhập.',
        );
      }
      const stale = staleUnits(basis, versionsOf(plan));
      if (stale.length > 0) {
        const byCode = new Map(plan.units.map((u) => [u.code, u] as const));
        const what = stale.map(({ code }) => {
          const unit = byCode.get(code);
          if (!unit) return `mã ${code}`;
          const change = unit.lastChange;
          return change === null
            ? `${unit.name} (mã ${code})`
            : `${unit.name} (mã ${code}, ${change.by} sửa lúc ${formatVietnamTime(change.at)})`;
        });
        throw new AppException(
          'PREVIEW_OUTDATED',
          `Dữ liệu đã thay đổi sau khi xem trước, hãy xem trước lại. Kết quả đã thay đổi: ${what.join('; ')}. Không có gì được ghi.`,
        );
      }
      if (plan.conflicts.length > 0) {
        const errors: FieldErrors = {};
        for (const unit of plan.conflicts) errors[unit.code] = [unit.conflictMessage ?? ''];
        throw new AppException(
          'IMPORT_CONFLICT',
          `Không nhập được: kết quả của ${plan.conflicts.length} đơn vị đã được sửa sau khi tải tệp mà tệp lại sửa khác ` +
            `(${plan.conflicts.map((u) => u.name).join('; ')}). Không có gì được ghi. ` +
            'Tải mẫu mới và nhập lại, hoặc chọn ghi đè các đơn vị này và ghi lý do.',
          errors,
        );
      }
      const fileReason = `Nhập từ tệp "${upload.fileName}" (SHA-256 ${sha256})`;
      const membershipOf = new Map(data.memberships.map((m) => [m.unitId, m] as const));
      const writes: UnitWrite[] = plan.units
        .filter((unit) => unit.changes.length > 0)
        .map((unit) => {
          const membership = membershipOf.get(unit.unitId);
          if (!membership) throw new Error(`unit ${unit.unitId} is not a member`);
          const lastChange = unit.lastChange;
          const reason =
            unit.overwritten && overwrite.reason !== null
              ? `${fileReason}; ghi đè ${unit.conflicts.length} ô đã được ${lastChange?.by ?? 'người khác'} sửa` +
                `${lastChange === null ? '' : ` lúc ${formatVietnamTime(lastChange.at)}`} sau khi tải tệp. Lý do: ${overwrite.reason}`
              : fileReason;
          return { membership, dto: { version: unit.version, results: unit.results.map((r) => ({ ...r })) }, reason };
        });
      // The stored results the plan was made from, read in this transaction, are the audit's "before".
      await this.results.writeUnits(em, data, writes, { action: 'import', before: stored });
      const response = this.respond(clusterId, year, upload, sha256, plan, true, null, overwrite);
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
          units: response.units.map(({ unitCode, name, version, changedSince, overwritten, changes }) => ({
            unitCode,
            name,
            version,
            changedSince,
            overwritten,
            changes,
          })),
          totals: response.totals,
          overwrite: response.overwrite,
        },
        reason: overwrite.reason === null ? fileReason : `${fileReason}. Ghi đè: ${overwrite.reason}`,
      });
      // The commit (up to 10,000 rows to the disk) is a stretch of its own, …
      await setImmediate();
      return response;
    });
    // … and so is sending the answer (every changed cell).
    await setImmediate();
    return applied;
  }

  /** The overwrite choice of a request, with its reason checked. */
  private overwrite(options: ImportOptions): Overwrite {
    const typed = (options.overwrite ?? '').trim();
    if (typed === '') return { choice: NO_OVERWRITE, list: [], reason: null };
    const reason = (options.reason ?? '').trim();
    if (reason.length < MIN_OVERWRITE_REASON) {
      throw new AppException(
        'VALIDATION_FAILED',
        `Ghi đè kết quả đã được sửa sau khi tải tệp cần lý do (ít nhất ${MIN_OVERWRITE_REASON} ký tự); lý do được ghi vào nhật ký.`,
        { reason: [`cần lý do ít nhất ${MIN_OVERWRITE_REASON} ký tự khi ghi đè`] },
      );
    }
    if (typed.toLowerCase() === 'all') return { choice: { all: true }, list: 'all', reason };
    const codes = [
      ...new Set(
        typed
          .split(/[,;]/)
          .map((code) => codeKey(code))
          .filter((code) => code !== ''),
      ),
    ].sort();
    return { choice: { all: false, codes: new Set(codes) }, list: codes, reason };
  }

  private previewBasis(token: string | undefined): PreviewBasis {
    if (token === undefined || token.trim() === '') {
      throw new AppException(
        'VALIDATION_FAILED',
        'Chưa xem trước nên chưa nhập: hãy xem trước tệp, kiểm tra các ô sẽ thay đổi, rồi mới nhập đúng tệp đó.',
        { previewToken: ['cần previewToken của lần xem trước'] },
      );
    }
    const basis = decodePreviewToken(token.trim());
    if (basis === null) {
      throw new AppException('VALIDATION_FAILED', 'Mã xem trước không hợp lệ; hãy xem trước lại tệp rồi mới nhập.', {
        previewToken: ['không hợp lệ'],
      });
    }
    return basis;
  }

  /** The uploaded workbook with every bad cell filled red and noted; unchanged when nothing is wrong. */
  async errorsWorkbook(clusterId: number, year: number, upload: Upload): Promise<XlsxFile> {
    const content = await this.readWorkbook(clusterId, year, upload);
    const { plan } = await this.plan(this.dataSource.manager, clusterId, year, content, false, false);
    const base = upload.fileName.replace(/\.xlsx$/i, '');
    return {
      fileName: `${asciiFileName(base, 'cum')}-loi.xlsx`,
      content: await this.workbooks.markProblems(upload.content, plan.problems),
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
    content: PackedWorkbook,
    forUpdate: boolean,
    mustBeOpen = true,
    overwrite: OverwriteChoice = NO_OVERWRITE,
  ): Promise<Planned> {
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const clusterYear = forUpdate
      ? await this.clusterYears.findOrFailForUpdate(em, clusterId, year)
      : await this.clusterYears.findOrFail(em, clusterId, year);
    this.checkMarkers(content.identity, cluster, year);
    if (mustBeOpen) this.clusterYears.assertOpen(clusterYear);
    const data = await this.clusterYears.loadData(em, clusterYear);
    const lastChanges = await this.audit.lastResultChanges(
      em,
      clusterId,
      year,
      data.memberships.map((m) => m.unitId),
    );
    const current = new Map<number, UnitState>(
      data.memberships.map((m) => [m.unitId, { version: m.version, lastChange: lastChanges.get(m.unitId) ?? null }]),
    );
    const members = (await this.members(em, data)).members;
    const stored = await this.results.storedResults(
      em,
      data,
      data.memberships.map((m) => m.unitId),
    );
    const plan = await this.workbooks.plan(content, {
      sheet: content.sheet,
      year,
      criteria: criterionInputs(data.criteria),
      members,
      stored: byCode(stored),
      current,
      overwrite,
    });
    // Receiving the plan (up to 10,000 rows' changes) was one stretch of the main thread; answering is another.
    await setImmediate();
    return { cluster, data, plan, stored };
  }

  private checkMarkers(markers: WorkbookIdentity, cluster: Cluster, year: number): void {
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
      `Tệp có ${plan.problems.length} lỗi nên không có gì được ghi. Mỗi lỗi ghi rõ sheet, ô, đơn vị và tiêu chí; ` +
        "có thể tải về tệp đã đánh dấu các ô lỗi, mở ra ở sheet 'Danh sách lỗi'. Sửa rồi gửi lại tệp.",
      errors,
      undefined,
      plan.problems.map(({ sheet, cell, unitCode, unitName, criterionCode, criterionTitle, message, detail }) => ({
        sheet,
        cell,
        unitCode,
        unitName,
        criterionCode,
        criterionTitle,
        message,
        detail,
      })),
    );
  }

  private respond(
    clusterId: number,
    year: number,
    upload: Upload,
    sha256: string,
    plan: ImportPlan,
    applied: boolean,
    previewToken: string | null,
    overwrite: Overwrite,
  ): ImportResponse {
    const units: UnitImportResponse[] = plan.units.map((unit) => ({
      unitCode: unit.code,
      name: unit.name,
      version: unit.version,
      baseVersion: unit.baseVersion,
      changedSince: unit.changedSince,
      lastChangedBy: unit.lastChange?.by ?? null,
      lastChangedAt: unit.lastChange?.at.toISOString() ?? null,
      rows: unit.rows,
      added: unit.added,
      changed: unit.changed,
      cleared: unit.cleared,
      unchanged: unit.unchanged,
      changes: unit.changes.map((c) => ({ ...c })),
      keptNewer: unit.keptNewer.map((c) => ({ ...c })),
      conflicts: unit.conflicts.map((c) => ({ ...c })),
      overwritten: unit.overwritten,
      conflictMessage: unit.conflictMessage,
    }));
    const total = (key: 'rows' | 'added' | 'changed' | 'cleared' | 'unchanged'): number =>
      units.reduce((n, u) => n + u[key], 0);
    const totals = {
      units: units.length,
      unitsChanged: plan.units.filter((u) => u.changes.length > 0 && !plan.conflicts.includes(u)).length,
      unitsInConflict: plan.conflicts.length,
      cellsChanged: plan.units.reduce((n, u) => n + (plan.conflicts.includes(u) ? 0 : u.changes.length), 0),
      rows: total('rows'),
      added: total('added'),
      changed: total('changed'),
      cleared: total('cleared'),
      unchanged: total('unchanged'),
    };
    const kept = plan.units.reduce((n, u) => n + u.keptNewer.length, 0);
    const counts = `${totals.added} kết quả mới, ${totals.changed} kết quả sửa, ${totals.cleared} kết quả xóa, ${totals.unchanged} giữ nguyên`;
    const keptText =
      kept === 0 ? '' : ` ${kept} ô đã được sửa trong hệ thống sau khi tải tệp mà tệp không đổi: giữ giá trị mới hơn.`;
    let message: string;
    if (applied) {
      message = `Đã nhập ${totals.rows} dòng của ${totals.units} đơn vị (${totals.unitsChanged} đơn vị có thay đổi, ${totals.cellsChanged} ô): ${counts}.${keptText}`;
    } else if (plan.conflicts.length > 0) {
      message =
        `Xem trước (chưa ghi gì): ${plan.conflicts.length} đơn vị có kết quả đã được sửa sau khi tải tệp mà tệp lại sửa khác ` +
        `(${plan.conflicts.map((u) => u.name).join('; ')}); chưa nhập được cho đến khi tải mẫu mới, hoặc chọn ghi đè ` +
        `các đơn vị này và ghi lý do. Các đơn vị khác: ${counts}.${keptText}`;
    } else {
      message = `Xem trước (chưa ghi gì): ${totals.rows} dòng của ${totals.units} đơn vị; nếu nhập sẽ ghi ${totals.cellsChanged} ô của ${totals.unitsChanged} đơn vị: ${counts}.${keptText}`;
    }
    const overwritten = plan.units.filter((u) => u.overwritten).map((u) => u.code);
    return {
      clusterId,
      year,
      dryRun: !applied,
      applied,
      canApply: plan.conflicts.length === 0,
      previewToken: applied ? null : previewToken,
      fileName: upload.fileName,
      sha256,
      message,
      overwrite: overwrite.reason === null ? null : { units: overwritten, reason: overwrite.reason },
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
}

/** Stored results per unit id, then per leaf code (as the plan and the entry workbook take them). */
function byCode(stored: ReadonlyMap<number, readonly StoredResult[]>): Map<number, Map<string, ImportedResult>> {
  return new Map(
    [...stored].map(([unitId, results]) => [
      unitId,
      new Map(
        results.map(({ criterionCode, actual, selfScore, reviewedScore, note, reviewReason }) => [
          criterionCode,
          { criterionCode, actual, selfScore, reviewedScore, note, reviewReason },
        ]),
      ),
    ]),
  );
}

/** Each unit of the file's results version now, by code. */
function versionsOf(plan: ImportPlan): Record<string, number> {
  return Object.fromEntries(plan.units.map((u) => [u.code, u.version] as const));
}
