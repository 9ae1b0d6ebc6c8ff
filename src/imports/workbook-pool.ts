/**
 * Reads uploaded workbooks off the main thread: a pool of worker threads (piscina), each with a
 * heap limit, each task with a timeout, and at most `imports.maxConcurrent` at once (beyond: 503
 * IMPORT_BUSY with Retry-After). The cheap checks (file type, the zip's central directory) run
 * here first, so that a zip bomb never reaches a worker. The import's plan and the entry workbook
 * to download are made in workers too (a second pool for files the app makes). The worker is the compiled
 * dist/imports/worker/workbook-worker.js: beside this file when running from dist/, found from the
 * project root when running from src/ (jest; test/global-setup.mjs builds dist/ first).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppException, RetryLaterException } from '../common/app-exception.js';
import { Lru } from '../common/lru.js';
import { APP_CONFIG, defaultImportConcurrency, type AppConfig } from '../config/app-config.js';
import type { CellProblem, ImportPlan } from './domain/import-plan.js';
import type { EntryTemplateModel } from './entry-workbook.js';
import type { PackedWorkbook } from './packed-workbook.js';
import type { PlanContext, TaskResult, WorkbookTask } from './worker/workbook-worker.js';
import { checkFileType, inspectArchive, type ArchiveLimits } from './xlsx-archive.js';

const WORKER = 'imports/worker/workbook-worker.js';

/** The compiled worker: beside this module in dist/, else dist/ of the project holding this file. */
export function workerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'worker', 'workbook-worker.js');
  if (existsSync(beside)) return beside;
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', WORKER);
  }
  return beside;
}

const isOutOfMemory = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/**
 * Files the app makes itself (the entry workbook to download) run in a pool of their own: their
 * size is bounded by the cluster-year, and the tight limits set for hostile uploads must not fail them.
 */
export const DOCUMENT_LIMITS = { timeoutMs: 120_000, workerMemoryMb: 1024 } as const;

type PoolKind = 'uploads' | 'documents';

/**
 * Workbooks kept after a read, and for how long: a preview's file is applied minutes later at most
 * (each holds up to 10,000 rows packed, about 1 MB).
 */
const RECENT_READS = 4;
const RECENT_READ_MS = 15 * 60_000;

@Injectable()
export class WorkbookPool implements OnModuleDestroy {
  private readonly logger = new Logger(WorkbookPool.name);
  private readonly pools: Record<PoolKind, Piscina<WorkbookTask, TaskResult>>;
  private running = 0;
  /** Each running task's abort switch, to stop them when a worker dies before taking its task. */
  private readonly pending = new Set<AbortController>();
  /** Workbooks read lately, by the file's SHA-256 and the limits it was read under. */
  private readonly recentReads = new Lru<string, { readonly at: number; readonly workbook: PackedWorkbook }>(
    RECENT_READS,
  );

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pools = { uploads: this.createPool('uploads'), documents: this.createPool('documents') };
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pools.uploads.destroy(), this.pools.documents.destroy()]);
  }

  private createPool(kind: PoolKind): Piscina<WorkbookTask, TaskResult> {
    const uploads = kind === 'uploads';
    const pool = new Piscina<WorkbookTask, TaskResult>({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: uploads ? this.config.imports.maxConcurrent : defaultImportConcurrency(availableParallelism()),
      idleTimeout: 30_000,
      resourceLimits: {
        maxOldGenerationSizeMb: uploads ? this.config.imports.workerMemoryMb : DOCUMENT_LIMITS.workerMemoryMb,
        maxYoungGenerationSizeMb: 64,
      },
    });
    // A worker that dies while starting (out of memory loading its code) fails no task and would
    // leave piscina starting no more workers: stop the waiting tasks and start a fresh pool.
    pool.on('error', (error: unknown) => {
      this.logger.error(
        `Luồng xử lý tệp .xlsx dừng khi khởi động: ${error instanceof Error ? error.message : String(error)}`,
      );
      for (const controller of this.pending) controller.abort(error);
      if (this.pools[kind] === pool) {
        this.pools[kind] = this.createPool(kind);
        void pool.destroy().catch(() => undefined);
      }
    });
    return pool;
  }

  /**
   * 503 IMPORT_BUSY when as many files are being read as allowed. Checked again when the file is
   * read; checked first before the upload is received, so that a crowd of uploads is refused
   * without taking in their bodies.
   */
  assertCapacity(): void {
    const { maxConcurrent } = this.config.imports;
    if (this.running < maxConcurrent) return;
    throw new RetryLaterException(
      'IMPORT_BUSY',
      `Đang đọc ${this.running} tệp nhập kết quả khác (tối đa ${maxConcurrent} tệp cùng lúc); hãy gửi lại sau ít giây.`,
      this.config.overload.retryAfterSeconds,
    );
  }

  /**
   * Checks and reads an uploaded result-entry workbook (see read-entry-workbook.ts and
   * xlsx-archive.ts). A file read successfully a moment ago under the same limits (the preview of
   * the file now applied) is not read again: the same bytes (SHA-256) give the same workbook.
   */
  async read(content: Buffer, limits: ArchiveLimits): Promise<PackedWorkbook> {
    const key = `${createHash('sha256').update(content).digest('hex')} ${JSON.stringify(limits)}`;
    const recent = this.recentReads.get(key);
    if (recent !== undefined && Date.now() - recent.at <= RECENT_READ_MS) return recent.workbook;
    checkFileType(content);
    inspectArchive(content, limits);
    const result = await this.run({ kind: 'read', content, limits });
    if (!('workbook' in result)) throw new Error('workbook worker: unexpected answer');
    this.recentReads.set(key, { at: Date.now(), workbook: result.workbook });
    return result.workbook;
  }

  /** The workbook with its bad cells marked (see error-workbook.ts); the file was read by `read` first. */
  async markProblems(content: Buffer, problems: readonly CellProblem[]): Promise<Buffer> {
    const result = await this.run({ kind: 'mark', content, problems });
    if (!('file' in result)) throw new Error('workbook worker: unexpected answer');
    return Buffer.from(result.file.buffer, result.file.byteOffset, result.file.byteLength);
  }

  /**
   * The import's plan (planImport) of a workbook `read` returned. Not counted against the limit of
   * files read at once: it belongs to an import already counted, and its size was bounded when read.
   */
  async plan(workbook: PackedWorkbook, context: PlanContext): Promise<ImportPlan> {
    const result = await this.run({ kind: 'plan', packed: workbook.packed, context }, false);
    if (!('plan' in result)) throw new Error('workbook worker: unexpected answer');
    return result.plan;
  }

  /**
   * The result-entry workbook of a cluster-year (entry-workbook.ts): up to 10,000 styled rows take
   * exceljs about two seconds, which on the main thread would stop every other request meanwhile.
   */
  async entryTemplate(model: EntryTemplateModel): Promise<Buffer> {
    const result = await this.run({ kind: 'entry-template', model }, false);
    if (!('file' in result)) throw new Error('workbook worker: unexpected answer');
    return Buffer.from(result.file.buffer, result.file.byteOffset, result.file.byteLength);
  }

  private async run(task: WorkbookTask, counted = true): Promise<Extract<TaskResult, { ok: true }>> {
    const document = task.kind === 'entry-template';
    const { workerMemoryMb } = this.config.imports;
    const timeoutMs = document ? DOCUMENT_LIMITS.timeoutMs : this.config.imports.timeoutMs;
    if (counted) this.assertCapacity();
    if (counted) this.running += 1;
    const started = Date.now();
    const controller = new AbortController();
    this.pending.add(controller);
    let result: TaskResult;
    try {
      result = await this.pools[document ? 'documents' : 'uploads'].run(task, {
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (caught) {
      // Stopped because its worker died: the worker's error tells why.
      const error: unknown = controller.signal.aborted ? controller.signal.reason : caught;
      if (document) {
        this.logger.error(
          `Luồng tạo mẫu nhập kết quả gặp lỗi sau ${Date.now() - started} ms`,
          error instanceof Error ? error.stack : String(error),
        );
        throw new RetryLaterException(
          'IMPORT_UNAVAILABLE',
          'Chưa tạo được mẫu nhập kết quả do lỗi tạm thời của máy chủ. Hãy tải lại sau ít phút; nếu vẫn lỗi, báo quản trị viên.',
          this.config.overload.retryAfterSeconds,
        );
      }
      if (isAbort(error) || isOutOfMemory(error)) {
        const why = isAbort(error)
          ? `đọc quá ${Math.round(timeoutMs / 1000)} giây`
          : `cần quá ${workerMemoryMb} MB bộ nhớ`;
        this.logger.warn(
          `Bỏ dở việc đọc tệp .xlsx (${'content' in task ? `${task.content.length} byte` : `${task.packed.length} ký tự`}): ${why}.`,
        );
        throw new AppException(
          'IMPORT_FILE_TOO_COMPLEX',
          `Tệp quá phức tạp để đọc (${why}); không có gì được ghi. Hãy tải mẫu nhập kết quả mới của cụm, năm cần nhập, chỉ điền vào các cột nhập liệu rồi gửi lại.`,
        );
      }
      this.logger.error(
        `Luồng đọc tệp .xlsx gặp lỗi sau ${Date.now() - started} ms`,
        error instanceof Error ? error.stack : String(error),
      );
      throw new RetryLaterException(
        'IMPORT_UNAVAILABLE',
        'Chưa đọc được tệp do lỗi tạm thời của máy chủ; không có gì được ghi. Hãy gửi lại sau ít phút; nếu vẫn lỗi, báo quản trị viên.',
        this.config.overload.retryAfterSeconds,
      );
    } finally {
      this.pending.delete(controller);
      if (counted) this.running -= 1;
    }
    if (!result.ok) {
      const { code, message, errors, problems } = result.error;
      throw new AppException(code, message, errors, undefined, problems);
    }
    return result;
  }
}
