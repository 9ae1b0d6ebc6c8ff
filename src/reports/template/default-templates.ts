/**
 * The default report layouts, written as .xlsx templates into templates/reports/ by
 * `npm run cli -- templates:write-defaults`. An organizer may replace them with copies edited in
 * Excel or LibreOffice: the app only looks for the placeholders (see REQUIRED_PLACEHOLDERS).
 */
import ExcelJS from 'exceljs';

import { SHEETS } from './template-files.js';

export { CLUSTER_REPORT_TEMPLATE, OVERVIEW_TEMPLATE, REQUIRED_PLACEHOLDERS, SHEETS } from './template-files.js';

const FONT = 'Times New Roman';
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
export const FORMATS = { points: '#,##0.00', percent: '0.00%', count: '0', date: 'dd/mm/yyyy' } as const;

type Cell = string | { v: string; fmt?: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' | 'right' };

function put(sheet: ExcelJS.Worksheet, address: string, cell: Cell, extra: Partial<ExcelJS.Style> = {}): void {
  const spec = typeof cell === 'string' ? { v: cell } : cell;
  const target = sheet.getCell(address);
  target.value = spec.v;
  target.font = { name: FONT, size: 12, bold: spec.bold ?? false, italic: spec.italic ?? false };
  target.alignment = { vertical: 'middle', horizontal: spec.align ?? 'left', wrapText: true };
  if (spec.fmt) target.numFmt = spec.fmt;
  Object.assign(target, extra);
}

/**
 * The official header (Decree 30/2020): parent and issuing body on the left over the number line,
 * the motto on the right over the place and date line, each block with its short rule (row 3).
 */
function officialHeader(
  sheet: ExcelJS.Worksheet,
  columns: { last: string; split: string; rightStart: string; leftRule: string; rightRule: string },
): void {
  const { last, split, rightStart } = columns;
  sheet.mergeCells(`A1:${split}1`);
  put(sheet, 'A1', { v: '{{parentBody}}', align: 'center' });
  sheet.mergeCells(`A2:${split}2`);
  put(sheet, 'A2', { v: '{{issuingBody}}', bold: true, align: 'center' });
  sheet.mergeCells(`${rightStart}1:${last}1`);
  put(sheet, `${rightStart}1`, { v: '{{motto1}}', bold: true, align: 'center' });
  sheet.mergeCells(`${rightStart}2:${last}2`);
  put(sheet, `${rightStart}2`, { v: '{{motto2}}', bold: true, align: 'center' });
  sheet.getRow(3).height = 6;
  for (const range of [columns.leftRule, columns.rightRule]) {
    const [from, to] = range.split(':');
    const first = sheet.getColumn(from ?? 'A').number;
    const lastColumn = sheet.getColumn(to ?? from ?? 'A').number;
    for (let c = first; c <= lastColumn; c += 1) sheet.getCell(3, c).border = { top: { style: 'thin' } };
  }
  sheet.mergeCells(`A4:${split}4`);
  put(sheet, 'A4', { v: '{{numberLine}}', align: 'center' });
  sheet.mergeCells(`${rightStart}4:${last}4`);
  put(sheet, `${rightStart}4`, { v: '{{placeDate}}', italic: true, align: 'center' });
}

/** Title (bold capitals) and subtitle, on two rows from `row`. */
function titleRows(sheet: ExcelJS.Worksheet, lastColumn: string, row: number): void {
  sheet.mergeCells(`A${row}:${lastColumn}${row}`);
  put(sheet, `A${row}`, { v: '{{title}}', bold: true, align: 'center' });
  sheet.getCell(`A${row}`).font = { name: FONT, size: 14, bold: true };
  sheet.mergeCells(`A${row + 1}:${lastColumn}${row + 1}`);
  put(sheet, `A${row + 1}`, { v: '{{subtitle}}', italic: true, align: 'center' });
}

/**
 * "Nơi nhận" on the left and the signature block on the right, from `row` (below the table: the
 * filler moves it down with the rows it adds).
 */
function signatureBlock(sheet: ExcelJS.Worksheet, row: number, left: string, rightStart: string, last: string): void {
  const lines: [string, Cell][] = [
    ['Nơi nhận:', { v: '{{signerAuthority}}', bold: true, align: 'center' }],
    ['- {{organizer}} (để báo cáo);', { v: '{{signerTitle}}', bold: true, align: 'center' }],
    ['- Các đơn vị thành viên;', ''],
    ['- Lưu: VT.', ''],
  ];
  lines.forEach(([recipient, signer], i) => {
    const r = row + i;
    sheet.mergeCells(`A${r}:${left}${r}`);
    put(sheet, `A${r}`, i === 0 ? { v: recipient, bold: true, italic: true } : { v: recipient });
    sheet.getCell(`A${r}`).font = { name: FONT, size: i === 0 ? 12 : 11, bold: i === 0, italic: i === 0 };
    sheet.mergeCells(`${rightStart}${r}:${last}${r}`);
    if (signer !== '') put(sheet, `${rightStart}${r}`, signer);
  });
  const nameRow = row + lines.length + 3;
  sheet.mergeCells(`${rightStart}${nameRow}:${last}${nameRow}`);
  put(sheet, `${rightStart}${nameRow}`, { v: '{{signerName}}', bold: true, align: 'center' });
}

function tableHeader(sheet: ExcelJS.Worksheet, row: number, titles: readonly string[], firstColumn = 1): void {
  titles.forEach((title, i) => {
    const cell = sheet.getCell(row, firstColumn + i);
    // An empty title is the rest of a merged cell: writing it would blank the merged text.
    if (title !== '') cell.value = title;
    cell.font = { name: FONT, size: 12, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = thin;
    cell.fill = HEADER_FILL;
  });
}

function tableRow(
  sheet: ExcelJS.Worksheet,
  row: number,
  cells: readonly { v: string; fmt?: string; align?: 'left' | 'center' | 'right' }[],
  firstColumn = 1,
): void {
  cells.forEach((spec, i) => {
    const cell = sheet.getCell(row, firstColumn + i);
    if (spec.v !== '') cell.value = spec.v;
    cell.font = { name: FONT, size: 12 };
    cell.alignment = { vertical: 'middle', horizontal: spec.align ?? (spec.fmt ? 'right' : 'left'), wrapText: true };
    cell.border = thin;
    if (spec.fmt) cell.numFmt = spec.fmt;
  });
}

/** Page numbers at the bottom of every printed page. */
export const PAGE_FOOTER = '&C&"Times New Roman,Regular"&11Trang &P';

/**
 * A4 landscape, the table header repeated on every page, page numbers in the footer. Sheets as
 * wide as the page are fitted to its width (their widths keep the text at 10 pt or more); wide
 * ones print at full size and repeat their first columns on every page instead.
 */
function print(sheet: ExcelJS.Worksheet, titleRows: string, titleColumns?: string): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: titleColumns === undefined,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
    ...(titleColumns === undefined ? {} : { printTitlesColumn: titleColumns }),
  };
  sheet.headerFooter = { oddFooter: PAGE_FOOTER };
}

/** The score summary table's columns (the users' "Bảng tổng hợp kết quả chấm điểm"). */
const SCORE_TITLES = [
  'STT',
  'Tên đơn vị',
  'Điểm tự chấm',
  'Điểm cụm chấm',
  'Điểm cộng',
  'Điểm trừ',
  'Tổng điểm',
  'Chỉ tiêu đạt/ký kết',
  'Xếp hạng',
  'Xếp loại',
  'Số phiếu (%)',
  'Đề nghị khen thưởng',
  'Ghi chú',
];
const SCORE_ROW = [
  { v: '{{row.stt}}', fmt: FORMATS.count, align: 'center' as const },
  { v: '{{row.name}}' },
  { v: '{{row.self}}', fmt: FORMATS.points },
  { v: '{{row.reviewed}}', fmt: FORMATS.points },
  { v: '{{row.bonus}}', fmt: FORMATS.points },
  { v: '{{row.penalty}}', fmt: FORMATS.points },
  { v: '{{row.total}}', fmt: FORMATS.points },
  { v: '{{row.targets}}', align: 'center' as const },
  { v: '{{row.rank}}', fmt: FORMATS.count, align: 'center' as const },
  { v: '{{row.rating}}' },
  { v: '{{row.votes}}', fmt: FORMATS.percent },
  { v: '{{row.nomination}}' },
  { v: '{{row.note}}' },
];
/** Widths that fit A4 landscape at about 95 %: 12 pt text prints at 11 pt or more. */
const SCORE_WIDTHS = [5, 30, 9, 9, 8, 8, 9, 9, 7, 25, 8, 12, 16];
const HEADER_COLUMNS = { last: 'M', split: 'D', rightStart: 'H', leftRule: 'B:C', rightRule: 'J:K' } as const;
const EMPTY_CELLS: readonly { v: string }[] = Array.from({ length: 12 }, () => ({ v: '' }));
/** Said under the score table, where its two empty columns are. */
const VOTES_NOTE = 'Cột “Số phiếu (%)” và “Đề nghị khen thưởng” để trống: ghi sau khi hội nghị tổng kết biểu quyết.';

export function buildClusterReportTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Thi đua';

  const summary = workbook.addWorksheet(SHEETS.summary);
  SCORE_WIDTHS.forEach((width, i) => (summary.getColumn(i + 1).width = width));
  officialHeader(summary, HEADER_COLUMNS);
  titleRows(summary, 'M', 6);
  const block: [string, string, string, string, string?][] = [
    ['Số đơn vị thành viên được xếp loại', '{{summary.units}}', '', '', FORMATS.count],
    [
      'Hoàn thành xuất sắc nhiệm vụ',
      '{{summary.excellent.count}}',
      '{{summary.excellent.of}}',
      '{{summary.excellent.percent}}',
    ],
    ['Hoàn thành tốt nhiệm vụ', '{{summary.good.count}}', '{{summary.good.of}}', '{{summary.good.percent}}'],
    ['Hoàn thành nhiệm vụ', '{{summary.completed.count}}', '{{summary.completed.of}}', '{{summary.completed.percent}}'],
    [
      'Không hoàn thành nhiệm vụ',
      '{{summary.notCompleted.count}}',
      '{{summary.notCompleted.of}}',
      '{{summary.notCompleted.percent}}',
    ],
    [
      'Chỉ tiêu ký kết đạt (đạt / ký kết)',
      '{{summary.targets.met}}',
      '{{summary.targets.signed}}',
      '{{summary.targets.percent}}',
    ],
  ];
  tableHeader(summary, 9, ['Chỉ số', '', '', '', 'Số lượng', 'Trên tổng', 'Tỷ lệ'], 2);
  summary.mergeCells('B9:E9');
  block.forEach(([label, count, of, percent], i) => {
    const row = 10 + i;
    summary.mergeCells(`B${row}:E${row}`);
    tableRow(
      summary,
      row,
      [
        { v: label },
        { v: '' },
        { v: '' },
        { v: '' },
        { v: count, fmt: FORMATS.count },
        { v: of, fmt: FORMATS.count },
        { v: percent, fmt: FORMATS.percent },
      ],
      2,
    );
  });
  // One figure a row, each with its label.
  const facts: [string, string, { fmt: string; align: 'left' } | null][] = [
    ['Điểm trung bình (tổng điểm)', '{{summary.average}}', { fmt: FORMATS.points, align: 'left' }],
    ['Điểm cao nhất (tổng điểm)', '{{summary.max}}', { fmt: FORMATS.points, align: 'left' }],
    ['Đơn vị dẫn đầu', '{{summary.leading}}', null],
    ['{{headLabel}} năm {{year}}', '{{summary.head}}', null],
    ['{{deputyLabel}} năm {{year}}', '{{summary.deputy}}', null],
    ['{{headLabel}} năm {{nextYear}}', '{{summary.nextHead}}', null],
    ['{{deputyLabel}} năm {{nextYear}}', '{{summary.nextDeputy}}', null],
    ['Ngày ký giao ước thi đua', '{{covenantDate}}', { fmt: FORMATS.date, align: 'left' }],
    ['Ngày hội nghị tổng kết', '{{conferenceDate}}', { fmt: FORMATS.date, align: 'left' }],
  ];
  facts.forEach(([label, value, numeric], i) => {
    const row = 16 + i;
    summary.mergeCells(`B${row}:E${row}`);
    summary.mergeCells(`F${row}:M${row}`);
    tableRow(
      summary,
      row,
      [{ v: label }, { v: '' }, { v: '' }, { v: '' }, { v: value, ...(numeric ?? {}) }, ...EMPTY_CELLS.slice(0, 7)],
      2,
    );
  });
  summary.mergeCells('B25:M25');
  put(summary, 'B25', { v: '{{sentence}}', italic: true });
  summary.mergeCells('B26:M26');
  put(summary, 'B26', { v: '{{status}}', bold: true });
  tableHeader(summary, 28, SCORE_TITLES);
  tableRow(summary, 29, SCORE_ROW);
  summary.getRow(28).height = 48;
  summary.mergeCells('A31:M31');
  put(summary, 'A31', { v: VOTES_NOTE, italic: true });
  summary.getCell('A31').font = { name: FONT, size: 11, italic: true };
  signatureBlock(summary, 33, 'E', 'H', 'M');
  summary.views = [{ state: 'frozen', ySplit: 28, xSplit: 2 }];
  print(summary, '28:28');

  // One block of rows per unit (its heading row, then every criterion): a unit's figures never
  // split across pages, and each block starts a page.
  const detail = workbook.addWorksheet(SHEETS.detail);
  [9, 72, 11, 18, 11, 11, 12].forEach((width, i) => (detail.getColumn(i + 1).width = width));
  detail.mergeCells('A1:G1');
  put(detail, 'A1', { v: '{{title}}', bold: true, align: 'center' });
  detail.getCell('A1').font = { name: FONT, size: 14, bold: true };
  detail.mergeCells('A2:G2');
  put(detail, 'A2', { v: '{{subtitle}}', italic: true, align: 'center' });
  tableHeader(detail, 4, ['Mã', 'Tiêu chí', 'Điểm tối đa', 'Kết quả / chỉ tiêu', 'Tự chấm', 'Cụm chấm', 'Điểm tính']);
  tableRow(detail, 5, [
    { v: '{{row.code}}', align: 'center' },
    { v: '{{row.title}}' },
    { v: '{{row.max}}', fmt: FORMATS.points },
    { v: '{{row.actualTarget}}', align: 'center' },
    { v: '{{row.self}}', fmt: FORMATS.points },
    { v: '{{row.reviewed}}', fmt: FORMATS.points },
    { v: '{{row.final}}', fmt: FORMATS.points },
  ]);
  detail.getRow(4).height = 32;
  detail.views = [{ state: 'frozen', ySplit: 4 }];
  print(detail, '4:4');

  const comparison = workbook.addWorksheet(SHEETS.comparison);
  [50, 18, 18, 18].forEach((width, i) => (comparison.getColumn(i + 1).width = width));
  comparison.mergeCells('A1:D1');
  put(comparison, 'A1', { v: '{{title}}', bold: true, align: 'center' });
  comparison.getCell('A1').font = { name: FONT, size: 14, bold: true };
  comparison.mergeCells('A2:D2');
  put(comparison, 'A2', { v: '{{subtitle}}', italic: true, align: 'center' });
  tableHeader(comparison, 4, ['Chỉ số', 'Năm {{year}}', 'Năm {{previousYear}}', 'Thay đổi']);
  const indicators: [string, string, string][] = [
    ['Số đơn vị được xếp loại', 'units', FORMATS.count],
    ['Hoàn thành xuất sắc nhiệm vụ (số đơn vị)', 'excellent.count', FORMATS.count],
    ['Hoàn thành xuất sắc nhiệm vụ (tỷ lệ)', 'excellent.percent', FORMATS.percent],
    ['Hoàn thành tốt nhiệm vụ (số đơn vị)', 'good.count', FORMATS.count],
    ['Hoàn thành nhiệm vụ (số đơn vị)', 'completed.count', FORMATS.count],
    ['Không hoàn thành nhiệm vụ (số đơn vị)', 'notCompleted.count', FORMATS.count],
    ['Chỉ tiêu đạt (số)', 'targets.met', FORMATS.count],
    ['Chỉ tiêu ký kết (số)', 'targets.signed', FORMATS.count],
    ['Chỉ tiêu đạt (tỷ lệ)', 'targets.percent', FORMATS.percent],
    ['Điểm trung bình', 'average', FORMATS.points],
    ['Điểm cao nhất', 'max', FORMATS.points],
  ];
  indicators.forEach(([label, key, fmt], i) =>
    tableRow(comparison, 5 + i, [
      { v: label },
      { v: `{{cur.${key}}}`, fmt },
      { v: `{{prev.${key}}}`, fmt },
      { v: `{{chg.${key}}}`, fmt: fmt === FORMATS.percent ? '+0.00%;-0.00%;0.00%' : `+${fmt};-${fmt};${fmt}` },
    ]),
  );
  comparison.views = [{ state: 'frozen', ySplit: 4 }];
  print(comparison, '4:4');
  comparison.pageSetup.orientation = 'portrait';
  return workbook;
}

const OVERVIEW_WIDTHS = [5, 30, 10, 8, 12, 9, 8, 8, 9, 10, 22, 20, 20];

export function buildOverviewTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Thi đua';
  const overview = workbook.addWorksheet(SHEETS.overview);
  OVERVIEW_WIDTHS.forEach((width, i) => (overview.getColumn(i + 1).width = width));
  officialHeader(overview, { ...HEADER_COLUMNS, leftRule: 'B', rightRule: 'J:K' });
  titleRows(overview, 'M', 6);
  tableHeader(overview, 9, [
    'STT',
    'Cụm, khối thi đua',
    'Loại',
    'Số đơn vị',
    'Hoàn thành xuất sắc nhiệm vụ (HTXSNV)',
    'Tỷ lệ HTXSNV',
    'Chỉ tiêu đạt',
    'Chỉ tiêu ký kết',
    'Tỷ lệ chỉ tiêu đạt',
    'Trạng thái',
    'Đơn vị dẫn đầu',
    'Cụm, khối trưởng năm sau',
    'Cụm, khối phó năm sau',
  ]);
  overview.getRow(9).height = 64;
  tableRow(overview, 10, [
    { v: '{{row.stt}}', fmt: FORMATS.count, align: 'center' },
    { v: '{{row.cluster}}' },
    { v: '{{row.kind}}' },
    { v: '{{row.units}}', fmt: FORMATS.count },
    { v: '{{row.excellent}}', fmt: FORMATS.count },
    { v: '{{row.excellentPercent}}', fmt: FORMATS.percent },
    { v: '{{row.targetsMet}}', fmt: FORMATS.count },
    { v: '{{row.targetsSigned}}', fmt: FORMATS.count },
    { v: '{{row.targetsPercent}}', fmt: FORMATS.percent },
    { v: '{{row.status}}' },
    { v: '{{row.leading}}' },
    { v: '{{row.nextHead}}' },
    { v: '{{row.nextDeputy}}' },
  ]);
  tableRow(overview, 11, [
    { v: '' },
    { v: 'Tổng cộng ({{total.clusters}} cụm, khối)' },
    { v: '' },
    { v: '{{total.units}}', fmt: FORMATS.count },
    { v: '{{total.excellent}}', fmt: FORMATS.count },
    { v: '{{total.excellentPercent}}', fmt: FORMATS.percent },
    { v: '{{total.targetsMet}}', fmt: FORMATS.count },
    { v: '{{total.targetsSigned}}', fmt: FORMATS.count },
    { v: '{{total.targetsPercent}}', fmt: FORMATS.percent },
    ...EMPTY_CELLS.slice(0, 4),
  ]);
  overview.getRow(11).font = { name: FONT, size: 12, bold: true };
  overview.mergeCells('A12:M12');
  put(overview, 'A12', { v: '{{status}}', italic: true });
  signatureBlock(overview, 14, 'E', 'H', 'M');
  overview.views = [{ state: 'frozen', ySplit: 9, xSplit: 2 }];
  print(overview, '9:9');

  // One sheet per cluster, each a document of its own: header, title, the cluster's name.
  const cluster = workbook.addWorksheet(SHEETS.cluster);
  SCORE_WIDTHS.forEach((width, i) => (cluster.getColumn(i + 1).width = width));
  officialHeader(cluster, HEADER_COLUMNS);
  titleRows(cluster, 'M', 6);
  cluster.mergeCells('A8:M8');
  put(cluster, 'A8', { v: '{{status}}', italic: true, align: 'center' });
  tableHeader(cluster, 10, SCORE_TITLES);
  cluster.getRow(10).height = 48;
  tableRow(cluster, 11, SCORE_ROW);
  cluster.mergeCells('A13:M13');
  put(cluster, 'A13', { v: VOTES_NOTE, italic: true });
  cluster.getCell('A13').font = { name: FONT, size: 11, italic: true };
  cluster.views = [{ state: 'frozen', ySplit: 10, xSplit: 2 }];
  print(cluster, '10:10');
  return workbook;
}
