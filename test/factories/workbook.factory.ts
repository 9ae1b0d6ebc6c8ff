import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Api } from './units.factory.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart/form-data body with one file (or, with `file: null`, only a text field). */
export function multipart(file: { name: string; content: Buffer; type?: string; field?: string } | null): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----thidua${Math.random().toString(16).slice(2)}`;
  const head =
    file === null
      ? `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type ?? XLSX_TYPE}\r\n\r\n`;
  const payload = Buffer.concat([
    Buffer.from(head),
    file === null ? Buffer.from('không có tệp') : file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POSTs a file to a route as multipart/form-data. */
export async function upload(
  client: Api,
  url: string,
  content: Buffer,
  name = 'ket-qua.xlsx',
): Promise<{ status: number; body: any; raw: Buffer; type: string }> {
  const { payload, headers } = multipart({ name, content });
  const response = await client.raw({ method: 'POST', url, payload, headers });
  const type = String(response.headers['content-type'] ?? '');
  return {
    status: response.statusCode,
    body: type.startsWith('application/json') ? JSON.parse(response.body) : undefined,
    raw: response.rawPayload,
    type,
  };
}

/**
 * Previews a file (POST `url`, a dry run) and, when the preview can be applied, applies it with
 * its token (`url` + dryRun=false&previewToken=…). Fails unless the preview answers 200.
 */
export async function previewAndApply(
  client: Api,
  url: string,
  content: Buffer,
  name = 'ket-qua.xlsx',
): Promise<{ preview: any; status: number; body: any }> {
  const preview = await upload(client, url, content, name);
  if (preview.status !== 200) throw new Error(`preview: ${preview.status} ${JSON.stringify(preview.body)}`);
  const token = encodeURIComponent(String(preview.body.previewToken));
  const applied = await upload(
    client,
    `${url}${url.includes('?') ? '&' : '?'}dryRun=false&previewToken=${token}`,
    content,
    name,
  );
  return { preview: preview.body, status: applied.status, body: applied.body };
}

/** GET …/entry-template.xlsx; fails unless it answers 200 with a workbook. */
export async function downloadTemplate(client: Api, clusterId: number, year: number): Promise<Buffer> {
  const response = await client.raw({
    method: 'GET',
    url: `/api/clusters/${clusterId}/years/${year}/entry-template.xlsx`,
  });
  if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith(XLSX_TYPE)) {
    throw new Error(`entry template: ${response.statusCode} ${response.body.slice(0, 300)}`);
  }
  return response.rawPayload;
}

export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Input columns of the "Kết quả" sheet, by the ResultEntry field they hold. */
export const INPUT_COLUMNS = { actual: 'I', selfScore: 'J', reviewedScore: 'K', reviewReason: 'L', note: 'M' } as const;
export type Entry = Partial<Record<keyof typeof INPUT_COLUMNS, number | string | null>>;

/**
 * Fills a downloaded entry workbook as a user would: for each row (unit code in A, criterion code
 * in C), `entry(unitCode, code)` gives the cells to type (undefined: leave the row as it is).
 */
export async function fillWorkbook(
  buffer: Buffer,
  entry: (unitCode: string, code: string) => Entry | undefined,
  edit?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const workbook = await loadWorkbook(buffer);
  const sheet = workbook.getWorksheet('Kết quả');
  if (!sheet) throw new Error('no sheet "Kết quả"');
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    const unitCode = sheet.getCell(`A${row}`).value;
    const code = sheet.getCell(`C${row}`).value;
    if (typeof unitCode !== 'string' || typeof code !== 'string') continue;
    const values = entry(unitCode, code);
    if (!values) continue;
    for (const [field, column] of Object.entries(INPUT_COLUMNS)) {
      const value = values[field as keyof typeof INPUT_COLUMNS];
      if (value !== undefined) sheet.getCell(`${column}${row}`).value = value;
    }
  }
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The row of the "Kết quả" sheet holding (unitCode, code). */
export function rowOf(sheet: ExcelJS.Worksheet, unitCode: string, code: string): number {
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    if (sheet.getCell(`A${row}`).value === unitCode && sheet.getCell(`C${row}`).value === code) return row;
  }
  throw new Error(`no row for unit ${unitCode}, criterion ${code}`);
}

/**
 * Opens the file in LibreOffice and saves it again as .xlsx (soffice --headless --convert-to xlsx).
 * Fails, never skips, when LibreOffice is missing: CI installs it.
 */
export function resaveWithLibreOffice(buffer: Buffer): Buffer {
  const which = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
  const soffice = which.stdout.trim();
  if (which.status !== 0 || soffice === '') {
    throw new Error(
      'LibreOffice (soffice) không có trên máy: cần để kiểm tra tệp lưu bằng LibreOffice. ' +
        'Cài bằng: apt-get install -y libreoffice-calc-nogui',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'thidua-lo-'));
  try {
    const input = join(dir, 'in');
    const output = join(dir, 'out');
    mkdirSync(input);
    mkdirSync(output);
    writeFileSync(join(input, 'nhap-ket-qua.xlsx'), buffer);
    const result = spawnSync(
      soffice,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'xlsx',
        '--outdir',
        output,
        join(input, 'nhap-ket-qua.xlsx'),
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (result.status !== 0) {
      throw new Error(`soffice failed (${result.status}): ${result.stderr || String(result.error)}`);
    }
    return readFileSync(join(output, 'nhap-ket-qua.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
