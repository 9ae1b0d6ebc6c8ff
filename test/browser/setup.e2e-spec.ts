/// <reference lib="dom" />
/**
 * The cluster-year's setup pages in a real browser, as their users work: the CUM5 secretary
 * changes next year's head and a signed target; finalizes the year with a reason (the year is then
 * read-only) and the admin reopens it with a reason; the leader reads both in the change history
 * and filters it by action. Screenshots: thiet-lap, chot-so-lieu, lich-su.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { type BrowserApp, launchBrowser, newPage, screenshot, settledText, signIn, startApp } from './browser.js';

describe('setup pages in a real browser', () => {
  let server: BrowserApp;
  let browser: Browser;
  const finalizeReason = 'Hội nghị tổng kết ngày 02/12/2022 đã thông qua kết quả';
  const reopenReason = 'Hội đồng thi đua cho sửa điểm của Quận 5';

  beforeAll(async () => {
    server = await startApp();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.app.close();
  });

  it('the CUM5 secretary changes next year’s head and a signed target; the cluster-year page shows the new head', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2021`);
    await page.getByRole('link', { name: 'Thiết lập năm' }).click();
    await page.waitForURL('**/cum/1/nam/2021/thiet-lap');

    await page.getByLabel('Cụm trưởng năm 2022 (đã bầu)').selectOption({ label: 'Ban Tuyên giáo Quận 8 (minh họa)' });
    const cell = page.getByLabel('Chỉ tiêu 1.1 của Ban Tuyên giáo Quận 1 (minh họa)');
    await cell.fill('96,5');
    // A choice the API refuses is said next to its field: next year's deputy equal to next year's head.
    await page.getByLabel('Cụm phó năm 2022 (đã bầu)').selectOption({ label: 'Ban Tuyên giáo Quận 8 (minh họa)' });
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    await expect(settledText(page.locator('[data-error-for="nextDeputyUnitId"]'))).resolves.toContain(
      'Cụm phó năm sau phải khác cụm trưởng năm sau',
    );
    await page.getByLabel('Cụm phó năm 2022 (đã bầu)').selectOption({ label: 'Ban Tuyên giáo Quận 7 (minh họa)' });
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    await expect(settledText(page.getByRole('status').filter({ hasText: 'Đã lưu' }))).resolves.toMatch(
      /^Đã lưu thiết lập năm lúc \d{2}:\d{2}\.$/,
    );
    await screenshot(page, 'thiet-lap');

    // Saved through the API: the page shows it after a reload, and so does the cluster-year page.
    await page.reload();
    await expect(cell.inputValue()).resolves.toBe('96,5');
    await page.goto(`${server.baseUrl}/cum/1/nam/2021`);
    await expect(settledText(page.locator('.facts'))).resolves.toMatch(
      /Năm sau\s*Ban Tuyên giáo Quận 8 \(minh họa\); Ban Tuyên giáo Quận 7 \(minh họa\)/,
    );
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('the CUM5 secretary adds a member, moves it up, edits the scoring table; a refusal is shown beside its row', async () => {
    // The admin creates a unit through the API first.
    const admin = await newPage(browser);
    await signIn(admin.page, server.baseUrl, 'admin', 'thidua-admin');
    const created = await admin.page.evaluate(async () => {
      const { ThiDua } = window as unknown as {
        ThiDua: { api: (m: string, u: string, b: unknown) => Promise<{ status: number }> };
      };
      return (await ThiDua.api('POST', '/api/units', { code: 'Q13', name: 'Ban Tuyên giáo Quận 13 (minh họa)' }))
        .status;
    });
    expect(created).toBe(201);
    await admin.page.context().close();

    const { page, errors } = await newPage(browser);
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2022/thiet-lap`);
    await page
      .getByLabel('Thêm đơn vị vào cụm năm 2022')
      .selectOption({ label: 'Ban Tuyên giáo Quận 13 (minh họa) (Q13)' });
    await page.getByRole('button', { name: 'Thêm vào cụm' }).click();
    const members = page.locator('#members tbody tr');
    await expect(members.count()).resolves.toBe(13);
    // Moved up with the keyboard: focus stays on the button, Enter presses it again.
    await page.getByRole('button', { name: 'Đưa Ban Tuyên giáo Quận 13 (minh họa) lên một bậc' }).click();
    await expect(settledText(members.nth(11).locator('th'))).resolves.toBe('Ban Tuyên giáo Quận 13 (minh họa)');
    await page.keyboard.press('Enter');
    await expect(settledText(members.nth(10).locator('th'))).resolves.toBe('Ban Tuyên giáo Quận 13 (minh họa)');
    await expect(settledText(members.nth(10).locator('[data-position]'))).resolves.toBe('11');
    // The new member can be chosen as next year's deputy at once.
    await expect(
      page.getByLabel('Cụm phó năm 2023 (đã bầu)').locator('option', { hasText: 'Quận 13' }).count(),
    ).resolves.toBe(1);

    // The scoring table: 1.1 worth 6 points, a new bonus leaf under III.
    await page.getByLabel('Điểm tối đa tiêu chí 1.1', { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Thêm tiêu chí con vào nhóm III' }).click();
    const leaf = page.locator('#criteria tr[data-new]');
    await expect(leaf.getByLabel('Mã tiêu chí mới').inputValue()).resolves.toBe('III.2');
    await leaf.getByLabel('Mã tiêu chí mới').fill('3.2');
    await leaf.getByLabel('Tên tiêu chí mới').fill('Đạt giải báo chí về xây dựng Đảng');
    await leaf.getByLabel('Loại').selectOption({ label: 'điểm cộng' });
    await leaf.getByLabel('Cách tính').selectOption({ label: 'nhập điểm trực tiếp' });
    await leaf.getByLabel('Điểm tối đa tiêu chí mới').fill('3');
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    // Group I still says 50 points: the API refuses, and says so next to group I's row.
    const groupError = page.locator('#criteria tr[data-code="I"] .row-error');
    await groupError.waitFor({ state: 'visible' });
    await expect(settledText(groupError)).resolves.toContain(
      'điểm tối đa của nhóm (50) khác tổng điểm tối đa của các tiêu chí con (51)',
    );
    await expect(page.getByLabel('Điểm tối đa tiêu chí I', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await screenshot(page, 'thiet-lap-sua');

    await page.getByLabel('Điểm tối đa tiêu chí I', { exact: true }).fill('51');
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    // The rule set's declared total (100) no longer matches either: said next to its field.
    const totalError = page.locator('[data-error-for="ruleSet.maxTotal"]');
    await totalError.waitFor({ state: 'visible' });
    await expect(settledText(totalError)).resolves.toContain('khác tổng điểm tối đa');
    await page.getByLabel('Tổng điểm tối đa để xếp loại').fill('');
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    // Saved; the page is drawn again with the new member and criterion.
    await page.waitForSelector('[data-ok]:not([hidden])');
    await expect(settledText(page.locator('[data-ok]'))).resolves.toMatch(/^Đã lưu thiết lập năm lúc \d{2}:\d{2}\.$/);
    await expect(settledText(members.nth(10).locator('th'))).resolves.toBe('Ban Tuyên giáo Quận 13 (minh họa)');
    await expect(page.getByLabel('Điểm tối đa tiêu chí 1.1', { exact: true }).inputValue()).resolves.toBe('6');
    await expect(page.getByLabel('Tên tiêu chí 3.2').inputValue()).resolves.toBe('Đạt giải báo chí về xây dựng Đảng');
    await expect(page.getByLabel('Chỉ tiêu 1.1 của Ban Tuyên giáo Quận 13 (minh họa)').count()).resolves.toBe(1);

    // The cluster-year page's standings list the new member.
    await page.goto(`${server.baseUrl}/cum/1/nam/2022`);
    await expect(settledText(page.locator('table.standings'))).resolves.toContain('Ban Tuyên giáo Quận 13 (minh họa)');
    // The refused saves' 400 responses are the only console errors.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('someone else’s save in between: the page says so and offers to reload', async () => {
    const { page } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2021/thiet-lap`);
    // Another tab saves the year (its version moves on).
    const status = await page.evaluate(async () => {
      const current = await window.fetch('/api/clusters/1/years/2021').then((r) => r.json());
      const { ThiDua } = window as unknown as {
        ThiDua: { api: (m: string, u: string, b: unknown) => Promise<{ status: number }> };
      };
      const body = { ...current, covenantDate: '2021-03-16' };
      for (const key of [
        'clusterId',
        'clusterCode',
        'clusterName',
        'year',
        'status',
        'memberDetails',
        'head',
        'deputy',
        'nextHead',
        'nextDeputy',
        'effectiveMaxTotal',
        'finalizedAt',
        'finalizedBy',
        'createdAt',
        'updatedAt',
        'report',
      ])
        delete body[key];
      return (await ThiDua.api('PUT', '/api/clusters/1/years/2021', body)).status;
    });
    expect(status).toBe(200);
    await page.getByLabel('Hoàn thành xuất sắc nhiệm vụ từ (% điểm tối đa)').fill('85');
    await page.getByRole('button', { name: 'Lưu thiết lập năm' }).click();
    const conflict = page.locator('[data-conflict]');
    await conflict.waitFor({ state: 'visible' });
    await expect(settledText(conflict)).resolves.toContain('người khác đã lưu thay đổi cho năm này');
    await page.getByRole('button', { name: 'Tải lại trang' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByLabel('Ngày ký giao ước').inputValue()).resolves.toBe('2021-03-16');
    await expect(page.getByLabel('Hoàn thành xuất sắc nhiệm vụ từ (% điểm tối đa)').inputValue()).resolves.toBe('90');
    await page.context().close();
  }, 30_000);

  it('the secretary finalizes with a reason; the year is read-only; the admin reopens it with a reason', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'thuky.cum5', 'thidua-thuky');
    await page.goto(`${server.baseUrl}/cum/1/nam/2022/chot-so-lieu`);
    await page.getByRole('button', { name: 'Chốt số liệu năm 2022' }).click();
    await expect(settledText(page.locator('[data-error-for="reason"]'))).resolves.toBe('không được để trống');
    await page.getByLabel('Lý do, căn cứ chốt (bắt buộc)').fill(finalizeReason);
    await page.getByRole('button', { name: 'Chốt số liệu năm 2022' }).click();
    await page.waitForSelector('text=Bảng xếp hạng như đã chốt');
    await expect(settledText(page.locator('[data-status]'))).resolves.toBe('Đã chốt số liệu');
    await expect(page.locator('[data-no-changes]').isVisible()).resolves.toBe(true);
    await screenshot(page, 'chot-so-lieu');

    // Entries are refused now.
    const refused = await page.evaluate(async () => {
      const { ThiDua } = window as unknown as {
        ThiDua: { api: (m: string, u: string, b: unknown) => Promise<{ status: number; data: { code: string } }> };
      };
      const r = await ThiDua.api('PUT', '/api/clusters/1/years/2022/results/1', { results: [] });
      return [r.status, r.data.code];
    });
    expect(refused).toEqual([409, 'CLUSTER_YEAR_FINALIZED']);
    await page.goto(`${server.baseUrl}/cum/1/nam/2022/thiet-lap`);
    await expect(page.getByRole('button', { name: 'Lưu thiết lập năm' }).isDisabled()).resolves.toBe(true);
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.context().close();

    const admin = await newPage(browser);
    await signIn(admin.page, server.baseUrl, 'admin', 'thidua-admin');
    await admin.page.goto(`${server.baseUrl}/cum/1/nam/2022/chot-so-lieu`);
    await admin.page.getByLabel('Lý do mở lại (bắt buộc)').fill(reopenReason);
    await admin.page.getByRole('button', { name: 'Mở lại năm 2022' }).click();
    await admin.page.waitForSelector('#finalize-form');
    await expect(settledText(admin.page.locator('[data-status]'))).resolves.toBe('Đang mở: còn sửa được');
    expect(admin.errors).toEqual([]);
    await admin.page.context().close();
  }, 30_000);

  it('the leader reads the finalize and the reopen with their reasons in the history, and filters by action', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.baseUrl, 'lanhdao', 'thidua-lanhdao');
    await page.goto(`${server.baseUrl}/cum/1/nam/2022`);
    await page.getByRole('link', { name: 'Lịch sử thay đổi' }).click();
    await page.waitForURL('**/cum/1/nam/2022/lich-su');
    const table = page.getByRole('table', { name: /Lịch sử thay đổi năm 2022/ });
    const rows = table.locator('tbody tr');
    await expect(settledText(rows.nth(0))).resolves.toMatch(new RegExp(`Mở lại[\\s\\S]*${reopenReason}`));
    await expect(settledText(rows.nth(1))).resolves.toMatch(new RegExp(`Chốt số liệu[\\s\\S]*${finalizeReason}`));
    await expect(settledText(rows.nth(0))).resolves.toMatch(/admin/);
    await expect(settledText(rows.nth(1))).resolves.toMatch(/thuky\.cum5/);
    await screenshot(page, 'lich-su');

    await page.getByLabel('Thao tác').selectOption({ label: 'Chốt số liệu' });
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/\/lich-su\?thao-tac=finalize/);
    await expect(rows.count()).resolves.toBe(1);
    await expect(settledText(rows.first())).resolves.toContain(finalizeReason);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 30_000);
});
