/**
 * Reads uploaded workbooks off the main thread: a pool of worker threads (piscina), each with a
 * heap limit, each task with a timeout, and at most `imports.maxConcurrent` at once (beyond: 503
 * IMPORT_BUSY with Retry-After). The cheap checks (file type, the zip's central directory) run
 * here first, so that a zip bomb never reaches a worker. The worker is the compiled
 * dist/imports/worker/workbook-worker.js: beside this file when running from dist/, found from the
 * project root when running from src/ (jest; test/global-setup.mjs builds dist/ first).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppException, RetryLaterException } from '../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { CellProblem } from './domain/import-plan.js';
import { checkFileType, type EntryWorkbookContent } from './read-entry-workbook.js';
import type { TaskResult, WorkbookTask } from './worker/workbook-worker.js';
import { inspectArchive, type ArchiveLimits } from './xlsx-archive.js';

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

@Injectable()
export class WorkbookPool implements OnModuleDestroy {
  private readonly logger = new Logger(WorkbookPool.name);
  private pool: Piscina<WorkbookTask, TaskResult>;
  private running = 0;
  /** Each running task's abort switch, to stop them when a worker dies before taking its task. */
  private readonly pending = new Set<AbortController>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pool = this.createPool();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }

  private createPool(): Piscina<WorkbookTask, TaskResult> {
    const pool = new Piscina<WorkbookTask, TaskResult>({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: this.config.imports.maxConcurrent,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: this.config.imports.workerMemoryMb, maxYoungGenerationSizeMb: 64 },
    });
    // A worker that dies while starting (out of memory loading its code) fails no task and would
    // leave piscina starting no more workers: stop the waiting tasks and start a fresh pool.
    pool.on('error', (error: unknown) => {
      this.logger.error(
        `Luồng đọc tệp .xlsx dừng khi khởi động: ${error instanceof Error ? error.message : String(error)}`,
      );
      for (const controller of this.pending) controller.abort(error);
      if (this.pool === pool) {
        this.pool = this.createPool();
        void pool.destroy().catch(() => undefined);
      }
    });
    return pool;
  }

  /** Checks and reads an uploaded result-entry workbook (see read-entry-workbook.ts and xlsx-archive.ts). */
  async read(content: Buffer, limits: ArchiveLimits): Promise<EntryWorkbookContent> {
    checkFileType(content);
    inspectArchive(content, limits);
    const result = await this.run({ kind: 'read', content, limits });
    if (!('workbook' in result)) throw new Error('workbook worker: unexpected answer');
    return result.workbook;
  }

  /** The workbook with its bad cells marked (see error-workbook.ts); the file was read by `read` first. */
  async markProblems(content: Buffer, problems: readonly CellProblem[]): Promise<Buffer> {
    const result = await this.run({ kind: 'mark', content, problems });
    if (!('file' in result)) throw new Error('workbook worker: unexpected answer');
    return Buffer.from(result.file.buffer, result.file.byteOffset, result.file.byteLength);
  }

  private async run(task: WorkbookTask): Promise<Extract<TaskResult, { ok: true }>> {
    const { maxConcurrent, timeoutMs, workerMemoryMb } = this.config.imports;
    if (this.running >= maxConcurrent) {
      throw new RetryLaterException(
        'IMPORT_BUSY',
        `Đang đọc ${this.running} tệp nhập kết quả khác (tối đa ${maxConcurrent} tệp cùng lúc); hãy gửi lại sau ít giây.`,
        this.config.overload.retryAfterSeconds,
      );
    }
    this.running += 1;
    const started = Date.now();
    const controller = new AbortController();
    this.pending.add(controller);
    let result: TaskResult;
    try {
      result = await this.pool.run(task, {
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (caught) {
      // Stopped because its worker died: the worker's error tells why.
      const error: unknown = controller.signal.aborted ? controller.signal.reason : caught;
      if (isAbort(error) || isOutOfMemory(error)) {
        const why = isAbort(error)
          ? `đọc quá ${Math.round(timeoutMs / 1000)} giây`
          : `cần quá ${workerMemoryMb} MB bộ nhớ`;
        this.logger.warn(`Bỏ dở việc đọc tệp .xlsx (${task.content.length} byte): ${why}.`);
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
      this.running -= 1;
    }
    if (!result.ok) {
      const { code, message, errors, problems } = result.error;
      throw new AppException(code, message, errors, undefined, problems);
    }
    return result;
  }
}
