/**
 * The default report layouts, written as .xlsx templates into templates/reports/ by
 * `npm run cli -- templates:write-defaults`. An organizer may replace them with copies edited in
 * Excel or LibreOffice: the app only looks for the placeholders (see REQUIRED_PLACEHOLDERS).
 */
import ExcelJS from 'exceljs';

export const CLUSTER_REPORT_TEMPLATE = 'cluster-report.xlsx';
export const OVERVIEW_TEMPLATE = 'overview.xlsx';

export const SHEETS = {
  summary: 'Tổng hợp',
  detail: 'Chi tiết tiêu chí',
  comparison: 'So sánh năm trước',
  overview: 'Tổng hợp các cụm',
  cluster: 'Cụm',
} as const;

/** What each template must contain; a template without one of these is refused at start. */
export const REQUIRED_PLACEHOLDERS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  [CLUSTER_REPORT_TEMPLATE]: {
    [SHEETS.summary]: [
      'issuingBody',
      'motto1',
      'placeDate',
      'title',
      'summary.units',
      'summary.excellent.count',
      'summary.targets.met',
      'row.stt',
      'row.name',
      'row.total',
      'row.rank',
      'row.rating',
    ],
    [SHEETS.detail]: ['row.code', 'row.title', 'row.max', 'col.name', 'col.final'],
    [SHEETS.comparison]: ['cur.units', 'prev.units'],
  },
  [OVERVIEW_TEMPLATE]: {
    [SHEETS.overview]: ['title', 'row.cluster', 'row.units', 'row.excellent', 'row.targetsMet', 'total.units'],
    [SHEETS.cluster]: ['clusterName', 'row.name', 'row.total', 'row.rank', 'row.rating'],
  },
};

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

/** The official header: bodies on the left, motto on the right, place and date below it. */
function officialHeader(sheet: ExcelJS.Worksheet, lastColumn: string, split: string, rightStart: string): void {
  sheet.mergeCells(`A1:${split}1`);
  put(sheet, 'A1', { v: '{{parentBody}}', align: 'center' });
  sheet.mergeCells(`A2:${split}2`);
  put(sheet, 'A2', { v: '{{issuingBody}}', bold: true, align: 'center' });
  sheet.mergeCells(`${rightStart}1:${lastColumn}1`);
  put(sheet, `${rightStart}1`, { v: '{{motto1}}', bold: true, align: 'center' });
  sheet.mergeCells(`${rightStart}2:${lastColumn}2`);
  put(sheet, `${rightStart}2`, { v: '{{motto2}}', bold: true, align: 'center' });
  sheet.mergeCells(`${rightStart}3:${lastColumn}3`);
  put(sheet, `${rightStart}3`, { v: '{{placeDate}}', italic: true, align: 'center' });
}

function titleRows(sheet: ExcelJS.Worksheet, lastColumn: string, row: number): void {
  sheet.mergeCells(`A${row}:${lastColumn}${row}`);
  put(sheet, `A${row}`, { v: '{{title}}', bold: true, align: 'center' });
  sheet.getCell(`A${row}`).font = { name: FONT, size: 14, bold: true };
  sheet.mergeCells(`A${row + 1}:${lastColumn}${row + 1}`);
  put(sheet, `A${row + 1}`, { v: '{{subtitle}}', italic: true, align: 'center' });
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

/** A4 landscape, the table header repeated on every page; wide sheets repeat their first columns instead of shrinking. */
function print(sheet: ExcelJS.Worksheet, titleRow: number, titleColumns?: string): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: titleColumns === undefined,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${titleRow}:${titleRow}`,
    ...(titleColumns === undefined ? {} : { printTitlesColumn: titleColumns }),
  };
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
const SCORE_WIDTHS = [6, 34, 11, 11, 9, 9, 11, 11, 9, 30, 10, 18, 28];

export function buildClusterReportTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Thi đua';

  const summary = workbook.addWorksheet(SHEETS.summary);
  SCORE_WIDTHS.forEach((width, i) => (summary.getColumn(i + 1).width = width));
  officialHeader(summary, 'M', 'D', 'H');
  titleRows(summary, 'M', 5);
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
  tableHeader(summary, 8, ['Chỉ số', '', '', '', 'Số lượng', 'Trên tổng', 'Tỷ lệ'], 2);
  summary.mergeCells('B8:E8');
  block.forEach(([label, count, of, percent], i) => {
    const row = 9 + i;
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
  const texts: [string, string, string?][] = [
    ['Điểm trung bình / cao nhất', '{{summary.average}}', '{{summary.max}}'],
    ['Đơn vị dẫn đầu', '{{summary.leading}}'],
    ['Cụm trưởng, cụm phó năm {{year}}', '{{summary.head}}', '{{summary.deputy}}'],
    ['Cụm trưởng, cụm phó năm {{nextYear}}', '{{summary.nextHead}}', '{{summary.nextDeputy}}'],
    ['Ngày ký giao ước / ngày hội nghị tổng kết', '{{covenantDate}}', '{{conferenceDate}}'],
  ];
  texts.forEach(([label, first, second], i) => {
    const row = 15 + i;
    summary.mergeCells(`B${row}:E${row}`);
    summary.mergeCells(`F${row}:I${row}`);
    summary.mergeCells(`J${row}:M${row}`);
    const numeric =
      i === 0
        ? { fmt: FORMATS.points, align: 'left' as const }
        : i === texts.length - 1
          ? { fmt: FORMATS.date, align: 'left' as const }
          : {};
    tableRow(
      summary,
      row,
      [
        { v: label },
        { v: '' },
        { v: '' },
        { v: '' },
        { v: first, ...numeric },
        { v: '' },
        { v: '' },
        { v: '' },
        { v: second ?? '', ...numeric },
        { v: '' },
        { v: '' },
        { v: '' },
      ],
      2,
    );
  });
  summary.mergeCells('B20:M20');
  put(summary, 'B20', { v: '{{sentence}}', italic: true });
  tableHeader(summary, 22, SCORE_TITLES);
  tableRow(summary, 23, SCORE_ROW);
  summary.getRow(22).height = 32;
  summary.views = [{ state: 'frozen', ySplit: 22, xSplit: 2 }];
  print(summary, 22);

  const detail = workbook.addWorksheet(SHEETS.detail);
  [10, 8, 46, 10, 14, 10, 10, 10].forEach((width, i) => (detail.getColumn(i + 1).width = width));
  detail.mergeCells('A1:H1');
  put(detail, 'A1', { v: '{{title}}', bold: true, align: 'center' });
  detail.mergeCells('A2:H2');
  put(detail, 'A2', { v: '{{subtitle}}', italic: true, align: 'center' });
  tableHeader(detail, 4, ['Nhóm', 'Mã', 'Tiêu chí', 'Điểm tối đa', '{{col.name}}', '', '', '']);
  detail.mergeCells('E4:H4');
  ['A', 'B', 'C', 'D'].forEach((c) => detail.mergeCells(`${c}4:${c}5`));
  tableHeader(detail, 5, ['Kết quả / chỉ tiêu', 'Tự chấm', 'Cụm chấm', 'Điểm tính'], 5);
  tableRow(detail, 6, [
    { v: '{{row.group}}' },
    { v: '{{row.code}}' },
    { v: '{{row.title}}' },
    { v: '{{row.max}}', fmt: FORMATS.points },
    { v: '{{col.actualTarget}}', align: 'center' },
    { v: '{{col.self}}', fmt: FORMATS.points },
    { v: '{{col.reviewed}}', fmt: FORMATS.points },
    { v: '{{col.final}}', fmt: FORMATS.points },
  ]);
  detail.getRow(4).height = 45;
  detail.views = [{ state: 'frozen', ySplit: 5, xSplit: 3 }];
  print(detail, 5, 'A:C');

  const comparison = workbook.addWorksheet(SHEETS.comparison);
  [44, 16, 16, 16].forEach((width, i) => (comparison.getColumn(i + 1).width = width));
  comparison.mergeCells('A1:D1');
  put(comparison, 'A1', { v: '{{title}}', bold: true, align: 'center' });
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
  print(comparison, 4);
  return workbook;
}

export function buildOverviewTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Thi đua';
  const overview = workbook.addWorksheet(SHEETS.overview);
  [6, 36, 10, 9, 10, 9, 10, 10, 10, 10, 32, 30, 30].forEach((width, i) => (overview.getColumn(i + 1).width = width));
  officialHeader(overview, 'M', 'D', 'H');
  titleRows(overview, 'M', 5);
  tableHeader(overview, 8, [
    'STT',
    'Cụm, khối thi đua',
    'Loại',
    'Số đơn vị',
    'HTXSNV',
    'Tỷ lệ HTXSNV',
    'Chỉ tiêu đạt',
    'Chỉ tiêu ký kết',
    'Tỷ lệ chỉ tiêu',
    'Trạng thái',
    'Đơn vị dẫn đầu',
    'Cụm trưởng năm sau',
    'Cụm phó năm sau',
  ]);
  overview.getRow(8).height = 32;
  tableRow(overview, 9, [
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
  tableRow(overview, 10, [
    { v: '' },
    { v: 'Tổng cộng ({{total.clusters}} cụm, khối)' },
    { v: '' },
    { v: '{{total.units}}', fmt: FORMATS.count },
    { v: '{{total.excellent}}', fmt: FORMATS.count },
    { v: '{{total.excellentPercent}}', fmt: FORMATS.percent },
    { v: '{{total.targetsMet}}', fmt: FORMATS.count },
    { v: '{{total.targetsSigned}}', fmt: FORMATS.count },
    { v: '{{total.targetsPercent}}', fmt: FORMATS.percent },
    { v: '' },
    { v: '' },
    { v: '' },
    { v: '' },
  ]);
  overview.getRow(10).font = { name: FONT, size: 12, bold: true };
  overview.views = [{ state: 'frozen', ySplit: 8, xSplit: 2 }];
  print(overview, 8);

  const cluster = workbook.addWorksheet(SHEETS.cluster);
  SCORE_WIDTHS.forEach((width, i) => (cluster.getColumn(i + 1).width = width));
  cluster.mergeCells('A1:M1');
  put(cluster, 'A1', { v: '{{clusterName}}', bold: true, align: 'center' });
  cluster.mergeCells('A2:M2');
  put(cluster, 'A2', { v: '{{subtitle}}', italic: true, align: 'center' });
  tableHeader(cluster, 4, SCORE_TITLES);
  cluster.getRow(4).height = 32;
  tableRow(cluster, 5, SCORE_ROW);
  cluster.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  print(cluster, 4);
  return workbook;
}
