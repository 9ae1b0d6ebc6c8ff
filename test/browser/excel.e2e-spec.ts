/// <reference lib="dom" />
/**
 * The Excel pages in a real browser, as their users work: the CUM5 secretary downloads the entry
 * workbook, changes one value in it, uploads it, reads the preview (old → new) and applies it; a
 * file with a mistake shows the problem with its cell; the reporter downloads both reports, each a
 * workbook that opens and holds the demo's figures.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { type BrowserApp, launchBrowser, newPage, screenshot, settledText, signIn, startApp } from './browser.js';
import { readDocx } from '../factories/docx-report.factory.js';

const IMPORT_PAGE = '/cum/1/nam/2022/nhap-excel';

async function workbookOf(download: Download): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(await download.path())) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The row of unit `unit` and criterion `code` in the "Kết quả" sheet. */
function rowOf(sheet: ExcelJS.Worksheet, unit: string, code: string): number {
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    if (sheet.getCell(`A${row}`).value === unit && sheet.getCell(`C${row}`).value === code) return row;
  }
  throw new Error(`no row ${unit} ${code}`);
}

/** Downloads the entry workbook through the page's link. */
async function downloadTemplate(page: Page): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Tải mẫu nhập kết quả (.xlsx)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('nhap-ket-qua-CUM5-2022.xlsx');
  return workbookOf(download);
}

async function upload(page: Page, workbook: ExcelJS.Workbook, name: string): Promise<void> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await page.getByLabel('Tệp kết quả đã điền (.xlsx, tối đa 10 MB)').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
}

describe('Excel pages in a real browser', () => {
  let server: BrowserApp;
  let browser: Browser;

  beforeAll(async () => {
    server = await startApp();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });

  it('the CUM5 secretary downloads the entry workbook, changes one value, previews old → new and applies it', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2022`);
    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.waitForURL(`**${IMPORT_PAGE}`);
    await expect(settledText(page.getByRole('heading', { level: 1 }))).resolves.toContain('năm 2022');

    const workbook = await downloadTemplate(page);
    const sheet = workbook.getWorksheet('Kết quả')!;
    const row = rowOf(sheet, 'Q1', '1.1');
    expect(sheet.getCell(`I${row}`).value).toBe(97);
    sheet.getCell(`I${row}`).value = 98.5;
    await upload(page, workbook, 'ket-qua-cum5.xlsx');

    const preview = page.locator('#preview');
    await preview.waitFor({ state: 'visible' });
    const table = preview.getByRole('table', { name: /Ban Tuyên giáo Quận 1 \(minh họa\) \(mã Q1\): 1 ô sẽ ghi/ });
    const change = table.getByRole('row', { name: new RegExp(`I${row}`) });
    await expect(settledText(change)).resolves.toMatch(
      /1\.1 – Tỷ lệ đảng viên[\s\S]*Kết quả thực hiện[\s\S]*97 → 98,5/,
    );
    await expect(settledText(preview.locator('[data-totals]'))).resolves.toMatch(/Ô sẽ được ghi\s*1/);
    await expect(settledText(preview)).resolves.toContain('11 đơn vị không thay đổi');
    await expect(page.locator('[data-progress]').isHidden()).resolves.toBe(true);
    await screenshot(page, 'nhap-excel-xem-truoc');

    await page.getByRole('button', { name: 'Áp dụng' }).click();
    const result = page.locator('#result');
    await result.waitFor({ state: 'visible' });
    await expect(settledText(result.getByRole('status'))).resolves.not.toBe('');
    await expect(result.getByRole('link', { name: /Xem bảng xếp hạng/ }).getAttribute('href')).resolves.toBe(
      '/cum/1/nam/2022',
    );
    // Stored: read through the JSON API with the page's session.
    const stored = await page.evaluate(async () => {
      const response = await fetch('/api/clusters/1/years/2022/results/1', { credentials: 'same-origin' });
      const body = (await response.json()) as { results: Array<{ criterionCode: string; actual: number | null }> };
      return body.results.find((r) => r.criterionCode === '1.1')?.actual;
    });
    expect(stored).toBe(98.5);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a file with a mistake shows the problem with its sheet, cell, unit and criterion, and writes nothing', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}${IMPORT_PAGE}`);
    const workbook = await downloadTemplate(page);
    const sheet = workbook.getWorksheet('Kết quả')!;
    const row = rowOf(sheet, 'Q3', '1.2');
    sheet.getCell(`I${row}`).value = 'mười';
    await upload(page, workbook, 'ket-qua-sai.xlsx');

    const problems = page.locator('#problems');
    await problems.waitFor({ state: 'visible' });
    const line = problems.getByRole('row', { name: new RegExp(`I${row}`) });
    await expect(settledText(line)).resolves.toMatch(
      /Kết quả[\s\S]*Ban Tuyên giáo Quận 3 \(minh họa\) \(Q3\)[\s\S]*1\.2 – Số buổi sinh hoạt chuyên đề[\s\S]*'mười' không phải là số/,
    );
    await expect(page.locator('#preview').isHidden()).resolves.toBe(true);
    const [marked] = await Promise.all([
      page.waitForEvent('download'),
      problems.getByRole('button', { name: /Tải tệp đã đánh dấu các ô lỗi/ }).click(),
    ]);
    const markedBook = await workbookOf(marked);
    expect(markedBook.worksheets[0]?.name).toBe('Danh sách lỗi');
    await screenshot(page, 'nhap-excel-loi');
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('the secretary writes the summary report’s signer and strengths on /bao-cao; the downloaded report prints them', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/bao-cao?nam=2022&cum=1`);
    const form = page.locator('#report-texts-form');
    await form.getByLabel('Người ký (thay mặt cụm, khối)').fill('Lê Văn Cường');
    await form.getByLabel('Ưu điểm').fill('Hoàn thành tốt các chỉ tiêu giao ước.\nPhối hợp chặt chẽ.');
    await form.getByRole('button', { name: 'Lưu nội dung' }).click();
    await expect(settledText(form.getByRole('status'))).resolves.toContain('Đã lưu');
    // saved twice in a row: the page keeps the version it got back
    await form.getByLabel('Hạn chế, tồn tại').fill('Báo cáo còn chậm.');
    await form.getByRole('button', { name: 'Lưu nội dung' }).click();
    await expect(settledText(form.getByRole('status'))).resolves.toContain('Đã lưu');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải báo cáo tổng kết (.docx)' }).click(),
    ]);
    const written = readDocx(await readFile(await download.path()));
    expect(written.paragraphs).toEqual(
      expect.arrayContaining(['Hoàn thành tốt các chỉ tiêu giao ước.', 'Phối hợp chặt chẽ.', 'Báo cáo còn chậm.']),
    );
    expect(written.tables[2]?.[0]?.[1]).toContain('Lê Văn Cường');
    await screenshot(page, 'bao-cao-noi-dung');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('the reporter downloads the cluster report and the overview from /bao-cao, each a workbook with the demo figures', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'baocao', 'thidua-baocao');
    await page.getByRole('navigation', { name: 'Chính' }).getByRole('link', { name: 'Báo cáo' }).click();
    await page.waitForURL('**/bao-cao');
    await page.getByLabel('Năm').selectOption('2021');
    await page.waitForURL('**/bao-cao?nam=2021*');
    await page.getByLabel('Cụm, khối').selectOption('2');
    await page.waitForURL('**/bao-cao?nam=2021&cum=2*');
    await page.getByLabel('Cụm, khối').selectOption('1');
    await page.waitForURL('**/bao-cao?nam=2021&cum=1*');

    await page.getByLabel('Số văn bản').fill('15');
    await page.getByLabel('Ngày ghi trên văn bản').fill('2021-12-10');
    const [summaryReport] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải báo cáo tổng kết (.docx)' }).click(),
    ]);
    expect(summaryReport.suggestedFilename()).toBe('bao-cao-tong-ket-CUM5-2021.docx');
    const written = readDocx(await readFile(await summaryReport.path()));
    expect(written.text).toContain('11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%)');
    expect(written.tables[0]?.[0]?.[0]).toContain('Số: 15/BC-CTĐ');
    expect(written.tables[0]?.[0]?.[1]).toContain('ngày 10 tháng 12 năm 2021');

    const [clusterReport] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải bảng tổng hợp (.xlsx)' }).click(),
    ]);
    expect(clusterReport.suggestedFilename()).toMatch(/\.xlsx$/);
    const report = await workbookOf(clusterReport);
    const summary = report.getWorksheet('Tổng hợp');
    expect(summary).toBeDefined();
    expect(texts(summary!).some((t) => t.includes('11/12') || t.includes('108/120'))).toBe(true);
    await expect(settledText(page.getByRole('status').filter({ hasText: 'Đã tải' }))).resolves.toContain('.xlsx');

    const [overviewReport] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tổng hợp năm 2021 (.xlsx)' }).click(),
    ]);
    const overview = await workbookOf(overviewReport);
    expect(overview.worksheets.map((s) => s.name)).toEqual(['Tổng hợp các cụm', 'CUM5', 'KHOI-DANG']);
    // CUM5's row: 12 units, 11 excellent (11/12), 108 of 120 targets met.
    const rows: number[][] = [];
    overview.getWorksheet('Tổng hợp các cụm')!.eachRow((row) => {
      if (row.getCell(2).text.startsWith('Cụm thi đua số 5')) {
        rows.push([4, 5, 7, 8].map((c) => Number(row.getCell(c).value)));
      }
    });
    expect(rows).toEqual([[12, 11, 108, 120]]);
    await expect(page.locator('[data-progress]').isHidden()).resolves.toBe(true);
    await screenshot(page, 'bao-cao');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});

/** Every cell's text (formulas' results included). */
function texts(sheet: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (cell.type !== ExcelJS.ValueType.Merge) out.push(cell.text);
    });
  });
  return out;
}
