/**
 * The worker thread that reads uploaded workbooks (see workbook-pool.ts): the archive is checked
 * (bounded inflate, rows and cells counted) before exceljs parses it, all off the main thread and
 * under the pool's memory limit and timeout. Errors travel back as plain data (an AppException
 * does not survive the thread boundary); the pool throws them again.
 */
import { AppException, type ErrorCode, type FieldErrors } from '../../common/app-exception.js';
import type { CellProblem } from '../domain/import-plan.js';
import { markProblems } from '../error-workbook.js';
import { readEntryWorkbook, type EntryWorkbookContent } from '../read-entry-workbook.js';
import { verifyArchive, type ArchiveLimits } from '../xlsx-archive.js';

export type WorkbookTask =
  | { readonly kind: 'read'; readonly content: Uint8Array; readonly limits: ArchiveLimits }
  | { readonly kind: 'mark'; readonly content: Uint8Array; readonly problems: readonly CellProblem[] };

export interface TaskError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly errors?: FieldErrors;
  readonly problems?: readonly unknown[];
}

export type TaskResult =
  | { readonly ok: true; readonly workbook: EntryWorkbookContent }
  | { readonly ok: true; readonly file: Uint8Array }
  | { readonly ok: false; readonly error: TaskError };

const bufferOf = (content: Uint8Array): Buffer => Buffer.from(content.buffer, content.byteOffset, content.byteLength);

export default async function runWorkbookTask(task: WorkbookTask): Promise<TaskResult> {
  try {
    const buffer = bufferOf(task.content);
    if (task.kind === 'read') {
      verifyArchive(buffer, task.limits);
      return { ok: true, workbook: await readEntryWorkbook(buffer) };
    }
    return { ok: true, file: await markProblems(buffer, task.problems) };
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    const { code, message, errors, problems } = error;
    return {
      ok: false,
      error: { code, message, ...(errors ? { errors } : {}), ...(problems ? { problems } : {}) },
    };
  }
}
