#!/usr/bin/env node
/**
 * The Excel references, with exceljs alone (no app code):
 *
 *   node bench/ref-excel.mjs capture APP.xlsx CELLS.json   every sheet's cells (value, number format) and column widths
 *   node bench/ref-excel.mjs write CELLS.json OUT.xlsx     the same cells through exceljs's streaming writer
 *   node bench/ref-excel.mjs read FILE.xlsx                the whole workbook read into memory
 *
 * `write` and `read` print {"ms": …}: the time of the work itself, after the modules loaded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const [mode, input, output] = process.argv.slice(2);

/** A cell's value as JSON can carry it (dates tagged, rich text flattened, formulas by their result). */
function plain(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { date: value.toISOString() };
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return plain(value.result);
    if ('text' in value) return value.text;
    if ('error' in value) return null;
  }
  return value;
}

if (mode === 'capture') {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(input);
  const sheets = workbook.worksheets.map((sheet) => {
    const rows = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const cells = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = { v: plain(cell.value), f: cell.numFmt ?? null };
      });
      rows[number - 1] = cells;
    });
    return { name: sheet.name, widths: sheet.columns?.map((c) => c.width ?? null) ?? [], rows };
  });
  writeFileSync(output, JSON.stringify(sheets));
} else if (mode === 'write') {
  const sheets = JSON.parse(readFileSync(input, 'utf8'));
  const started = performance.now();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: output,
    useStyles: true,
    useSharedStrings: false,
  });
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    sheet.columns = spec.widths.map((width) => ({ width: width ?? 10 }));
    for (const cells of spec.rows) {
      const row = sheet.addRow(
        (cells ?? []).map((c) => (c?.v !== null && typeof c?.v === 'object' ? new Date(c.v.date) : (c?.v ?? null))),
      );
      (cells ?? []).forEach((c, i) => {
        if (c?.f) row.getCell(i + 1).numFmt = c.f;
      });
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  console.log(JSON.stringify({ ms: performance.now() - started }));
} else if (mode === 'read') {
  const buffer = readFileSync(input);
  const started = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  let cells = 0;
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => (cells += row.cellCount));
  console.log(JSON.stringify({ ms: performance.now() - started, cells }));
} else {
  console.error('mode: capture, write or read');
  process.exit(2);
}
