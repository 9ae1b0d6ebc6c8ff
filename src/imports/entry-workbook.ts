/**
 * Builds the result-entry workbook (mẫu nhập kết quả) of a cluster-year: instructions, one row per
 * (unit, leaf criterion) with the year's maximum points and each unit's signed target, the stored
 * values pre-filled, input cells unlocked and checked by data validation, everything else
 * protected, and hidden markers naming the cluster and year. Plain function: no Nest, no database.
 */
import ExcelJS from 'exceljs';
import { formatValue } from '../standings/domain/format.js';
import {
  DIRECTION_LABELS,
  LEAF_KIND_LABELS,
  SCORING_METHOD_LABELS,
  type CriterionInput,
} from '../standings/domain/types.js';
import {
  COLUMNS,
  COLUMN_NUMBER,
  EXTRA_ROWS,
  HEADER_ROW,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  MARKER_SHEET,
  MAX_TEXT_LENGTH,
  RESULTS_SHEET,
  TEMPLATE_KIND,
  VERSIONS_COLUMN,
  BASE_COLUMN,
  BASE_FIELDS,
  columnLetter,
  inlineList,
  type ColumnKey,
  type WorkbookMarkers,
} from './domain/entry-layout.js';
import { isYesNo, type ImportedResult, type ImportMember } from './domain/import-plan.js';

export interface EntryTemplateModel {
  readonly clusterId: number;
  readonly clusterCode: string;
  readonly clusterName: string;
  readonly year: number;
  readonly finalized: boolean;
  readonly members: readonly ImportMember[];
  readonly criteria: readonly CriterionInput[];
  /** Signed targets per unit id, then per leaf code (a leaf's defaultTarget applies otherwise). */
  readonly targets: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** Stored results per unit id, then per leaf code: pre-filled so that a round trip keeps them. */
  readonly stored: ReadonlyMap<number, ReadonlyMap<string, ImportedResult>>;
  /** Each unit's results version, per unit id: kept (hidden) with the stored results, so that an import sees what changed since. */
  readonly versions: ReadonlyMap<number, number>;
  /** dd/mm/yyyy, shown on the instructions sheet. */
  readonly generatedOn: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9E5' } };
const NOT_APPLICABLE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
const MAX_NUMBER = 9_999_999_999;

/** Protection that still lets a user select, resize and filter. */
const SHEET_PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  autoFilter: true,
};

/** "tỷ lệ theo kết quả; chỉ tiêu tối thiểu (≥), tính theo %" and the like. */
export function describeMethod(criterion: CriterionInput): string {
  if (criterion.method === null) return '';
  const parts = [SCORING_METHOD_LABELS[criterion.method]];
  if (criterion.method === 'per-occurrence' && criterion.pointsPerOccurrence !== null) {
    parts[0] += `: ${formatValue(criterion.pointsPerOccurrence)} điểm/lần, tối đa ${formatValue(criterion.maxPoints ?? 0)}`;
  }
  if (isYesNo(criterion)) parts.push('nhập 1 nếu đạt, 0 nếu không đạt');
  if (criterion.direction !== null) parts.push(`chỉ tiêu ${DIRECTION_LABELS[criterion.direction]}`);
  if (criterion.unitOfMeasure) parts.push(`đơn vị tính: ${criterion.unitOfMeasure}`);
  return parts.join('; ');
}

export async function buildEntryWorkbook(model: EntryTemplateModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Thi đua';
  workbook.title = `Nhập kết quả ${model.clusterName} năm ${model.year}`;
  const leaves = model.criteria.filter((c) => c.kind !== null);

  await addInstructions(workbook, model, leaves.length);
  const sheet = workbook.addWorksheet(RESULTS_SHEET, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROW, activeCell: 'I2' }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  const header = sheet.getRow(HEADER_ROW);
  COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.height = 32;

  const widths = new Map<ColumnKey, number>(COLUMNS.map((c) => [c.key, c.header.length + 2]));
  const grow = (key: ColumnKey, text: string): void => {
    widths.set(key, Math.max(widths.get(key) ?? 0, text.length + 2));
  };

  let rowNumber = HEADER_ROW;
  for (const member of model.members) {
    const targets = model.targets.get(member.unitId);
    const stored = model.stored.get(member.unitId);
    for (const leaf of leaves) {
      rowNumber += 1;
      const row = sheet.getRow(rowNumber);
      const target = leaf.kind === 'target' ? (targets?.get(leaf.code) ?? leaf.defaultTarget) : null;
      const result = stored?.get(leaf.code);
      const values: Record<ColumnKey, string | number | null> = {
        unitCode: member.code,
        unitName: member.name,
        criterionCode: leaf.code,
        criterionTitle: leaf.title,
        kind: leaf.kind === null ? '' : LEAF_KIND_LABELS[leaf.kind],
        method: describeMethod(leaf),
        maxPoints: leaf.maxPoints,
        target,
        actual: result?.actual ?? null,
        selfScore: result?.selfScore ?? null,
        reviewedScore: result?.reviewedScore ?? null,
        reviewReason: result?.reviewReason ?? null,
        note: result?.note ?? null,
      };
      for (const column of COLUMNS) {
        const cell = row.getCell(COLUMN_NUMBER[column.key]);
        const value = values[column.key];
        cell.value = value;
        cell.border = THIN;
        if (value !== null) grow(column.key, typeof value === 'number' ? formatValue(value) : value);
      }
      styleInputs(row, leaf);
    }
  }
  const lastDataRow = rowNumber;

  // Blank rows where a unit and a criterion are picked from lists (e.g. to enter again a row deleted by mistake).
  const unitList = model.members.map((m) => m.code);
  const codeList = leaves.map((c) => c.code);
  let lists: ExcelJS.Worksheet | null = null;
  const listFormula = (values: readonly string[], column: number, titles: readonly string[]): string => {
    const inline = inlineList(values);
    if (inline !== null) return inline;
    lists ??= workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    const listSheet = lists;
    listSheet.getCell(1, column).value = column === 1 ? 'Mã đơn vị' : 'Mã tiêu chí';
    listSheet.getCell(1, column + 1).value = column === 1 ? 'Tên đơn vị' : 'Tiêu chí';
    values.forEach((value, i) => {
      listSheet.getCell(i + 2, column).value = value;
      listSheet.getCell(i + 2, column + 1).value = titles[i] ?? '';
    });
    const letter = columnLetter(column);
    return `'${LISTS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`;
  };
  const unitFormula = listFormula(
    unitList,
    1,
    model.members.map((m) => m.name),
  );
  const codeFormula = listFormula(
    codeList,
    4,
    leaves.map((c) => c.title),
  );
  for (let i = 0; i < EXTRA_ROWS; i += 1) {
    rowNumber += 1;
    const row = sheet.getRow(rowNumber);
    for (const column of COLUMNS) row.getCell(COLUMN_NUMBER[column.key]).border = THIN;
    const unitCell = row.getCell(COLUMN_NUMBER.unitCode);
    unitCell.protection = { locked: false };
    unitCell.fill = INPUT_FILL;
    unitCell.dataValidation = listValidation(unitFormula, 'Mã đơn vị', 'Chọn mã đơn vị trong danh sách.');
    const codeCell = row.getCell(COLUMN_NUMBER.criterionCode);
    codeCell.protection = { locked: false };
    codeCell.fill = INPUT_FILL;
    codeCell.dataValidation = listValidation(codeFormula, 'Mã tiêu chí', 'Chọn mã tiêu chí trong danh sách.');
    styleInputs(row, null);
  }

  for (const column of COLUMNS) {
    const width = Math.min(column.maxWidth, Math.max(column.minWidth, widths.get(column.key) ?? 0));
    const sheetColumn = sheet.getColumn(COLUMN_NUMBER[column.key]);
    sheetColumn.width = width;
    if (column.key === 'criterionTitle' || column.key === 'method' || column.key === 'unitName') {
      sheetColumn.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: lastDataRow, column: COLUMNS.length } };
  await sheet.protect('', SHEET_PROTECTION);
  if (lists !== null) {
    const listSheet: ExcelJS.Worksheet = lists;
    await listSheet.protect('', SHEET_PROTECTION);
  }

  const markers = workbook.addWorksheet(MARKER_SHEET, { state: 'hidden' });
  const values: Omit<WorkbookMarkers, 'units'> = {
    kind: TEMPLATE_KIND,
    clusterId: model.clusterId,
    clusterCode: model.clusterCode,
    year: model.year,
  };
  Object.entries(values).forEach(([key, value], i) => {
    markers.getCell(i + 1, 1).value = key;
    markers.getCell(i + 1, 2).value = value;
  });
  // What the workbook is made from: each unit's results version, and its stored values.
  markers.getCell(1, VERSIONS_COLUMN).value = 'unitCode';
  markers.getCell(1, VERSIONS_COLUMN + 1).value = 'version';
  model.members.forEach((member, i) => {
    markers.getCell(i + 2, VERSIONS_COLUMN).value = member.code;
    markers.getCell(i + 2, VERSIONS_COLUMN + 1).value = model.versions.get(member.unitId) ?? 1;
  });
  ['unitCode', 'criterionCode', ...BASE_FIELDS].forEach((header, i) => {
    markers.getCell(1, BASE_COLUMN + i).value = header;
  });
  let baseRow = 1;
  for (const member of model.members) {
    const stored = model.stored.get(member.unitId);
    for (const leaf of leaves) {
      const result = stored?.get(leaf.code);
      if (result === undefined) continue;
      baseRow += 1;
      markers.getCell(baseRow, BASE_COLUMN).value = member.code;
      markers.getCell(baseRow, BASE_COLUMN + 1).value = leaf.code;
      BASE_FIELDS.forEach((field, i) => {
        markers.getCell(baseRow, BASE_COLUMN + 2 + i).value = result[field];
      });
    }
  }
  await markers.protect('', SHEET_PROTECTION);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Unlocks, colours and validates the input cells of a row; `leaf` null for a blank extra row. */
function styleInputs(row: ExcelJS.Row, leaf: CriterionInput | null): void {
  const unlock = (key: ColumnKey): ExcelJS.Cell => {
    const cell = row.getCell(COLUMN_NUMBER[key]);
    cell.protection = { locked: false };
    cell.fill = INPUT_FILL;
    return cell;
  };
  const actual = row.getCell(COLUMN_NUMBER.actual);
  if (leaf !== null && leaf.method === 'direct') {
    actual.fill = NOT_APPLICABLE_FILL;
  } else {
    unlock('actual').dataValidation = actualValidation(leaf);
  }
  const max = leaf?.maxPoints ?? null;
  for (const key of ['selfScore', 'reviewedScore'] as const) {
    unlock(key).dataValidation = scoreValidation(max, key === 'selfScore' ? 'Điểm tự chấm' : 'Điểm cụm chấm');
  }
  for (const key of ['reviewReason', 'note'] as const) {
    const cell = unlock(key);
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.dataValidation = {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      allowBlank: true,
      formulae: [MAX_TEXT_LENGTH],
      showErrorMessage: true,
      errorTitle: 'Quá dài',
      error: `Tối đa ${MAX_TEXT_LENGTH} ký tự.`,
    };
  }
}

function listValidation(formula: string, title: string, prompt: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorTitle: title,
    error: prompt,
    showInputMessage: true,
    promptTitle: title,
    prompt,
  };
}

function actualValidation(leaf: CriterionInput | null): ExcelJS.DataValidation {
  if (leaf !== null && isYesNo(leaf)) {
    return listValidation('"0,1"', 'Đạt / không đạt', 'Nhập 1 nếu đạt, 0 nếu không đạt.');
  }
  if (leaf !== null && leaf.method === 'per-occurrence') {
    return {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: 'Số lần',
      error: 'Cần số nguyên từ 0 trở lên (số lần).',
    };
  }
  return {
    type: 'decimal',
    operator: 'between',
    allowBlank: true,
    formulae: [0, MAX_NUMBER],
    showErrorMessage: true,
    errorTitle: 'Kết quả thực hiện',
    error: 'Cần một số từ 0 trở lên.',
  };
}

function scoreValidation(max: number | null, title: string): ExcelJS.DataValidation {
  const upper = max ?? MAX_NUMBER;
  return {
    type: 'decimal',
    operator: 'between',
    allowBlank: true,
    formulae: [0, upper],
    showErrorMessage: true,
    errorTitle: title,
    error: max === null ? 'Cần một số từ 0 trở lên.' : `Cần số từ 0 đến ${formatValue(max)} (điểm tối đa).`,
  };
}

async function addInstructions(
  workbook: ExcelJS.Workbook,
  model: EntryTemplateModel,
  leafCount: number,
): Promise<void> {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  sheet.getColumn(1).width = 110;
  sheet.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const lines: [string, boolean][] = [
    [`MẪU NHẬP KẾT QUẢ THI ĐUA NĂM ${model.year}`, true],
    [`${model.clusterName} (mã ${model.clusterCode})`, true],
    [
      `Tạo ngày ${model.generatedOn}: ${model.members.length} đơn vị × ${leafCount} tiêu chí.` +
        (model.finalized ? ' Năm này đã chốt kết quả: tệp chỉ để xem, không nhập lại được.' : ''),
      false,
    ],
    ['', false],
    ['Cách nhập', true],
    [
      `1. Sheet '${RESULTS_SHEET}' có một dòng cho mỗi đơn vị và mỗi tiêu chí được chấm điểm, kèm điểm tối đa và chỉ tiêu ký kết của đơn vị.`,
      false,
    ],
    [
      '2. Chỉ nhập vào các ô nền vàng: Kết quả thực hiện, Điểm tự chấm, Điểm cụm chấm, Lý do chấm khác, Ghi chú. Các ô khác được khóa.',
      false,
    ],
    [
      '3. Kết quả thực hiện: giá trị đạt được với chỉ tiêu; số lần với tiêu chí tính theo số lần (số nguyên); 1 (đạt) hoặc 0 (không đạt) với tiêu chí đạt/không đạt. Tiêu chí nhập điểm trực tiếp không có kết quả thực hiện (ô nền xám): nhập điểm.',
      false,
    ],
    [
      '4. Điểm tự chấm và điểm cụm chấm: từ 0 đến điểm tối đa. Điểm được tính là điểm cụm chấm, nếu không có thì điểm tự chấm, nếu không có nữa thì điểm tính theo kết quả thực hiện.',
      false,
    ],
    ['5. Khi điểm cụm chấm khác điểm tự chấm, phải ghi lý do vào cột "Lý do chấm khác".', false],
    [
      '6. Số viết kiểu Việt Nam: dấu phẩy là dấu thập phân (83,7), dấu chấm ngăn cách hàng nghìn (1.250 là một nghìn hai trăm năm mươi; 1.250,5). Số viết không rõ (1,250 hay 1.25) bị từ chối, không đoán. Tối đa 4 chữ số sau dấu phẩy. Để trống một ô là không nhập; để trống cả dòng là xóa kết quả đã nhập của tiêu chí đó.',
      false,
    ],
    [
      `7. Đơn vị được nhận biết bằng mã đơn vị (cột "Mã đơn vị"), kèm tên. Chỉ các đơn vị và tiêu chí có trong tệp được cập nhật. Có ${EXTRA_ROWS} dòng trống ở cuối để nhập lại một dòng lỡ xóa: chọn hoặc gõ mã đơn vị và mã tiêu chí.`,
      false,
    ],
    [
      '8. Ô có công thức được tính theo kết quả đã lưu cùng công thức; tệp do chương trình khác tạo mà chưa mở bằng Excel hoặc LibreOffice thì chưa có kết quả: hãy mở và lưu lại tệp trước khi gửi.',
      false,
    ],
    ['', false],
    ['Gửi tệp', true],
    [
      '9. Lưu tệp dạng Excel (.xlsx), bằng Excel hoặc LibreOffice, rồi tải lên ở chức năng "Nhập kết quả từ Excel". Hệ thống luôn cho xem trước: báo mọi lỗi cùng lúc (mỗi lỗi ghi rõ sheet, ô, đơn vị, tiêu chí) và liệt kê mọi ô sẽ thay đổi (cũ → mới). Chỉ khi xác nhận, đúng những thay đổi đã xem mới được ghi.',
      false,
    ],
    [
      `10. Tệp nhớ kết quả lúc tải về. Nếu sau đó có người sửa kết quả của một đơn vị trong hệ thống: ô nào trong tệp vẫn như lúc tải thì giữ giá trị mới; ô nào tệp cũng sửa khác thì là xung đột, đơn vị đó không được nhập (hệ thống cho biết ai sửa, lúc nào, giá trị cũ và mới) trừ khi chọn ghi đè và ghi lý do.`,
      false,
    ],
    [
      `11. Tệp chỉ dùng cho ${model.clusterName} năm ${model.year}; tệp của cụm hoặc năm khác sẽ bị từ chối. Không đổi tên các sheet và các cột.`,
      false,
    ],
    ['12. Tệp được nhập toàn bộ hoặc không nhập gì: chỉ cần một ô sai là không dòng nào được ghi.', false],
  ];
  lines.forEach(([text, bold], i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = text;
    cell.font = bold ? { bold: true, size: i === 0 ? 14 : 12 } : { size: 11 };
    cell.alignment = { wrapText: true, vertical: 'top' };
    // Neither Excel nor LibreOffice grows a row for wrapped text it did not lay out itself.
    const charactersPerLine = Math.max(20, (sheet.getColumn(1).width ?? 100) * 1.1);
    sheet.getRow(i + 1).height = Math.max(1, Math.ceil(text.length / charactersPerLine)) * (bold ? 19 : 15.5);
  });
  await sheet.protect('', SHEET_PROTECTION);
}
