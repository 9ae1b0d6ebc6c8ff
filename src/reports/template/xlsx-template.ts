/**
 * Fills report templates: .xlsx files edited in Excel or LibreOffice, with `{{key}}` placeholders.
 *
 * - A cell that is exactly `{{key}}` gets the typed value (a number stays a number with the
 *   cell's number format, a date a date); a placeholder inside longer text is replaced as text.
 * - The row holding `{{row.…}}` placeholders is the table row: it is repeated once per item,
 *   with its styles; what stands below it moves down, merged cells included.
 * - Columns holding `{{col.…}}` placeholders form a column group, repeated to the right once per
 *   group (e.g. per unit), with their styles and merges; in the table row, `{{col.x}}` is the value
 *   of item × group.
 * Text from users is always written as text, never as a formula.
 */
import type ExcelJS from 'exceljs';

export type CellValue = string | number | Date | null;

export interface TableRow {
  readonly values: Readonly<Record<string, CellValue>>;
  /** Values per column group, in group order. */
  readonly groups?: readonly Readonly<Record<string, CellValue>>[];
}

export interface SheetData {
  readonly scalars: Readonly<Record<string, CellValue>>;
  readonly rows?: readonly TableRow[];
  /** Values of the column groups outside the table row (their headers). */
  readonly groups?: readonly Readonly<Record<string, CellValue>>[];
}

export const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;
const WHOLE = /^\s*\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}\s*$/;

/** The text of a cell as the user typed it (rich text joined), or null when it is not text. */
function cellText(cell: Pick<ExcelJS.Cell, 'value'>): string | null {
  const value = cell.value;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return null;
}

function rowsWith(sheet: ExcelJS.Worksheet, prefix: string): number[] {
  const rows: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let found = false;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if ((cellText(cell) ?? '').includes(`{{${prefix}.`)) found = true;
    });
    if (found) rows.push(rowNumber);
  });
  return rows;
}

function columnsWith(sheet: ExcelJS.Worksheet, prefix: string): number[] {
  const columns = new Set<number>();
  sheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if ((cellText(cell) ?? '').includes(`{{${prefix}.`)) columns.add(Number(cell.col));
    });
  });
  return [...columns].sort((a, b) => a - b);
}

const cloneStyle = (style: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> =>
  JSON.parse(JSON.stringify(style)) as Partial<ExcelJS.Style>;

/** Repeats the column block [first, last] `count - 1` times to the right, with values, styles and merges. */
function expandColumns(sheet: ExcelJS.Worksheet, first: number, last: number, count: number): void {
  const width = last - first + 1;
  if (count <= 1) return;
  // Move what stands right of the block out of the way first.
  const lastColumn = sheet.columnCount;
  for (let column = lastColumn; column > last; column -= 1) {
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const from = sheet.getCell(r, column);
      const to = sheet.getCell(r, column + width * (count - 1));
      to.value = from.value;
      to.style = cloneStyle(from.style);
      from.value = null;
    }
  }
  const merges = sheetMerges(sheet).filter((m) => m.left >= first && m.right <= last);
  for (let group = 1; group < count; group += 1) {
    const offset = group * width;
    for (let column = first; column <= last; column += 1) {
      const templateWidth = sheet.getColumn(column).width;
      if (templateWidth !== undefined) sheet.getColumn(column + offset).width = templateWidth;
      for (let r = 1; r <= sheet.rowCount; r += 1) {
        const from = sheet.getCell(r, column);
        if (from.isMerged && from.master.address !== from.address) continue;
        const to = sheet.getCell(r, column + offset);
        to.value = from.value;
        to.style = cloneStyle(from.style);
      }
    }
    for (const merge of merges) sheet.mergeCells(merge.top, merge.left + offset, merge.bottom, merge.right + offset);
  }
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function sheetMerges(sheet: ExcelJS.Worksheet): MergeRange[] {
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  return merges.map((range) => {
    const [a, b] = range.split(':');
    const start = sheet.getCell(a ?? 'A1');
    const end = sheet.getCell(b ?? a ?? 'A1');
    return { top: Number(start.row), left: Number(start.col), bottom: Number(end.row), right: Number(end.col) };
  });
}

function display(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) {
    const d = value.toISOString().slice(0, 10).split('-');
    return `${d[2]}/${d[1]}/${d[0]}`;
  }
  return String(value);
}

/**
 * The value of a template cell holding `text` once its placeholders are filled; undefined when the
 * cell stays as it is (no placeholder with a value).
 */
function filledValue(text: string, lookup: (key: string) => CellValue | undefined): CellValue | undefined {
  const whole = WHOLE.exec(text);
  // Strings are set as plain string values: exceljs writes them as text, never as formulas.
  if (whole) return lookup(whole[1] ?? '');
  let changed = false;
  const replaced = text.replace(PLACEHOLDER, (match, key: string) => {
    const value = lookup(key);
    if (value === undefined) return match;
    changed = true;
    return display(value);
  });
  return changed ? replaced : undefined;
}

/**
 * What a template cell holds once filled: `value` itself when it is not text with a placeholder
 * that has a value. `item` is the table row's item when the cell is in one, `group` its column group.
 */
export function filledCell(
  value: ExcelJS.CellValue,
  data: SheetData,
  item: TableRow | undefined,
  group: number | undefined,
): ExcelJS.CellValue {
  const text = cellText({ value });
  if (text === null || !text.includes('{{')) return value;
  const filled = filledValue(text, (key) => {
    if (key.startsWith('row.')) return item?.values[key.slice(4)] ?? (item ? null : undefined);
    if (key.startsWith('col.')) {
      if (group === undefined) return undefined;
      const source = item ? item.groups?.[group] : data.groups?.[group];
      return source?.[key.slice(4)] ?? null;
    }
    return key in data.scalars ? (data.scalars[key] ?? null) : undefined;
  });
  return filled === undefined ? value : filled;
}

/** Empties the cells of the column groups (`{{col.…}}`): what a sheet filled without groups shows there. */
export function emptyColumnGroups(sheet: ExcelJS.Worksheet): void {
  const columns = columnsWith(sheet, 'col');
  const first = columns[0];
  const last = columns.at(-1);
  if (first === undefined || last === undefined) return;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    for (let c = first; c <= last; c += 1) sheet.getCell(r, c).value = null;
  }
}

/** The table row of a sheet: the first row holding `{{row.…}}` placeholders. */
export const tableRowOf = (sheet: ExcelJS.Worksheet): number | undefined => rowsWith(sheet, 'row')[0];

/** Fills one sheet with its data (see the file comment for the rules). */
export function fillSheet(sheet: ExcelJS.Worksheet, data: SheetData): void {
  const groupColumns = columnsWith(sheet, 'col');
  const groupCount = data.groups?.length ?? data.rows?.[0]?.groups?.length ?? 0;
  const groupFirst = groupColumns[0];
  const groupLast = groupColumns.at(-1);
  const groupWidth = groupFirst === undefined || groupLast === undefined ? 0 : groupLast - groupFirst + 1;
  if (groupFirst !== undefined && groupLast !== undefined) {
    if (groupCount === 0) emptyColumnGroups(sheet);
    else expandColumns(sheet, groupFirst, groupLast, groupCount);
  }

  const tableRow = rowsWith(sheet, 'row')[0];
  const items = data.rows ?? [];
  if (tableRow !== undefined) {
    // exceljs moves the cells below the table but not their merges: move those by hand.
    const below = sheetMerges(sheet).filter((m) => m.top > tableRow);
    for (const m of below) sheet.unMergeCells(m.top, m.left, m.bottom, m.right);
    if (items.length === 0) sheet.spliceRows(tableRow, 1);
    else if (items.length > 1) sheet.duplicateRow(tableRow, items.length - 1, true);
    const shift = Math.max(items.length, 0) - 1;
    for (const m of below) sheet.mergeCells(m.top + shift, m.left, m.bottom + shift, m.right);
  }
  const itemOf = (rowNumber: number): TableRow | undefined =>
    tableRow !== undefined && rowNumber >= tableRow && rowNumber < tableRow + items.length
      ? items[rowNumber - tableRow]
      : undefined;
  const groupOf = (column: number): number | undefined =>
    groupFirst !== undefined && groupWidth > 0 && column >= groupFirst && column < groupFirst + groupWidth * groupCount
      ? Math.floor((column - groupFirst) / groupWidth)
      : undefined;

  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const item = itemOf(rowNumber);
    row.eachCell({ includeEmpty: false }, (cell) => {
      const value = cell.value;
      const filled = filledCell(value, data, item, groupOf(Number(cell.col)));
      if (filled !== value) cell.value = filled;
    });
  });
  if (tableRow !== undefined) fitRowHeights(sheet, tableRow, tableRow + items.length - 1);
}

/**
 * Sets the height of rows whose wrapped text takes several lines: Excel and LibreOffice keep a
 * row's stored height when they open a file, so long names would otherwise overlap the next row.
 */
export function fitRowHeights(sheet: ExcelJS.Worksheet, from: number, to: number): void {
  const merged = sheetMerges(sheet);
  const width = (column: number): number | undefined => sheet.getColumn(column).width;
  for (let r = from; r <= to; r += 1) {
    const cells: WrappedCell[] = [];
    sheet.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      cells.push({ column: Number(cell.col), value: cell.value, alignment: cell.alignment, font: cell.font });
    });
    const height = wrappedRowHeight(r, cells, width, merged);
    if (height !== undefined) sheet.getRow(r).height = height;
  }
}

/** What wrappedRowHeight reads of a cell. */
export interface WrappedCell {
  readonly column: number;
  readonly value: ExcelJS.CellValue;
  readonly alignment?: Partial<ExcelJS.Alignment>;
  readonly font?: Partial<ExcelJS.Font>;
}

/**
 * The height row `row` needs for its wrapped text, or undefined when one line is enough. The line
 * count is estimated from the text's length, the column's width and the font's size.
 */
export function wrappedRowHeight(
  row: number,
  cells: readonly WrappedCell[],
  columnWidth: (column: number) => number | undefined,
  merges: readonly MergeRange[],
): number | undefined {
  let lines = 1;
  let size = 11;
  for (const cell of cells) {
    if (!cell.alignment?.wrapText) continue;
    const text = typeof cell.value === 'string' ? cell.value : null;
    if (text === null || text === '') continue;
    const column = cell.column;
    const merge = merges.find((m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right);
    let width = 0;
    for (let c = merge?.left ?? column; c <= (merge?.right ?? column); c += 1) width += columnWidth(c) ?? 9;
    const fontSize = cell.font?.size ?? 11;
    size = Math.max(size, fontSize);
    // About 1.2 characters of 12 pt Times New Roman per unit of width (measured in LibreOffice).
    const perLine = Math.max(1, Math.floor(((width * 12) / fontSize) * 1.2));
    const needed = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
    lines = Math.max(lines, needed);
  }
  return lines > 1 ? Math.ceil(lines * size * 1.25 + 4) : undefined;
}
