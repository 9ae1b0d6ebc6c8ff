/**
 * What an uploaded result-entry workbook asks for, checked cell by cell: every problem at once,
 * each naming its sheet and cell, and, when there is none, what would change for each unit, cell
 * by cell, merged three ways with what changed since the workbook was made (three-way-merge.ts).
 * Pure: the rows come in as plain cell values, the year's table, members and stored results as
 * plain data. The results themselves are checked with the API's own rules (validateResults).
 */
import { formatValue } from '../../standings/domain/format.js';
import { validateResults, type ResultEntry } from '../../standings/domain/results.js';
import type { CriterionInput } from '../../standings/domain/types.js';
import { COLUMNS, MAX_TEXT_LENGTH, type ColumnKey } from './entry-layout.js';
import { formatVietnamTime, mergeCell, NO_OVERWRITE, type CellValue, type OverwriteChoice } from './three-way-merge.js';
import { parseVietnameseNumber } from './vietnamese-number.js';

/**
 * A cell's value as read from the file: what a spreadsheet can hold. `{ formula }`: a formula the
 * file holds without its result (see cell-value.ts), which is refused, never read as empty.
 */
export type RawValue =
  number | string | boolean | Date | { readonly error: string } | { readonly formula: string } | null;

/** What to do with a formula saved without its result. */
export const UNCACHED_FORMULA_ADVICE =
  'tệp không lưu kết quả của công thức này; hãy mở và lưu lại tệp bằng Excel hoặc LibreOffice rồi gửi lại';

const formulaReason = (formula: string): string =>
  `ô có công thức ${formula.startsWith('(') ? formula : `=${formula}`} nhưng ${UNCACHED_FORMULA_ADVICE}`;

export interface RawCell {
  /** e.g. "I12". */
  readonly address: string;
  readonly value: RawValue;
}

/** One row of the results sheet: the cells of the columns the import reads, found by their headers. */
export interface RawRow {
  readonly row: number;
  readonly cells: Readonly<Partial<Record<ColumnKey, RawCell>>>;
}

/** What is stored (or will be) for one unit and leaf. */
export interface ImportedResult {
  readonly criterionCode: string;
  readonly actual: number | null;
  readonly selfScore: number | null;
  readonly reviewedScore: number | null;
  readonly note: string | null;
  readonly reviewReason: string | null;
}

/** A member unit as the workbook shows it: its code (never its database id) and its name that year. */
export interface ImportMember {
  readonly unitId: number;
  readonly code: string;
  readonly name: string;
}

export interface ImportContext {
  readonly sheet: string;
  readonly year: number;
  readonly criteria: readonly CriterionInput[];
  readonly members: readonly ImportMember[];
  /** Stored results per unit id, then per leaf code. */
  readonly stored: ReadonlyMap<number, ReadonlyMap<string, ImportedResult>>;
  /** Each member's results version now and who changed them last, per unit id. */
  readonly current?: ReadonlyMap<number, UnitState>;
  /** What the workbook was made from, per unit code (as codeKey). */
  readonly base?: ReadonlyMap<string, WorkbookBase>;
  /** Units whose conflicting cells the file overwrites, on purpose. */
  readonly overwrite?: OverwriteChoice;
}

export interface LastChange {
  /** The user's name (or "hệ thống"). */
  readonly by: string;
  readonly at: Date;
}

export interface UnitState {
  readonly version: number;
  readonly lastChange: LastChange | null;
}

/** One unit's results as the workbook was made from them. */
export interface WorkbookBase {
  readonly version: number;
  /** Per leaf code; a leaf without results is absent. */
  readonly results: ReadonlyMap<string, ImportedResult>;
}

/** An input column of the workbook. */
export type EntryField = 'actual' | 'selfScore' | 'reviewedScore' | 'reviewReason' | 'note';
export const ENTRY_FIELDS: readonly EntryField[] = ['actual', 'selfScore', 'reviewedScore', 'reviewReason', 'note'];

/** The column's header, as the workbook and the messages name it. */
export const fieldLabel = (field: EntryField): string => COLUMNS.find((c) => c.key === field)?.header ?? field;

/** One cell the import writes: old → new. */
export interface CellChange {
  readonly sheet: string;
  readonly cell: string;
  readonly criterionCode: string;
  readonly criterionTitle: string;
  readonly field: EntryField;
  /** The column's header ("Điểm cụm chấm"). */
  readonly column: string;
  readonly old: CellValue;
  readonly new: CellValue;
}

/** A cell changed since the workbook was made: its value then (base), now (current), in the file. */
export interface CellConflict {
  readonly sheet: string;
  readonly cell: string;
  readonly criterionCode: string;
  readonly criterionTitle: string;
  readonly field: EntryField;
  readonly column: string;
  readonly base: CellValue;
  readonly current: CellValue;
  readonly file: CellValue;
}

export interface CellProblem {
  readonly sheet: string;
  /** e.g. "I12". */
  readonly cell: string;
  /** The unit's code as in the file (null when the row has none). */
  readonly unitCode: string | null;
  /** The unit's name, when the code is one of the members'. */
  readonly unitName: string | null;
  readonly criterionCode: string | null;
  /** The criterion's title, when the code is in the scoring table. */
  readonly criterionTitle: string | null;
  /**
   * The full message: "Sheet 'Kết quả', ô J12 (Phường Bến Nghé – tiêu chí 2.1 'Chất lượng báo cáo'):
   * 'mười' không phải là số; cần số từ 0 đến 20."
   */
  readonly message: string;
  /** The message without its lead (sheet, cell, unit and criterion), for a list that shows those apart. */
  readonly detail: string;
}

/** What the file changes for one unit; `results` is the unit's whole list after the import. */
export interface UnitImport {
  readonly unitId: number;
  readonly code: string;
  readonly name: string;
  /** Rows of the file for this unit. */
  readonly rows: number;
  readonly added: number;
  readonly changed: number;
  readonly cleared: number;
  readonly unchanged: number;
  readonly results: readonly ImportedResult[];
  /** The unit's results version now, and the one the workbook was made from (null: not in it). */
  readonly version: number;
  readonly baseVersion: number | null;
  /** The results changed after the workbook was made. */
  readonly changedSince: boolean;
  readonly lastChange: LastChange | null;
  /** Every cell written, old → new (overwritten conflicts included). */
  readonly changes: readonly CellChange[];
  /** Cells the file still holds as they were when it was made, while they changed since: the newer value stays. */
  readonly keptNewer: readonly CellConflict[];
  /** Cells changed since the workbook was made that the file changes again. */
  readonly conflicts: readonly CellConflict[];
  /** The conflicts are overwritten on purpose. */
  readonly overwritten: boolean;
  /** The conflict in plain Vietnamese (who changed what and when, old → new), or null. */
  readonly conflictMessage: string | null;
}

export interface ImportPlan {
  readonly problems: readonly CellProblem[];
  /** Units present in the file, in member order. */
  readonly units: readonly UnitImport[];
  /** Units with conflicts not overwritten: the file cannot be applied while there is one. */
  readonly conflicts: readonly UnitImport[];
}

const SCORE_FIELDS = ['actual', 'selfScore', 'reviewedScore'] as const;
type ScoreField = (typeof SCORE_FIELDS)[number];
const TEXT_FIELDS = ['reviewReason', 'note'] as const;

/** Largest number the API stores (as DecimalField). */
const MAX_NUMBER = 9_999_999_999;

/** What a problem is about, as far as the row says. */
export interface ProblemSubject {
  readonly unitCode: string | null;
  readonly unitName: string | null;
  readonly criterionCode: string | null;
  readonly criterionTitle: string | null;
}

const NO_SUBJECT: ProblemSubject = { unitCode: null, unitName: null, criterionCode: null, criterionTitle: null };

const shorten = (text: string, length = 60): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/**
 * "Sheet 'Kết quả', ô J12 (Phường Bến Nghé – tiêu chí 2.1 'Chất lượng báo cáo'): …": the sheet, the
 * cell, and the unit and criterion of the row as far as they are known.
 */
export function cellMessage(sheet: string, cell: string, detail: string, subject: ProblemSubject = NO_SUBJECT): string {
  const parts: string[] = [];
  if (subject.unitName !== null) parts.push(shorten(subject.unitName));
  else if (subject.unitCode !== null) parts.push(`đơn vị mã '${shorten(subject.unitCode, 40)}'`);
  if (subject.criterionCode !== null) {
    const title = subject.criterionTitle === null ? '' : ` '${shorten(subject.criterionTitle)}'`;
    parts.push(`tiêu chí ${shorten(subject.criterionCode, 40)}${title}`);
  }
  const about = parts.length === 0 ? '' : ` (${parts.join(' – ')})`;
  return `Sheet '${sheet}', ô ${cell}${about}: ${detail}`;
}

/** How a code typed in a cell is matched: trimmed, Unicode-normalized, case-insensitive. */
export const codeKey = (code: string): string =>
  code.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');

/**
 * A message of the API's rules (validateResults) as a workbook user reads it: the cell already
 * names the criterion, and the API's field names mean nothing in a spreadsheet.
 */
export function cellDetail(message: string): string {
  return message
    .replace(/^Tiêu chí "[^"]*": /, '')
    .replace(/ \((selfScore|reviewedScore|actual|reviewReason|note)\)/g, '')
    .replace(/ô điểm tự chấm hoặc điểm cụm chấm/, 'cột "Điểm tự chấm" hoặc "Điểm cụm chấm"');
}

/** A cell value as shown in a message: 'mười', 7,5, #DIV/0!, 03/12/2021. */
export function showValue(value: RawValue): string {
  if (value === null) return '(trống)';
  if (typeof value === 'number') {
    return Number.isInteger(value * 10_000) ? formatValue(value) : String(value).replace('.', ',');
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  if (typeof value === 'object') return 'error' in value ? value.error : `=${value.formula}`;
  const text = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `'${text}'`;
}

const isBlank = (value: RawValue | undefined): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * A number from a cell: a number as it is, a numeric text written the Vietnamese way ("1.250,5",
 * see vietnamese-number.ts), TRUE/FALSE as 1/0; blank is null. At most 4 decimals (float noise from a formula is rounded away), as the API stores.
 */
export function parseNumber(value: RawValue): Parsed<number | null> {
  if (isBlank(value)) return { ok: true, value: null };
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'string') {
    const parsed = parseVietnameseNumber(value);
    if (!parsed.ok) return parsed;
    number = parsed.value;
  } else if (value instanceof Date) {
    return { ok: false, reason: `${showValue(value)} là ngày tháng, không phải là số` };
  } else if (value !== null && 'formula' in value) {
    return { ok: false, reason: formulaReason(value.formula) };
  } else {
    return { ok: false, reason: `ô có lỗi công thức ${showValue(value)}` };
  }
  if (!Number.isFinite(number)) return { ok: false, reason: `${showValue(value)} không phải là số` };
  const rounded = Math.round(number * 10_000) / 10_000;
  if (Math.abs(rounded - number) > 1e-9 * Math.max(1, Math.abs(number))) {
    return { ok: false, reason: `${showValue(value)} có quá 4 chữ số thập phân` };
  }
  if (Math.abs(rounded) > MAX_NUMBER) return { ok: false, reason: `${showValue(value)} quá lớn` };
  return { ok: true, value: rounded === 0 ? 0 : rounded };
}

/** Text from a cell, trimmed; blank is null. */
export function parseText(value: RawValue): Parsed<string | null> {
  if (isBlank(value)) return { ok: true, value: null };
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number') text = String(value);
  else if (typeof value === 'boolean') text = value ? 'TRUE' : 'FALSE';
  else if (value instanceof Date) text = showValue(value);
  else if (value !== null && 'formula' in value) return { ok: false, reason: formulaReason(value.formula) };
  else return { ok: false, reason: `ô có lỗi công thức ${showValue(value)}` };
  if (text.length > MAX_TEXT_LENGTH) {
    return { ok: false, reason: `dài ${text.length} ký tự; tối đa ${MAX_TEXT_LENGTH} ký tự` };
  }
  return { ok: true, value: text };
}

/** What a numeric input cell of this leaf expects, in words. */
export function expectation(criterion: CriterionInput, field: ScoreField): string {
  if (field !== 'actual') {
    return criterion.maxPoints === null ? 'cần số từ 0 trở lên' : `cần số từ 0 đến ${formatValue(criterion.maxPoints)}`;
  }
  if (criterion.method === 'direct') return 'cần để trống (tiêu chí này nhập điểm trực tiếp)';
  if (criterion.method === 'per-occurrence') return 'cần số nguyên từ 0 trở lên (số lần)';
  if (criterion.method === 'all-or-nothing' && criterion.kind !== 'target') return 'cần 1 (đạt) hoặc 0 (không đạt)';
  return criterion.unitOfMeasure ? `cần số từ 0 trở lên (${criterion.unitOfMeasure})` : 'cần số từ 0 trở lên';
}

/** Whether the leaf's method accepts only 1 (met) or 0 (not met) as actual value. */
export const isYesNo = (criterion: CriterionInput): boolean =>
  criterion.method === 'all-or-nothing' && criterion.kind !== 'target';

const sameResult = (a: ImportedResult | undefined, b: ImportedResult | undefined): boolean =>
  (a === undefined && b === undefined) ||
  (a !== undefined &&
    b !== undefined &&
    a.actual === b.actual &&
    a.selfScore === b.selfScore &&
    a.reviewedScore === b.reviewedScore &&
    a.note === b.note &&
    a.reviewReason === b.reviewReason);

const hasValue = (r: ImportedResult): boolean =>
  r.actual !== null || r.selfScore !== null || r.reviewedScore !== null || r.note !== null;

interface FileEntry {
  readonly row: RawRow;
  readonly result: ImportedResult;
}

/** Checks every row of the file and works out, per unit, the results after the import. */
export function planImport(rows: readonly RawRow[], context: ImportContext): ImportPlan {
  const { sheet, year } = context;
  const problems: CellProblem[] = [];
  const byUnitCode = new Map(context.members.map((m) => [codeKey(m.code), m] as const));
  const byCode = new Map(context.criteria.map((c) => [codeKey(c.code), c] as const));
  const seen = new Map<string, number>();
  const entries = new Map<number, FileEntry[]>();
  const report = (cell: string, detail: string, subject: ProblemSubject): void => {
    problems.push({ sheet, cell, ...subject, message: cellMessage(sheet, cell, detail, subject), detail });
  };

  for (const row of rows) {
    const { cells } = row;
    const keys: ColumnKey[] = ['unitCode', 'criterionCode', ...SCORE_FIELDS, ...TEXT_FIELDS];
    if (keys.every((key) => isBlank(cells[key]?.value))) continue;
    const where = (key: ColumnKey): string => cells[key]?.address ?? `?${row.row}`;

    let member: ImportMember | undefined;
    let typedUnit: string | null = null;
    let unitProblem: string | null = null;
    const unitText = parseText(cells.unitCode?.value ?? null);
    if (!unitText.ok) unitProblem = `${unitText.reason}.`;
    else if (unitText.value === null) unitProblem = 'thiếu mã đơn vị; chọn mã đơn vị từ danh sách.';
    else {
      typedUnit = unitText.value;
      member = byUnitCode.get(codeKey(unitText.value));
      if (member === undefined) {
        unitProblem = `mã đơn vị '${shorten(unitText.value, 40)}' không có trong các đơn vị của cụm năm ${year}; chọn mã đơn vị từ danh sách.`;
      }
    }

    let criterion: CriterionInput | undefined;
    let typedCode: string | null = null;
    let codeProblem: string | null = null;
    const code = parseText(cells.criterionCode?.value ?? null);
    if (!code.ok) codeProblem = `${code.reason}.`;
    else if (code.value === null) codeProblem = 'thiếu mã tiêu chí; chọn mã tiêu chí từ danh sách.';
    else {
      typedCode = code.value;
      criterion = byCode.get(codeKey(code.value));
      if (criterion === undefined) {
        codeProblem = `mã tiêu chí '${shorten(code.value, 40)}' không có trong bảng chấm điểm năm ${year}.`;
      } else if (criterion.kind === null) {
        codeProblem = `'${criterion.code}' là nhóm tiêu chí; điểm của nhóm là tổng các tiêu chí con, hãy nhập cho từng tiêu chí con.`;
        criterion = undefined;
      }
    }
    const subject: ProblemSubject = {
      unitCode: member?.code ?? typedUnit,
      unitName: member?.name ?? null,
      criterionCode: criterion?.code ?? typedCode,
      criterionTitle: criterion?.title ?? null,
    };
    const add = (key: ColumnKey, detail: string): void => report(where(key), detail, subject);
    if (unitProblem !== null) add('unitCode', unitProblem);
    if (codeProblem !== null) add('criterionCode', codeProblem);
    if (member === undefined || criterion === undefined) continue;

    const key = `${member.unitId}\u0000${criterion.code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add(
        'criterionCode',
        `đơn vị này đã có một dòng cho tiêu chí ${criterion.code} ở dòng ${first}; mỗi đơn vị chỉ nhập một dòng cho mỗi tiêu chí.`,
      );
      continue;
    }
    seen.set(key, row.row);

    const values: Partial<Record<EntryField, number | string | null>> = {};
    let valid = true;
    for (const field of SCORE_FIELDS) {
      const value = cells[field]?.value ?? null;
      const parsed = parseNumber(value);
      if (!parsed.ok) {
        add(field, `${parsed.reason}; ${expectation(criterion, field)}.`);
        valid = false;
      } else {
        values[field] = parsed.value;
      }
    }
    for (const field of TEXT_FIELDS) {
      const parsed = parseText(cells[field]?.value ?? null);
      if (!parsed.ok) {
        add(field, `${parsed.reason}.`);
        valid = false;
      } else {
        values[field] = parsed.value;
      }
    }
    if (!valid) continue;
    const result: ImportedResult = {
      criterionCode: criterion.code,
      actual: (values.actual as number | null | undefined) ?? null,
      selfScore: (values.selfScore as number | null | undefined) ?? null,
      reviewedScore: (values.reviewedScore as number | null | undefined) ?? null,
      note: (values.note as string | null | undefined) ?? null,
      reviewReason: (values.reviewReason as string | null | undefined) ?? null,
    };
    const list = entries.get(member.unitId) ?? [];
    list.push({ row, result });
    entries.set(member.unitId, list);
  }

  const units: UnitImport[] = [];
  const leaves = context.criteria.filter((c) => c.kind !== null);
  const titleOf = new Map(leaves.map((c) => [c.code, c.title] as const));
  const conflicted: UnitImport[] = [];
  for (const member of context.members) {
    const fileEntries = entries.get(member.unitId);
    if (fileEntries === undefined) continue;
    const stored = context.stored.get(member.unitId) ?? new Map<string, ImportedResult>();
    const state = context.current?.get(member.unitId) ?? { version: 1, lastChange: null };
    const base = context.base?.get(codeKey(member.code));
    const changedSince = base === undefined ? context.base !== undefined : base.version !== state.version;
    const overwrite = context.overwrite ?? NO_OVERWRITE;
    const overwriting = overwrite.all || overwrite.codes.has(codeKey(member.code));
    const changes: CellChange[] = [];
    const keptNewer: CellConflict[] = [];
    const conflicts: CellConflict[] = [];
    const merged: FileEntry[] = fileEntries.map((entry) => {
      const code = entry.result.criterionCode;
      const now = stored.get(code) ?? emptyResult(code);
      const then = base?.results.get(code) ?? emptyResult(code);
      const out: Record<EntryField, CellValue> = { ...pick(entry.result) };
      for (const field of ENTRY_FIELDS) {
        const where = {
          sheet,
          cell: entry.row.cells[field]?.address ?? `?${entry.row.row}`,
          criterionCode: code,
          criterionTitle: titleOf.get(code) ?? '',
          field,
          column: fieldLabel(field),
        };
        const file = out[field];
        const outcome = mergeCell(then[field], now[field], file, changedSince);
        switch (outcome) {
          case 'same':
            break;
          case 'change':
            changes.push({ ...where, old: now[field], new: file });
            break;
          case 'keep-newer':
            keptNewer.push({ ...where, base: then[field], current: now[field], file });
            out[field] = now[field];
            break;
          case 'conflict':
            conflicts.push({ ...where, base: then[field], current: now[field], file });
            if (overwriting) changes.push({ ...where, old: now[field], new: file });
            else out[field] = now[field];
            break;
        }
      }
      return { row: entry.row, result: { criterionCode: code, ...(out as Omit<ImportedResult, 'criterionCode'>) } };
    });
    const fromFile = new Map(merged.map((e) => [e.result.criterionCode, e] as const));
    const results: ImportedResult[] = [];
    const rowOf: (FileEntry | null)[] = [];
    for (const leaf of leaves) {
      const entry = fromFile.get(leaf.code);
      const result = entry ? entry.result : stored.get(leaf.code);
      if (result === undefined || !hasValue(result)) continue;
      results.push(result);
      rowOf.push(entry ?? null);
    }
    const check: ResultEntry[] = results.map((r) => ({
      criterionCode: r.criterionCode,
      actual: r.actual,
      selfScore: r.selfScore,
      reviewedScore: r.reviewedScore,
      reviewReason: r.reviewReason,
    }));
    for (const problem of validateResults(context.criteria, check)) {
      const entry = rowOf[problem.index];
      const criterionCode = results[problem.index]?.criterionCode ?? null;
      const subject: ProblemSubject = {
        unitCode: member.code,
        unitName: member.name,
        criterionCode,
        criterionTitle: criterionCode === null ? null : (titleOf.get(criterionCode) ?? null),
      };
      const field = problem.field as ColumnKey;
      if (entry) {
        const cell = entry.row.cells[field] ?? entry.row.cells.criterionCode;
        const shown = cell && !isBlank(cell.value) ? `${showValue(cell.value)}: ` : '';
        report(cell?.address ?? `?${entry.row.row}`, `${shown}${cellDetail(problem.message)}`, subject);
      } else {
        const anchor = fileEntries[0].row.cells.unitCode;
        report(
          anchor?.address ?? `?${fileEntries[0].row.row}`,
          `kết quả đã lưu không còn hợp lệ: ${cellDetail(problem.message)}`,
          subject,
        );
      }
    }
    let added = 0;
    let changed = 0;
    let cleared = 0;
    let unchanged = 0;
    for (const { result } of merged) {
      const before = stored.get(result.criterionCode);
      const after = hasValue(result) ? result : undefined;
      const was = before !== undefined && hasValue(before) ? before : undefined;
      if (sameResult(was, after)) unchanged += 1;
      else if (was === undefined) added += 1;
      else if (after === undefined) cleared += 1;
      else changed += 1;
    }
    const unit: UnitImport = {
      unitId: member.unitId,
      code: member.code,
      name: member.name,
      rows: fileEntries.length,
      added,
      changed,
      cleared,
      unchanged,
      results,
      version: state.version,
      baseVersion: base?.version ?? null,
      changedSince,
      lastChange: state.lastChange,
      changes,
      keptNewer,
      conflicts,
      overwritten: overwriting && conflicts.length > 0,
      conflictMessage: conflicts.length === 0 ? null : conflictMessage(member, state, base?.version ?? null, conflicts),
    };
    units.push(unit);
    if (conflicts.length > 0 && !overwriting) conflicted.push(unit);
  }
  return { problems: sortProblems(problems), units, conflicts: conflicted };
}

const emptyResult = (criterionCode: string): ImportedResult => ({
  criterionCode,
  actual: null,
  selfScore: null,
  reviewedScore: null,
  note: null,
  reviewReason: null,
});

const pick = (r: ImportedResult): Record<EntryField, CellValue> => ({
  actual: r.actual,
  selfScore: r.selfScore,
  reviewedScore: r.reviewedScore,
  reviewReason: r.reviewReason,
  note: r.note,
});

/**
 * "Ban Tuyên giáo Quận 1 (mã Q1): kết quả đã được thuky.q1 sửa lúc 15:04 ngày 29/11/2026, sau khi
 * tệp được tải về; 1 ô trong tệp khác cả giá trị lúc tải tệp lẫn giá trị hiện tại: ô K9 (tiêu chí
 * 2.1 'Chất lượng báo cáo', Điểm cụm chấm): lúc tải tệp 16 → hiện tại 18 → trong tệp 14. …"
 */
export function conflictMessage(
  member: ImportMember,
  state: UnitState,
  baseVersion: number | null,
  conflicts: readonly CellConflict[],
): string {
  const who =
    state.lastChange === null
      ? 'kết quả đã được sửa'
      : `kết quả đã được ${state.lastChange.by} sửa lúc ${formatVietnamTime(state.lastChange.at)}`;
  const since =
    baseVersion === null
      ? 'sau khi tệp được tải về'
      : `sau khi tệp được tải về (phiên bản ${baseVersion} → ${state.version})`;
  const cells = conflicts
    .map(
      (c) =>
        `ô ${c.cell} (tiêu chí ${c.criterionCode} '${shorten(c.criterionTitle)}', ${c.column}): ` +
        `lúc tải tệp ${showValue(c.base)} → hiện tại ${showValue(c.current)} → trong tệp ${showValue(c.file)}`,
    )
    .join('; ');
  return (
    `${member.name} (mã ${member.code}): ${who}, ${since}; ${conflicts.length} ô trong tệp khác cả giá trị lúc tải tệp ` +
    `lẫn giá trị hiện tại: ${cells}. Để giữ giá trị hiện tại, hãy tải mẫu mới và nhập lại; để ghi đè bằng giá trị ` +
    'trong tệp, chọn ghi đè đơn vị này và ghi lý do.'
  );
}

/** Row by row, then column by column. */
function sortProblems(problems: readonly CellProblem[]): CellProblem[] {
  const position = (cell: string): [number, number] => {
    const match = /^([A-Z]+)(\d+)$/.exec(cell);
    if (!match) return [Number.MAX_SAFE_INTEGER, 0];
    const column = [...match[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(match[2]), column];
  };
  return [...problems].sort((a, b) => {
    const [ra, ca] = position(a.cell);
    const [rb, cb] = position(b.cell);
    return ra - rb || ca - cb;
  });
}
