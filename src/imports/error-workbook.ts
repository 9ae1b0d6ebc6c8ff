/**
 * The uploaded workbook given back with its problems: a first sheet "Danh sách lỗi" listing every
 * problem (sheet, cell with a link to it, unit, criterion, what is wrong), on which the workbook
 * opens, and a red fill and a note (in Vietnamese) on each bad cell. Plain function: no Nest.
 * What users typed is written as text, never as a formula.
 */
import type ExcelJS from 'exceljs';
import type { CellProblem } from './domain/import-plan.js';
import { loadXlsx } from './read-entry-workbook.js';

/** The fill of a bad cell. */
export const ERROR_FILL_ARGB = 'FFFFC7CE';
export const PROBLEMS_SHEET = 'Danh sách lỗi';

/** exceljs writes `tabSelected` from a view but does not declare it. */
const TAB_SELECTED = { tabSelected: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/**
 * A link to a cell of the same workbook, as a HYPERLINK formula with its result: Excel and
 * LibreOffice both follow it. (exceljs writes a `{ text, hyperlink }` value as an external
 * relationship plus a location, which LibreOffice joins into a broken address.) Only the sheet's
 * name and a checked cell address go into the formula, quotes doubled.
 */
export function cellLink(sheet: string, cell: string): ExcelJS.CellFormulaValue {
  const target = `#'${sheet.replace(/'/g, "''")}'!${cell}`.replace(/"/g, '""');
  return { formula: `HYPERLINK("${target}","${cell}")`, result: cell, date1904: false };
}

export async function markProblems(buffer: Buffer, problems: readonly CellProblem[]): Promise<Buffer> {
  const workbook = await loadXlsx(buffer);
  const byCell = new Map<string, { sheet: string; cell: string; messages: string[] }>();
  for (const problem of problems) {
    const key = `${problem.sheet}!${problem.cell}`;
    const entry = byCell.get(key) ?? { sheet: problem.sheet, cell: problem.cell, messages: [] };
    entry.messages.push(problem.detail);
    byCell.set(key, entry);
  }
  for (const { sheet: sheetName, cell: address, messages } of byCell.values()) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet || !/^[A-Z]+\d+$/.test(address)) continue;
    const cell = sheet.getCell(address);
    // Cells read from a file share style objects: give this one its own before changing it.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: ERROR_FILL_ARGB } } };
    cell.note = messages.join('\n');
  }
  if (problems.length > 0) addProblemList(workbook, problems);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The first sheet, active when the file opens: every problem, each linked to its cell. */
function addProblemList(workbook: ExcelJS.Workbook, problems: readonly CellProblem[]): void {
  const existing = workbook.getWorksheet(PROBLEMS_SHEET);
  if (existing) workbook.removeWorksheet(existing.id);
  const others = workbook.worksheets;
  const list = workbook.addWorksheet(PROBLEMS_SHEET, {
    views: [{ state: 'frozen', ySplit: 2, activeCell: 'C3', ...TAB_SELECTED }],
    properties: { tabColor: { argb: 'FFC00000' } },
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  // First in the tab order, and the one shown when the file opens.
  (list as ExcelJS.Worksheet & { orderNo: number }).orderNo = -1;
  for (const sheet of others) {
    sheet.views = (sheet.views ?? []).map(
      (view) => ({ ...view, tabSelected: false }) as unknown as ExcelJS.WorksheetView,
    );
  }
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];

  const title = list.getCell('A1');
  title.value = `Tệp có ${problems.length} lỗi nên chưa nhập được. Bấm vào ô ở cột "Ô" để đến ô có lỗi, sửa rồi gửi lại tệp.`;
  title.font = { bold: true, size: 12, color: { argb: 'FFC00000' } };
  list.mergeCells('A1:F1');
  list.getRow(1).height = 22;
  const headers = ['STT', 'Sheet', 'Ô', 'Đơn vị', 'Tiêu chí', 'Lỗi và cách sửa'];
  const widths = [6, 12, 8, 32, 40, 90];
  headers.forEach((header, i) => {
    const cell = list.getCell(2, i + 1);
    cell.value = header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    list.getColumn(i + 1).width = widths[i];
  });
  problems.forEach((problem, index) => {
    const row = list.getRow(index + 3);
    const unit =
      problem.unitName !== null
        ? `${problem.unitName} (mã ${problem.unitCode ?? ''})`
        : problem.unitCode !== null
          ? `mã ${problem.unitCode}`
          : '';
    const criterion =
      problem.criterionCode === null
        ? ''
        : problem.criterionTitle === null
          ? problem.criterionCode
          : `${problem.criterionCode} – ${problem.criterionTitle}`;
    const linkable = /^[A-Z]+\d+$/.test(problem.cell) && workbook.getWorksheet(problem.sheet) !== undefined;
    row.getCell(1).value = index + 1;
    row.getCell(2).value = problem.sheet;
    row.getCell(3).value = linkable ? cellLink(problem.sheet, problem.cell) : problem.cell;
    if (linkable) row.getCell(3).font = { color: { argb: 'FF0563C1' }, underline: true };
    row.getCell(4).value = unit;
    row.getCell(5).value = criterion;
    row.getCell(6).value = problem.detail;
    for (let column = 1; column <= headers.length; column += 1) {
      row.getCell(column).alignment = { vertical: 'top', wrapText: column >= 4 };
    }
    const longest = Math.max(problem.detail.length / 85, criterion.length / 38, unit.length / 30);
    row.height = Math.max(1, Math.ceil(longest)) * 15.5;
  });
}
