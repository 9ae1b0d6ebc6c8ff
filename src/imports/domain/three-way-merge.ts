/**
 * A workbook round trip never undoes newer work. Each input cell is compared three ways: what
 * the unit's results held when the workbook was made (the base, kept in the workbook), what they
 * hold now, and what the file says.
 * - the file says what is stored now: nothing to do;
 * - the results have not changed since the workbook was made: the file's value is written;
 * - they have, but the file still holds the value it was made with (nobody typed in that cell):
 *   the newer value is kept;
 * - they have, and the file says something else again: a conflict, written only when the user
 *   deliberately overwrites that unit (with a reason).
 */

export type CellValue = number | string | null;

export type MergeOutcome = 'same' | 'change' | 'keep-newer' | 'conflict';

/**
 * `changedSince`: the unit's results version differs from the one the workbook was made from
 * (when it does not, base and current are the same data, whatever the file says).
 */
export function mergeCell(base: CellValue, current: CellValue, file: CellValue, changedSince: boolean): MergeOutcome {
  if (file === current) return 'same';
  if (!changedSince || base === current) return 'change';
  if (file === base) return 'keep-newer';
  return 'conflict';
}

/** Whether a conflicting unit is overwritten: `all`, or its code is listed (codes compared as codeKey). */
export type OverwriteChoice = { readonly all: true } | { readonly all: false; readonly codes: ReadonlySet<string> };

export const NO_OVERWRITE: OverwriteChoice = { all: false, codes: new Set() };

/** "15:04 ngày 29/11/2026" in Vietnam's time (UTC+7, no daylight saving), from an instant. */
export function formatVietnamTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}
