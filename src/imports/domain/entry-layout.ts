/**
 * The layout of the result-entry workbook (mẫu nhập kết quả): its sheets, its columns and the
 * hidden markers naming the cluster and year it was made for and what it was made from. Shared by the writer, the reader
 * and the error marker, so that they cannot drift apart.
 */
import type { WorkbookBase } from './import-plan.js';

export const INSTRUCTIONS_SHEET = 'Hướng dẫn';
export const RESULTS_SHEET = 'Kết quả';
/** Hidden: long dropdown lists (more than 255 characters do not fit in a validation formula). */
export const LISTS_SHEET = 'Danh mục';
/** Hidden: which cluster and year the workbook was made for, and the results it was made from. */
export const MARKER_SHEET = 'ThiDua';
export const TEMPLATE_KIND = 'thidua-nhap-ket-qua-v2';
/** Workbooks made before units were named by their codes (column A held database ids). */
export const OLD_TEMPLATE_KINDS: readonly string[] = ['thidua-nhap-ket-qua-v1'];

export const COLUMN_KEYS = [
  'unitCode',
  'unitName',
  'criterionCode',
  'criterionTitle',
  'kind',
  'method',
  'maxPoints',
  'target',
  'actual',
  'selfScore',
  'reviewedScore',
  'reviewReason',
  'note',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ColumnSpec {
  readonly key: ColumnKey;
  readonly header: string;
  /** A column the user fills in (unlocked). */
  readonly input: boolean;
  /** Needed to read a file back. */
  readonly required: boolean;
  readonly minWidth: number;
  readonly maxWidth: number;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'unitCode', header: 'Mã đơn vị', input: false, required: true, minWidth: 10, maxWidth: 16 },
  { key: 'unitName', header: 'Tên đơn vị', input: false, required: false, minWidth: 16, maxWidth: 40 },
  { key: 'criterionCode', header: 'Mã tiêu chí', input: false, required: true, minWidth: 11, maxWidth: 14 },
  { key: 'criterionTitle', header: 'Tiêu chí', input: false, required: false, minWidth: 20, maxWidth: 60 },
  { key: 'kind', header: 'Loại', input: false, required: false, minWidth: 10, maxWidth: 16 },
  { key: 'method', header: 'Cách tính', input: false, required: false, minWidth: 16, maxWidth: 45 },
  { key: 'maxPoints', header: 'Điểm tối đa', input: false, required: false, minWidth: 11, maxWidth: 12 },
  { key: 'target', header: 'Chỉ tiêu ký kết', input: false, required: false, minWidth: 14, maxWidth: 16 },
  { key: 'actual', header: 'Kết quả thực hiện', input: true, required: true, minWidth: 17, maxWidth: 18 },
  { key: 'selfScore', header: 'Điểm tự chấm', input: true, required: true, minWidth: 13, maxWidth: 14 },
  { key: 'reviewedScore', header: 'Điểm cụm chấm', input: true, required: true, minWidth: 14, maxWidth: 15 },
  { key: 'reviewReason', header: 'Lý do chấm khác', input: true, required: true, minWidth: 24, maxWidth: 40 },
  { key: 'note', header: 'Ghi chú', input: true, required: true, minWidth: 24, maxWidth: 40 },
];

/** 1-based column number of each column in the workbook as generated. */
export const COLUMN_NUMBER: Readonly<Record<ColumnKey, number>> = Object.fromEntries(
  COLUMNS.map((column, index) => [column.key, index + 1]),
) as Record<ColumnKey, number>;

export const HEADER_ROW = 1;
/** Blank rows after the data where a unit and a criterion can be chosen from a list. */
export const EXTRA_ROWS = 20;
/** Longest text accepted in the reason and note columns (as the API). */
export const MAX_TEXT_LENGTH = 4000;

/** Excel's column letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** The markers kept on the hidden sheet, as key/value rows. */
export interface WorkbookMarkers {
  readonly kind: string;
  readonly clusterId: number;
  readonly clusterCode: string;
  readonly year: number;
  /**
   * What the workbook was made from, per unit code (as codeKey): the results' version and values,
   * so that an import can tell what changed since (three-way-merge.ts).
   */
  readonly units: ReadonlyMap<string, WorkbookBase>;
}

/**
 * The hidden marker sheet: the key/value markers in columns A–B; each unit's results version in
 * D–E (code, version); the results the workbook was made from in G–M, one row per unit and leaf
 * that had any.
 */
export const VERSIONS_COLUMN = 4;
export const BASE_COLUMN = 7;
export const BASE_FIELDS = ['actual', 'selfScore', 'reviewedScore', 'reviewReason', 'note'] as const;

export const MARKER_KEYS = ['kind', 'clusterId', 'clusterCode', 'year'] as const;

/** A validation formula holds at most 255 characters; longer lists go on the hidden sheet. */
export const INLINE_LIST_LIMIT = 255;

/** The list as an inline validation formula ("a,b,c" in quotes), or null when it is too long. */
export function inlineList(values: readonly string[]): string | null {
  if (values.some((value) => value.includes(',') || value.includes('"'))) return null;
  const joined = values.join(',');
  return joined.length > INLINE_LIST_LIMIT ? null : `"${joined}"`;
}
