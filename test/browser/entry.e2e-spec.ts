/// <reference lib="dom" />
/**
 * Entering results in a real browser, as the cluster's secretaries do: by keyboard, seeing the
 * unit's new total and rank before saving; two secretaries saving the same unit, the second shown
 * the first one's values beside theirs; another cluster's entry page refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { api } from '../test-app.js';
import { type BrowserApp, launchBrowser, newPage, screenshot, settledText, signIn, startApp } from './browser.js';

describe('results entry in a real browser', () => {
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

  const rankIn = (page: Page) => page.locator('[data-out="rank"]').textContent();

  it('the CUM5 secretary enters a unit’s results by keyboard, sees its new rank before saving, saves, and the cluster-year shows it', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2022/nhap-ket-qua`);
    const list = page.getByRole('table', { name: /Tình hình nhập kết quả của 12 đơn vị/ });
    await expect(settledText(list.getByRole('row', { name: /Ban Tuyên giáo Quận 1 \(minh họa\)/ }))).resolves.toMatch(
      /9[\s\S]*14\/16[\s\S]*96,67/,
    );
    await screenshot(page, 'nhap-ket-qua');
    await page.getByRole('link', { name: 'Nhập kết quả của Ban Tuyên giáo Quận 1 (minh họa)' }).click();
    await page.waitForURL('**/nhap-ket-qua/don-vi/1');
    expect(await rankIn(page)).toBe('9/12');

    // Keyboard only: Enter moves from 2.3's self-score to its reviewed score, then to the next boxes.
    await page.getByLabel(/Tự chấm — tiêu chí 2\.3/).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('r13-reviewed');
    await page.keyboard.type('9,25');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('r13-reason');
    // The reason is required while the reviewed score differs from the self-score.
    await expect(settledText(page.locator('[data-error-for="results[13].reviewReason"]'))).resolves.toContain(
      'hãy ghi lý do',
    );
    await page.keyboard.type('Thiếu một biên bản phối hợp');
    await page.keyboard.press('Enter'); // → note
    await page.keyboard.press('Enter'); // → 3.1's actual value
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('r14-actual');
    await page.keyboard.type('2'); // two initiatives: +5 points
    await page.waitForFunction(() => document.querySelector('[data-out="rank"]')?.textContent === '1/12');
    await expect(settledText(page.locator('[data-out="total"]'))).resolves.toBe('101,42');
    await expect(settledText(page.locator('[data-out="rank-before"]'))).resolves.toBe('(đang lưu: 9/12)');
    await expect(settledText(page.locator('[data-final="14"]'))).resolves.toBe('5');
    await expect(settledText(page.locator('[data-flag]'))).resolves.toBe('chưa lưu');
    // Nothing saved yet.
    expect((await api(server.app).get('/api/clusters/1/years/2022/results/1')).body.rank).toBe(9);
    await screenshot(page, 'nhap-ket-qua-don-vi');

    await page.keyboard.press('Control+Enter');
    const ok = page.getByRole('status').filter({ hasText: 'Đã lưu' });
    await expect(settledText(ok)).resolves.toMatch(
      /^Đã lưu kết quả của Ban Tuyên giáo Quận 1 \(minh họa\) lúc \d{2}:\d{2}; hạng mới: 1\/12, tổng điểm 101,42\.$/,
    );
    await expect(settledText(page.locator('[data-flag]'))).resolves.toBe('đã lưu');

    await page.goto(`${server.baseUrl}/cum/1/nam/2022`);
    const row = page
      .getByRole('table', { name: /Bảng xếp hạng năm 2022/ })
      .locator('tbody tr')
      .first();
    await expect(settledText(row)).resolves.toMatch(/1[\s\S]*Ban Tuyên giáo Quận 1 \(minh họa\)[\s\S]*101,42/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('two secretaries enter the same unit: the second is shown the first one’s values beside theirs, and keeps both', async () => {
    const admin = api(server.app);
    const created = await admin.post('/api/users', {
      username: 'thuky2.cum5',
      displayName: 'Thư ký thứ hai',
      role: 'secretary',
      password: 'mat-khau-thu-ky-hai',
      clusterIds: [1],
    });
    expect(created.status).toBe(201);
    const first = await newPage(browser);
    const second = await newPage(browser);
    await signIn(first.page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await signIn(second.page, server.baseUrl, 'thuky2.cum5', 'mat-khau-thu-ky-hai');
    const url = `${server.baseUrl}/cum/1/nam/2022/nhap-ket-qua/don-vi/4`;
    await first.page.goto(url);
    await second.page.goto(url);

    await first.page.getByLabel(/Tự chấm — tiêu chí 2\.1/).fill('18');
    await first.page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await first.page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();

    await second.page.getByLabel(/Tự chấm — tiêu chí 2\.3/).fill('10');
    await second.page.getByRole('button', { name: 'Lưu kết quả' }).click();
    const conflict = second.page.getByRole('region', { name: 'Người khác vừa lưu kết quả của đơn vị này' });
    await conflict.waitFor();
    const rows = conflict.getByRole('table', { name: /giá trị của bạn và của người vừa lưu/ }).locator('tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(settledText(rows.nth(0))).resolves.toMatch(/^2\.1\.[\s\S]*Tự chấm[\s\S]*19[\s\S]*18$/);
    await expect(settledText(rows.nth(1))).resolves.toMatch(/^2\.3\.[\s\S]*Tự chấm[\s\S]*10 — bạn đã sửa[\s\S]*9$/);
    await expect(settledText(second.page.getByRole('alert'))).resolves.toContain('Chưa lưu');
    await screenshot(second.page, 'nhap-ket-qua-xung-dot');
    // Nothing of the second one's was written.
    const stored = (await admin.get('/api/clusters/1/years/2022/results/4')).body;
    const self = (code: string) =>
      stored.results.find((r: { criterionCode: string }) => r.criterionCode === code).selfScore;
    expect([self('2.1'), self('2.3')]).toEqual([18, 9]);

    await conflict.getByRole('button', { name: 'Lấy giá trị của họ, giữ những ô tôi đã sửa' }).click();
    await expect(second.page.getByLabel(/Tự chấm — tiêu chí 2\.1/).inputValue()).resolves.toBe('18');
    await expect(second.page.getByLabel(/Tự chấm — tiêu chí 2\.3/).inputValue()).resolves.toBe('10');
    await second.page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await second.page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const saved = (await admin.get('/api/clusters/1/years/2022/results/4')).body;
    const savedSelf = (code: string) =>
      saved.results.find((r: { criterionCode: string }) => r.criterionCode === code).selfScore;
    expect([savedSelf('2.1'), savedSelf('2.3')]).toEqual([18, 10]);
    expect(first.errors).toEqual([]);
    expect(second.errors.filter((e) => !e.includes('409'))).toEqual([]);
    await first.page.context().close();
    await second.page.context().close();
  }, 60_000);

  it('a CUM5 secretary is refused KHOI-DANG’s entry page, in Vietnamese', async () => {
    const { page } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    const response = await page.goto(`${server.baseUrl}/cum/2/nam/2022/nhap-ket-qua`);
    expect(response?.status()).toBe(403);
    await expect(settledText(page.getByRole('heading', { level: 1 }))).resolves.toBe('Không có quyền xem trang này');
    await page.context().close();
  });
});
