/**
 * Reads an uploaded result-entry workbook into plain rows (import-plan.ts checks them): refuses
 * what is not an .xlsx file (415), a damaged one, or one that is not our template (400), naming
 * what is wrong. Accepts files saved by Excel and by LibreOffice. Plain function: no Nest.
 */
import ExcelJS from 'exceljs';
import { AppException } from '../common/app-exception.js';
import {
  COLUMNS,
  HEADER_ROW,
  MARKER_KEYS,
  MARKER_SHEET,
  OLD_TEMPLATE_KINDS,
  RESULTS_SHEET,
  TEMPLATE_KIND,
  VERSIONS_COLUMN,
  BASE_COLUMN,
  BASE_FIELDS,
  columnLetter,
  type ColumnKey,
  type WorkbookMarkers,
} from './domain/entry-layout.js';
import { plainValue } from './domain/cell-value.js';
import { checkFileType } from './xlsx-archive.js';
import { codeKey, type ImportedResult, type RawRow, type RawValue, type WorkbookBase } from './domain/import-plan.js';

export interface EntryWorkbookContent {
  readonly markers: WorkbookMarkers;
  readonly sheet: string;
  readonly rows: readonly RawRow[];
}

/** Loads an .xlsx file, or throws the API's error (415 not a workbook, 400 damaged). */
export async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  checkFileType(buffer);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppException(
      'IMPORT_FILE_INVALID',
      'Tệp .xlsx bị hỏng hoặc không đọc được (có thể tải lên chưa hết); hãy mở thử bằng Excel, lưu lại rồi gửi lại.',
    );
  }
  return workbook;
}

const normalize = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The hidden markers, or null when the workbook has none (not our template). */
export function readMarkers(workbook: ExcelJS.Workbook): WorkbookMarkers | null {
  const sheet = workbook.getWorksheet(MARKER_SHEET);
  if (!sheet) return null;
  const found = new Map<string, RawValue>();
  for (let row = 1; row <= Math.max(sheet.rowCount, MARKER_KEYS.length); row += 1) {
    const key = plainValue(sheet.getCell(row, 1).value);
    if (typeof key === 'string') found.set(key.trim(), plainValue(sheet.getCell(row, 2).value));
  }
  const clusterId = Number(found.get('clusterId'));
  const year = Number(found.get('year'));
  const kind = found.get('kind');
  if (typeof kind === 'string' && OLD_TEMPLATE_KINDS.includes(kind)) {
    throw new AppException(
      'IMPORT_FILE_INVALID',
      'Tệp là mẫu nhập kết quả kiểu cũ (đơn vị ghi bằng số thứ tự trong hệ thống, không phải mã đơn vị); hãy tải mẫu mới của cụm, năm cần nhập và điền lại vào đó.',
    );
  }
  if (kind !== TEMPLATE_KIND || !Number.isInteger(clusterId) || !Number.isInteger(year)) return null;
  const code = found.get('clusterCode');
  const clusterCode = typeof code === 'string' || typeof code === 'number' ? String(code) : '';
  return { kind, clusterId, clusterCode, year, units: readBase(sheet) };
}

/** Each unit's results version and values the workbook was made from (see entry-layout.ts). */
function readBase(sheet: ExcelJS.Worksheet): Map<string, WorkbookBase> {
  const text = (row: number, column: number): string | null => {
    const value = plainValue(sheet.getCell(row, column).value);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  const versions = new Map<string, { version: number; results: Map<string, ImportedResult> }>();
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    const unitCode = text(row, VERSIONS_COLUMN);
    const version = plainValue(sheet.getCell(row, VERSIONS_COLUMN + 1).value);
    if (unitCode === null || typeof version !== 'number' || !Number.isInteger(version)) continue;
    versions.set(codeKey(unitCode), { version, results: new Map() });
  }
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    const unitCode = text(row, BASE_COLUMN);
    const criterionCode = text(row, BASE_COLUMN + 1);
    const unit = unitCode === null ? undefined : versions.get(codeKey(unitCode));
    if (unit === undefined || criterionCode === null) continue;
    const value = (i: number): RawValue => plainValue(sheet.getCell(row, BASE_COLUMN + 2 + i).value);
    const number = (i: number): number | null => {
      const v = value(i);
      return typeof v === 'number' ? v : null;
    };
    const string = (i: number): string | null => {
      const v = value(i);
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
    };
    unit.results.set(criterionCode, {
      criterionCode,
      actual: number(BASE_FIELDS.indexOf('actual')),
      selfScore: number(BASE_FIELDS.indexOf('selfScore')),
      reviewedScore: number(BASE_FIELDS.indexOf('reviewedScore')),
      reviewReason: string(BASE_FIELDS.indexOf('reviewReason')),
      note: string(BASE_FIELDS.indexOf('note')),
    });
  }
  return versions;
}

/** The results sheet's rows (the columns the import reads), its columns located by their headers. */
export function readRows(workbook: ExcelJS.Workbook): { sheet: string; rows: RawRow[] } {
  const sheet = workbook.getWorksheet(RESULTS_SHEET);
  if (!sheet) {
    throw new AppException(
      'IMPORT_FILE_INVALID',
      `Tệp không có sheet '${RESULTS_SHEET}'; hãy dùng mẫu nhập kết quả tải về và không đổi tên sheet.`,
    );
  }
  const byHeader = new Map(COLUMNS.map((c) => [normalize(c.header), c.key] as const));
  const located = new Map<ColumnKey, number>();
  const header = sheet.getRow(HEADER_ROW);
  for (let column = 1; column <= Math.max(header.cellCount, sheet.columnCount); column += 1) {
    const value = plainValue(header.getCell(column).value);
    if (typeof value !== 'string') continue;
    const key = byHeader.get(normalize(value));
    if (key !== undefined && !located.has(key)) located.set(key, column);
  }
  const missing = COLUMNS.filter((c) => c.required && !located.has(c.key));
  if (missing.length > 0) {
    const errors: Record<string, string[]> = {};
    for (const column of missing) {
      errors[`'${RESULTS_SHEET}'!${HEADER_ROW}`] = [
        ...(errors[`'${RESULTS_SHEET}'!${HEADER_ROW}`] ?? []),
        `Sheet '${RESULTS_SHEET}', dòng ${HEADER_ROW}: thiếu cột "${column.header}".`,
      ];
    }
    throw new AppException(
      'IMPORT_FILE_INVALID',
      `Sheet '${RESULTS_SHEET}' thiếu cột ${missing.map((c) => `"${c.header}"`).join(', ')} ở dòng tiêu đề; hãy dùng mẫu nhập kết quả tải về và không đổi tên cột.`,
      errors,
    );
  }
  // The cells the import reads: the codes and the input columns (the others only show, and are
  // neither checked nor sent on to the plan).
  const read = [...located].filter(([key]) => COLUMNS.some((c) => c.key === key && c.required));
  const rows: RawRow[] = [];
  for (let row = HEADER_ROW + 1; row <= sheet.rowCount; row += 1) {
    const sheetRow = sheet.getRow(row);
    const cells: Partial<Record<ColumnKey, { address: string; value: RawValue }>> = {};
    for (const [key, column] of read) {
      cells[key] = { address: `${columnLetter(column)}${row}`, value: plainValue(sheetRow.getCell(column).value) };
    }
    rows.push({ row, cells });
  }
  return { sheet: sheet.name, rows };
}

/** Loads and reads the whole file. */
export async function readEntryWorkbook(buffer: Buffer): Promise<EntryWorkbookContent> {
  const workbook = await loadXlsx(buffer);
  const markers = readMarkers(workbook);
  if (markers === null) {
    throw new AppException(
      'IMPORT_FILE_INVALID',
      'Tệp không phải mẫu nhập kết quả của hệ thống (không có thông tin cụm và năm); hãy tải mẫu nhập kết quả của cụm, năm cần nhập và điền vào đó.',
    );
  }
  return { markers, ...readRows(workbook) };
}
