/// <reference lib="dom" />
/**
 * The pages in a real browser, as their users would use them: a leader signs in and reads the
 * overview and a cluster's year with its charts; a secretary lands on their cluster; a page a role
 * may not see says so. Each main page is saved as a screenshot (test/browser/screenshots).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import {
  type BrowserApp,
  canvasDrawn,
  launchBrowser,
  newPage,
  screenshot,
  settledText,
  signIn,
  startApp,
} from './browser.js';

describe('pages in a real browser', () => {
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

  it('a visitor is sent to the sign-in page; a wrong password is said in Vietnamese next to the form', async () => {
    const { page, errors } = await newPage(browser);
    await page.goto(`${server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill('lanhdao');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(settledText(page.getByRole('alert'))).resolves.toContain('mật khẩu');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await screenshot(page, 'dang-nhap');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.context().close();
  });

  it('a leader lands on the overview: every cluster of the year, the totals, a chart drawn', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'lanhdao', 'thidua-lanhdao');
    expect(new URL(page.url()).pathname).toBe('/tong-quan');
    await page.getByLabel('Năm', { exact: true }).selectOption('2021');
    await page.waitForURL('**/tong-quan?nam=2021');
    const table = page.getByRole('table', { name: /Các cụm, khối thi đua năm 2021/ });
    await expect(settledText(table.getByRole('row', { name: /Cụm thi đua số 5/ }))).resolves.toMatch(
      /11\/12 \(91,67%\)[\s\S]*108\/120 \(90,00%\)/,
    );
    await page.waitForSelector('canvas[data-drawn]');
    expect(await canvasDrawn(page, 'canvas[data-drawn]')).toBe(true);
    await screenshot(page, 'tong-quan');
    expect(errors).toEqual([]);

    await table.getByRole('link', { name: /Cụm thi đua số 5/ }).click();
    await page.waitForURL('**/cum/*/nam/2021');
    await expect(settledText(page.locator('.sentence'))).resolves.toBe(
      '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%).',
    );
    const standings = page.getByRole('table', { name: /Bảng xếp hạng năm 2021/ });
    await expect(standings.locator('tbody tr').count()).resolves.toBe(12);
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn]').length === 2);
    for (const index of [0, 1]) {
      expect(await canvasDrawn(page, `.chart:nth-of-type(${index + 1}) canvas`)).toBe(true);
    }
    await screenshot(page, 'cum-nam');

    await standings.getByRole('link').first().click();
    await page.waitForURL('**/don-vi/*');
    await expect(page.getByRole('table', { name: /Kết quả từng tiêu chí năm 2021/ }).isVisible()).resolves.toBe(true);
    await expect(
      page.getByRole('table', { name: /Hạng và tổng điểm của đơn vị qua các năm/ }).textContent(),
    ).resolves.toContain('2022');
    await screenshot(page, 'don-vi');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a secretary lands on their own cluster’s latest year; an unknown page says so in Vietnamese with a way back', async () => {
    const { page } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    expect(new URL(page.url()).pathname).toMatch(/^\/cum\/\d+\/nam\/2022$/);
    const response = await page.goto(`${server.baseUrl}/khong-co-trang-nay`);
    expect(response?.status()).toBe(404);
    await expect(settledText(page.getByRole('heading', { level: 1 }))).resolves.toBe('Không có trang này');
    await expect(page.getByRole('link', { name: 'Về trang chính' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  }, 60_000);

  it('a reporter lands on the reports; signing out ends the session: the pages ask to sign in again', async () => {
    const { page } = await newPage(browser);
    await signIn(page, server.baseUrl, 'baocao', 'thidua-baocao');
    expect(new URL(page.url()).pathname).toBe('/bao-cao'); // a reporter lands on the reports
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/dang-nhap');
    await page.goto(`${server.baseUrl}/tong-quan`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await page.context().close();
  }, 60_000);
});
