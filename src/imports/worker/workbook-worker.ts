/**
 * The worker thread that reads uploaded workbooks (see workbook-pool.ts): the archive is checked
 * (bounded inflate, rows and cells counted) before exceljs parses it, all off the main thread and
 * under the pool's memory limit and timeout. The import's plan (every cell checked, merged three
 * ways) is made here too, and so is the entry workbook a secretary downloads. Errors travel back as plain data (an AppException
 * does not survive the thread boundary); the pool throws them again.
 */
import { AppException, type ErrorCode, type FieldErrors } from '../../common/app-exception.js';
import { planImport, type CellProblem, type ImportContext, type ImportPlan } from '../domain/import-plan.js';
import { buildEntryWorkbook, type EntryTemplateModel } from '../entry-workbook.js';
import { markProblems } from '../error-workbook.js';
import { packWorkbook, unpackWorkbook, type PackedWorkbook } from '../packed-workbook.js';
import { readEntryWorkbook } from '../read-entry-workbook.js';
import { verifyArchive, type ArchiveLimits } from '../xlsx-archive.js';

export type WorkbookTask =
  | { readonly kind: 'read'; readonly content: Uint8Array; readonly limits: ArchiveLimits }
  | { readonly kind: 'mark'; readonly content: Uint8Array; readonly problems: readonly CellProblem[] }
  | { readonly kind: 'plan'; readonly packed: string; readonly context: PlanContext }
  | { readonly kind: 'entry-template'; readonly model: EntryTemplateModel };

/** What the plan needs besides the file (its rows and base values travel packed). */
export type PlanContext = Omit<ImportContext, 'base'>;

export interface TaskError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly errors?: FieldErrors;
  readonly problems?: readonly unknown[];
}

export type TaskResult =
  | { readonly ok: true; readonly workbook: PackedWorkbook }
  | { readonly ok: true; readonly file: Uint8Array }
  | { readonly ok: true; readonly plan: ImportPlan }
  | { readonly ok: false; readonly error: TaskError };

const bufferOf = (content: Uint8Array): Buffer => Buffer.from(content.buffer, content.byteOffset, content.byteLength);

export default async function runWorkbookTask(task: WorkbookTask): Promise<TaskResult> {
  try {
    // Pure and CPU-bound (about 0.1 s for 10,000 rows): off the main thread too.
    if (task.kind === 'plan') {
      const { rows, base } = unpackWorkbook(task.packed);
      return { ok: true, plan: planImport(rows, { ...task.context, base }) };
    }
    if (task.kind === 'entry-template') return { ok: true, file: await buildEntryWorkbook(task.model) };
    const buffer = bufferOf(task.content);
    if (task.kind === 'read') {
      verifyArchive(buffer, task.limits);
      return { ok: true, workbook: packWorkbook(await readEntryWorkbook(buffer)) };
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
