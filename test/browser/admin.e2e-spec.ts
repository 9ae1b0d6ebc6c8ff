/// <reference lib="dom" />
/**
 * The administration pages in a real browser, as the organizer's admin uses them at the start of a
 * year: create a secretary for CUM5 (who then signs in and lands on CUM5), lock that account (who
 * then cannot sign in), rename a unit from a date, save a cluster someone else just changed, edit
 * the report header. A leader is refused. Each page is saved as a screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { api } from '../test-app.js';
import { type BrowserApp, launchBrowser, newPage, screenshot, settledText, signIn, startApp } from './browser.js';

describe('administration pages in a real browser', () => {
  let server: BrowserApp;
  let browser: Browser;
  let admin: Page;
  let adminErrors: string[];

  beforeAll(async () => {
    server = await startApp();
    browser = await launchBrowser();
    ({ page: admin, errors: adminErrors } = await newPage(browser));
    admin.setDefaultTimeout(10_000);
    await signIn(admin, server.baseUrl, 'admin', 'thidua-admin');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });

  const flash = (page: Page) => page.locator('[data-flash]');

  it('the admin creates a secretary for CUM5; the secretary signs in and lands on CUM5’s page', async () => {
    await admin.goto(`${server.baseUrl}/quan-tri`);
    await screenshot(admin, 'quan-tri');
    await admin.getByRole('link', { name: 'Tài khoản' }).click();
    await admin.waitForURL('**/quan-tri/tai-khoan');

    const form = admin.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill('Thư Ký Mới');
    await form.getByLabel('Họ và tên').fill('Nguyễn Thị Thư');
    await expect(form.getByLabel('Vai trò').inputValue()).resolves.toBe('secretary');
    await form.getByLabel('Mật khẩu ban đầu').fill('mat-khau-thu-ky-moi');
    await form.getByRole('checkbox', { name: /CUM5 — Cụm thi đua số 5/ }).check();
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // The API's refusal, next to the field it concerns.
    const usernameError = form.locator('[data-error-for="username"]');
    await usernameError.waitFor();
    await expect(settledText(usernameError)).resolves.toContain('chỉ gồm a-z');
    await expect(form.getByLabel('Tên đăng nhập').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByLabel('Tên đăng nhập').fill('thuky.moi');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await flash(admin).waitFor();
    await expect(settledText(flash(admin))).resolves.toContain('Đã tạo tài khoản "thuky.moi" (Thư ký cụm');
    const row = admin.getByRole('row', { name: /thuky\.moi/ });
    await expect(settledText(row)).resolves.toMatch(/Nguyễn Thị Thư[\s\S]*Thư ký cụm[\s\S]*CUM5 — Cụm thi đua số 5/);
    await screenshot(admin, 'quan-tri-tai-khoan');

    const { page: secretary, errors } = await newPage(browser);
    await signIn(secretary, server.baseUrl, 'thuky.moi', 'mat-khau-thu-ky-moi');
    expect(new URL(secretary.url()).pathname).toBe('/cum/1/nam/2022');
    expect(errors).toEqual([]);
    await secretary.context().close();
  }, 60_000);

  it('the admin locks that account after confirming; it can no longer sign in', async () => {
    const { page: secretary } = await newPage(browser);
    await signIn(secretary, server.baseUrl, 'thuky.moi', 'mat-khau-thu-ky-moi');

    await admin.goto(`${server.baseUrl}/quan-tri/tai-khoan`);
    const lock = admin.getByRole('button', { name: 'Khóa tài khoản thuky.moi' });
    // Declining the question changes nothing.
    admin.once('dialog', (dialog) => void dialog.dismiss());
    await lock.click();
    await expect(settledText(admin.getByRole('row', { name: /thuky\.moi/ }))).resolves.toContain('Đang hoạt động');

    let question = '';
    admin.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await lock.click();
    await flash(admin).waitFor();
    expect(question).toContain('Khóa tài khoản "thuky.moi"');
    await expect(settledText(flash(admin))).resolves.toBe('Đã khóa tài khoản "thuky.moi".');
    await expect(settledText(admin.getByRole('row', { name: /thuky\.moi/ }))).resolves.toContain('Đã khóa');

    // The open session ended; signing in again is refused, in Vietnamese.
    await secretary.goto(`${server.baseUrl}/cum/1/nam/2022`);
    expect(new URL(secretary.url()).pathname).toBe('/dang-nhap');
    await secretary.getByLabel('Tên đăng nhập').fill('thuky.moi');
    await secretary.getByLabel('Mật khẩu').fill('mat-khau-thu-ky-moi');
    await secretary.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(settledText(secretary.getByRole('alert'))).resolves.toBe('Tài khoản đã bị khóa; liên hệ quản trị.');
    expect(new URL(secretary.url()).pathname).toBe('/dang-nhap');
    await secretary.context().close();
  }, 60_000);

  it('the admin renames a unit from a date; the page shows both names with their dates', async () => {
    await admin.goto(`${server.baseUrl}/quan-tri/don-vi`);
    await admin.getByRole('button', { name: 'Sửa hoặc đổi tên Ban Tuyên giáo Quận 3 (minh họa)' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Tên mới', { exact: true }).fill('Ban Tuyên giáo và Dân vận Quận 3 (minh họa)');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    // A new name needs its date: said next to the date field.
    await expect(settledText(dialog.locator('[data-error-for="rename.from"]'))).resolves.toBeTruthy();
    await dialog.getByLabel('Tên mới có hiệu lực từ ngày').fill('2025-07-01');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await flash(admin).waitFor();
    await expect(settledText(flash(admin))).resolves.toBe(
      'Đã đổi tên "Ban Tuyên giáo Quận 3 (minh họa)" thành "Ban Tuyên giáo và Dân vận Quận 3 (minh họa)" từ ngày 01/07/2025.',
    );
    const row = admin.getByRole('row', { name: /Ban Tuyên giáo và Dân vận Quận 3/ });
    await expect(settledText(row)).resolves.toMatch(
      /Ban Tuyên giáo Quận 3 \(minh họa\) \(đến 30\/06\/2025\)[\s\S]*Ban Tuyên giáo và Dân vận Quận 3 \(minh họa\) \(từ 01\/07\/2025 đến nay\)/,
    );
    await screenshot(admin, 'quan-tri-don-vi');
  }, 60_000);

  it('a cluster changed meanwhile by someone else: the page shows their values, a second save overwrites', async () => {
    await admin.goto(`${server.baseUrl}/quan-tri/cum`);
    await admin.getByRole('button', { name: /^Sửa Cụm thi đua số 5/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Mô tả').fill('Các ban tuyên giáo quận, huyện phía Nam');
    const cluster = await api(server.app).get<{ version: number }>('/api/clusters/1');
    const other = await api(server.app).patch('/api/clusters/1', {
      version: cluster.body.version,
      description: 'Sửa bởi người khác',
    });
    expect(other.status).toBe(200);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    await expect(settledText(alert)).resolves.toMatch(/Người khác vừa lưu[\s\S]*Mô tả: Sửa bởi người khác/);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await flash(admin).waitFor();
    await expect(settledText(admin.getByRole('row', { name: /CUM5/ }))).resolves.toContain(
      'Các ban tuyên giáo quận, huyện phía Nam',
    );
    await screenshot(admin, 'quan-tri-cum');
  }, 60_000);

  it('the admin edits the report header; the preview follows as they type', async () => {
    await admin.goto(`${server.baseUrl}/quan-tri/thiet-lap-bao-cao`);
    await admin.getByLabel('Cơ quan ban hành (dòng dưới)').fill('BAN THI ĐUA - KHEN THƯỞNG');
    await admin.getByRole('radio', { name: /Quốc hiệu/ }).check();
    await expect(settledText(admin.locator('[data-preview="issuingBody"]'))).resolves.toBe('BAN THI ĐUA - KHEN THƯỞNG');
    await expect(settledText(admin.locator('[data-preview="motto1"]'))).resolves.toBe('Độc lập - Tự do - Hạnh phúc');
    await admin.getByLabel('Địa danh (dòng ngày tháng)').fill('');
    await admin.getByRole('button', { name: 'Lưu thiết lập' }).click();
    await expect(settledText(admin.locator('[data-error-for="place"]'))).resolves.toBe('không được để trống');
    await admin.getByLabel('Địa danh (dòng ngày tháng)').fill('Đồng Nai');
    await admin.getByRole('button', { name: 'Lưu thiết lập' }).click();
    await flash(admin).waitFor();
    const saved = await api(server.app).get<{ issuingBody: string; mottoKind: string; place: string }>(
      '/api/settings/organizer',
    );
    expect(saved.body).toMatchObject({
      issuingBody: 'BAN THI ĐUA - KHEN THƯỞNG',
      mottoKind: 'state',
      place: 'Đồng Nai',
    });
    await screenshot(admin, 'quan-tri-thiet-lap-bao-cao');
    // Only the refusals these tests provoked (400 invalid, 409 conflict), no script or CSP error.
    expect(adminErrors.filter((e) => !/status of (400|409) /.test(e))).toEqual([]);
  }, 60_000);

  it('a leader opening /quan-tri gets the 403 page', async () => {
    const { page } = await newPage(browser);
    await signIn(page, server.baseUrl, 'lanhdao', 'thidua-lanhdao');
    const response = await page.goto(`${server.baseUrl}/quan-tri`);
    expect(response?.status()).toBe(403);
    await expect(settledText(page.getByRole('heading', { level: 1 }))).resolves.toBe('Không có quyền xem trang này');
    await expect(page.getByRole('link', { name: 'Về trang chính' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  }, 60_000);
});
