import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { buildOverviewTemplate, SHEETS } from './default-templates.js';
import { StreamedSheetTemplate } from './xlsx-stream.js';
import { fillSheet, type SheetData, type TableRow } from './xlsx-template.js';

/** A template with what makes filling hard: merges above, in and below the table, wrapped text, a column group. */
function trickyTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Mẫu');
  sheet.columns = [{ width: 6 }, { width: 12 }, { width: 8 }, { width: 10 }, { width: 11 }];
  sheet.getCell('A1').value = '{{title}}';
  sheet.mergeCells('A1:E1');
  sheet.getCell('A2').value = 'Năm {{year}}, {{missing}}';
  sheet.getCell('A3').value = { richText: [{ text: 'Ngày ' }, { text: '{{date}}', font: { bold: true } }] };
  sheet.getCell('E3').value = '{{col.head}}';
  sheet.getRow(3).height = 30;
  const table = sheet.getRow(4);
  table.values = ['{{row.stt}}', '{{row.name}}', null, '{{row.total}}', '{{col.value}}'];
  table.getCell(2).alignment = { wrapText: true };
  table.getCell(2).font = { size: 13 };
  table.getCell(4).numFmt = '#,##0.00';
  table.getCell(3).border = { top: { style: 'thin' } };
  sheet.mergeCells('B4:C4');
  sheet.getCell('A6').value = 'Tổng: {{total}}';
  sheet.mergeCells('A6:C7');
  sheet.getCell('D6').value = 42;
  sheet.getRow(6).height = 22;
  sheet.headerFooter = { oddHeader: '&CMẫu' };
  sheet.pageSetup = { orientation: 'landscape' };
  return workbook;
}

const item = (i: number): TableRow => ({
  values: {
    stt: i + 1,
    name: i === 1 ? 'Một tên rất dài, phải xuống dòng mới vừa ô đã gộp' : `Đơn vị ${i + 1}`,
    total: i * 1.5,
  },
});

const data = (count: number): SheetData => ({
  scalars: { title: 'TIÊU ĐỀ', year: 2025, date: '01/02/2025', total: 7, stt: 'không dùng' },
  rows: Array.from({ length: count }, (_, i) => item(i)),
});

async function read(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

/** Every cell's value and style, the merges, heights and print header of a sheet read back. */
function contents(sheet: ExcelJS.Worksheet): unknown {
  const rows: unknown[] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: unknown[] = [];
    for (let c = 1; c <= 6; c += 1) cells.push([row.getCell(c).value, row.getCell(c).style]);
    rows.push({ height: row.height, cells });
  }
  return {
    rows,
    merges: [...((sheet.model as { merges?: string[] }).merges ?? [])].sort(),
    // A column without a width is written 10 wide (exceljs's in-memory writer leaves it out).
    widths: [1, 2, 3, 4, 5].map((c) => sheet.getColumn(c).width ?? 10),
    headerFooter: sheet.headerFooter,
    pageSetup: sheet.pageSetup.orientation,
  };
}

async function filledCopy(template: () => ExcelJS.Workbook, sheetName: string, sheetData: SheetData) {
  const workbook = template();
  const sheet = workbook.getWorksheet(sheetName) as ExcelJS.Worksheet;
  // Copied through a fresh workbook, as a template is read from its file.
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(await workbook.xlsx.writeBuffer());
  const filled = copy.getWorksheet(sheet.name) as ExcelJS.Worksheet;
  fillSheet(filled, sheetData);
  filled.headerFooter = { ...filled.headerFooter, oddHeader: 'DỰ THẢO' };
  copy.worksheets.filter((s) => s !== filled).forEach((s) => copy.removeWorksheet(s.id));
  return contents(await read(Buffer.from(await copy.xlsx.writeBuffer())));
}

async function streamed(template: () => ExcelJS.Workbook, sheetName: string, sheetData: readonly SheetData[]) {
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(await template().xlsx.writeBuffer());
  const sheet = StreamedSheetTemplate.of(copy.getWorksheet(sheetName) as ExcelJS.Worksheet);
  const books: unknown[] = [];
  // One template read, written several times.
  for (const one of sheetData) {
    const stream = new PassThrough();
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const bytes = buffer(stream);
    sheet.write(writer, sheetName, one, 'DỰ THẢO');
    await writer.commit();
    books.push(contents(await read(await bytes)));
  }
  return books;
}

describe('StreamedSheetTemplate', () => {
  it.each([0, 1, 2, 4])('writes what filling a fresh copy of the template makes, with %i table rows', async (count) => {
    const [once, again] = await streamed(trickyTemplate, 'Mẫu', [data(count), data(count)]);
    const expected = await filledCopy(trickyTemplate, 'Mẫu', data(count));
    expect(once).toEqual(expected);
    expect(again).toEqual(expected);
  });

  it('fills the overview template’s cluster sheet as fillSheet does, the long name on a taller row', async () => {
    const rows = [0, 1, 2].map((i) => ({
      values: { stt: i + 1, name: item(i).values.name, total: 80 + i, rating: 'Tốt' },
    }));
    const sheetData: SheetData = { scalars: { title: 'BẢNG', subtitle: 'Cụm 1', status: 'Dự thảo' }, rows };
    const [written] = await streamed(buildOverviewTemplate, SHEETS.cluster, [sheetData]);
    const expected = await filledCopy(buildOverviewTemplate, SHEETS.cluster, sheetData);
    expect(written).toEqual(expected);
    const heightOf = (name: unknown): number =>
      (written as { rows: { height?: number; cells: unknown[][] }[] }).rows.find((r) => r.cells[1]?.[0] === name)
        ?.height ?? 0;
    expect(heightOf(item(1).values.name)).toBeGreaterThan(heightOf(item(0).values.name));
  });

  it('empties the cells of a column group, which the overview never fills', async () => {
    const [written] = (await streamed(trickyTemplate, 'Mẫu', [data(2)])) as { rows: { cells: [unknown][] }[] }[];
    expect(written?.rows[2]?.cells[4]?.[0]).toBeNull();
    expect(written?.rows[3]?.cells[4]?.[0]).toBeNull();
  });
});
