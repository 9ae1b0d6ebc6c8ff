/**
 * Reading exported .xlsx reports back (exceljs) and through LibreOffice (soffice → CSV), for the
 * report specs. Not used by production code.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Api } from './units.factory.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Download {
  status: number;
  headers: Record<string, unknown>;
  bytes: Buffer;
}

/** GET a report with the client's token; the raw bytes, whatever the status. */
export async function download(client: Api, url: string): Promise<Download> {
  const response = await client.raw({ method: 'GET', url });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

/** GET a report that must be a 200 xlsx; the bytes and the workbook read back with exceljs. */
export async function exportBook(client: Api, url: string): Promise<{ bytes: Buffer; book: ExcelJS.Workbook }> {
  const response = await download(client, url);
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}: ${response.bytes.toString('utf8').slice(0, 500)}`);
  }
  expect(String(response.headers['content-type'])).toContain(XLSX_TYPE);
  return { bytes: response.bytes, book: await loadBook(response.bytes) };
}

export async function loadBook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

export function sheetOf(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet "${name}" (sheets: ${book.worksheets.map((s) => s.name).join(', ')})`);
  return sheet;
}

/** A cell's text (rich text joined); '' for an empty cell, String() of anything else. */
export function textOf(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** The first row (from `from`) whose cell in `column` reads exactly `label`. */
export function rowWith(sheet: ExcelJS.Worksheet, column: number, label: string, from = 1): number {
  for (let r = from; r <= sheet.rowCount; r += 1) if (textOf(sheet.getCell(r, column)) === label) return r;
  throw new Error(`sheet "${sheet.name}": no row with "${label}" in column ${column}`);
}

/**
 * A cell holding a number (cell.type Number) equal to `expected` (to 1e-9) with a number format
 * matching `format`; for `expected` null, an empty cell.
 */
export function expectNumber(cell: ExcelJS.Cell, expected: number | null, format: RegExp): void {
  if (expected === null) {
    expect({ at: cell.address, value: cell.value ?? null }).toEqual({ at: cell.address, value: null });
    return;
  }
  const value = cell.value;
  expect({ at: cell.address, type: cell.type, jsType: typeof value }).toEqual({
    at: cell.address,
    type: ExcelJS.ValueType.Number,
    jsType: 'number',
  });
  expect({ at: cell.address, diff: Math.abs((value as number) - expected) < 1e-8 }).toEqual({
    at: cell.address,
    diff: true,
  });
  expect({ at: cell.address, numFmt: cell.numFmt }).toEqual({
    at: cell.address,
    numFmt: expect.stringMatching(format),
  });
}

/** A cell holding exactly this text, as a string (never a formula). */
export function expectText(cell: ExcelJS.Cell, expected: string): void {
  const value = cell.value;
  if (expected === '') {
    expect({ at: cell.address, text: textOf(cell) }).toEqual({ at: cell.address, text: '' });
    return;
  }
  expect({ at: cell.address, jsType: typeof value, value }).toEqual({
    at: cell.address,
    jsType: 'string',
    value: expected,
  });
  expect({ at: cell.address, type: cell.type }).toEqual({ at: cell.address, type: ExcelJS.ValueType.String });
}

/** Every cell of every sheet, for scans. */
export function everyCell(book: ExcelJS.Workbook, visit: (cell: ExcelJS.Cell, sheet: ExcelJS.Worksheet) => void): void {
  for (const sheet of book.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => visit(cell, sheet));
    });
  }
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const run = (file: string, args: string[], timeout: number): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error as Error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });

/**
 * Converts .xlsx files with LibreOffice (`soffice --headless --convert-to csv`, first sheet,
 * UTF-8) in one run with its own profile directory, and returns each file's CSV rows by base name.
 * Fails (never skips) when soffice is missing: CI installs it.
 */
export async function libreOfficeCsv(files: readonly string[], timeoutMs = 60_000): Promise<Map<string, string[][]>> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'thidua-csv-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'thidua-soffice-profile-'));
  let output = '';
  try {
    const { stdout, stderr } = await run(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        // 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at line 1
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        '--outdir',
        outDir,
        ...files,
      ],
      timeoutMs,
    );
    output = `${stdout}${stderr}`;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        'LibreOffice is required by this test but `soffice` was not found on PATH (install libreoffice-calc).',
      );
    }
    throw new Error(`soffice failed: ${e.message}\n${e.stderr ?? ''}`);
  }
  const result = new Map<string, string[][]>();
  try {
    for (const file of files) {
      const base = path.basename(file, path.extname(file));
      let text: string;
      try {
        text = await readFile(path.join(outDir, `${base}.csv`), 'utf8');
      } catch {
        throw new Error(`soffice did not convert ${file} (no ${base}.csv in ${outDir}):\n${output}`);
      }
      result.set(base, parseCsv(text));
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
  return result;
}
