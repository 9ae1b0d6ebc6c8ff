/**
 * The Excel pages over HTTP: "Nhập từ Excel" only for the cluster's writers (a secretary of another
 * cluster, a leader and a reporter are refused with a Vietnamese page), "Báo cáo" for every role
 * with the query preselecting the year and the cluster; and the import's refusal lists each
 * problem with the message apart from its sheet, cell, unit and criterion, as the page shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';
import { downloadTemplate, fillWorkbook, rowOf, upload } from '../factories/workbook.factory.js';

const ACCOUNTS = {
  admin: 'thidua-admin',
  'thuky.cum5': 'thidua-thuky',
  lanhdao: 'thidua-lanhdao',
  baocao: 'thidua-baocao',
} as const;
type Account = keyof typeof ACCOUNTS;

describe('Excel pages', () => {
  let app: NestFastifyApplication;
  const cookies = new Map<Account, string>();

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    for (const [username, password] of Object.entries(ACCOUNTS)) {
      const session = await app.inject({ method: 'POST', url: '/api/auth/session', payload: { username, password } });
      expect(session.statusCode).toBe(200);
      cookies.set(username as Account, String(session.headers['set-cookie']).split(';')[0] ?? '');
    }
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, who: Account | null) =>
    app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: cookies.get(who) ?? '' } });

  it('"Nhập từ Excel": the cluster’s secretary and admins; refused to other roles and to another cluster’s page', async () => {
    for (const who of ['thuky.cum5', 'admin'] as const) {
      const page = await get('/cum/1/nam/2021/nhap-excel', who);
      expect([who, page.statusCode]).toEqual([who, 200]);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<h1>Nhập kết quả từ Excel — Cụm thi đua số 5');
      expect(page.body).toContain('href="/api/clusters/1/years/2021/entry-template.xlsx"');
      expect(page.body).toContain('<label for="import-file">Tệp kết quả đã điền (.xlsx, tối đa 10 MB)</label>');
      expect(page.body).toContain('<script type="application/json" id="import-config">');
      expect(page.body).toContain('src="/assets/app/excel-import.js"');
    }
    for (const who of ['lanhdao', 'baocao'] as const) {
      const page = await get('/cum/1/nam/2021/nhap-excel', who);
      expect([who, page.statusCode]).toEqual([who, 403]);
      expect(page.body).toContain('Không có quyền xem trang này');
    }
    // The secretary of CUM5 is not a writer of the bloc (cluster 2).
    const other = await get('/cum/2/nam/2021/nhap-excel', 'thuky.cum5');
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Không có quyền xem trang này');
    expect((await get('/cum/2/nam/2021/nhap-excel', 'admin')).statusCode).toBe(200);

    const anonymous = await get('/cum/1/nam/2021/nhap-excel', null);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/dang-nhap?tiep=${encodeURIComponent('/cum/1/nam/2021/nhap-excel')}`);
    const unknownYear = await get('/cum/1/nam/2030/nhap-excel', 'thuky.cum5');
    expect(unknownYear.statusCode).toBe(404);
    expect(unknownYear.body).toContain('chưa có năm thi đua 2030');
  });

  it('"Báo cáo": every role; the latest year by default, the query preselects year and cluster', async () => {
    for (const who of Object.keys(ACCOUNTS) as Account[]) {
      const page = await get('/bao-cao', who);
      expect([who, page.statusCode]).toEqual([who, 200]);
      expect(page.body).toContain('<h1>Báo cáo</h1>');
      expect(page.body).toContain('<option value="2022" selected>2022</option>');
      expect(page.body).toMatch(/<option value="1" selected>Cụm thi đua số 5/);
      expect(page.body).toContain('<label for="cum">Cụm, khối</label>');
      expect(page.body).toContain('Tải tổng hợp năm 2022');
      expect(page.body).toContain('aria-current="page">Báo cáo</a>');
    }
    const chosen = await get('/bao-cao?cum=2&nam=2021', 'baocao');
    expect(chosen.body).toContain('<option value="2021" selected>2021</option>');
    expect(chosen.body).toMatch(/<option value="2" selected>[^<]*KHOI-DANG/);
    expect(chosen.body).toContain('Tải tổng hợp năm 2021');
    // Nonsense in the query falls back instead of failing.
    const odd = await get('/bao-cao?cum=abc&nam=1999', 'lanhdao');
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('<option value="2022" selected>2022</option>');
    expect((await get('/bao-cao', null)).statusCode).toBe(303);
  });

  it('"Báo cáo": the summary report is offered to all; its texts form only to the year’s writers, prefilled', async () => {
    const admin = api(app);
    const year = (await admin.get('/api/clusters/1/years/2022')).body;
    const saved = await admin.put('/api/clusters/1/years/2022/report-texts', {
      version: year.version,
      signerName: 'Nguyễn <Văn> An',
      strengths: 'Ưu điểm một.',
    });
    expect(saved.status).toBe(200);
    for (const who of Object.keys(ACCOUNTS) as Account[]) {
      const page = await get('/bao-cao?cum=1&nam=2022', who);
      expect(page.body).toContain('data-report="summary"');
      // LibreOffice is installed here (scripts/system-packages.sh): each document also as PDF
      for (const kind of ['summary-pdf', 'cluster-pdf', 'overview-pdf'])
        expect(page.body).toContain(`data-report="${kind}"`);
      expect(page.body).toContain('<input id="date" name="date" type="date" value="');
      const writer = who === 'admin' || who === 'thuky.cum5';
      expect([who, page.body.includes('id="report-texts-form"')]).toEqual([who, writer]);
      if (writer) {
        expect(page.body).toContain('data-api="/api/clusters/1/years/2022/report-texts"');
        expect(page.body).toContain(`data-version="${saved.body.version}"`);
        expect(page.body).toContain('value="Nguyễn &lt;Văn&gt; An"');
        expect(page.body).toMatch(/<textarea id="strengths"[^>]*>Ưu điểm một\.<\/textarea>/);
      }
    }
    // the secretary of CUM5 does not write the bloc's texts
    expect((await get('/bao-cao?cum=2&nam=2022', 'thuky.cum5')).body).not.toContain('id="report-texts-form"');
  });

  it('a refused workbook lists each problem with its message apart from where it is (the page shows both)', async () => {
    const admin = api(app);
    let row = 0;
    const filled = await fillWorkbook(
      await downloadTemplate(admin, 1, 2021),
      () => undefined,
      (sheet) => {
        row = rowOf(sheet, 'Q3', '1.2');
        sheet.getCell(`I${row}`).value = 'mười';
      },
    );
    const refused = await upload(admin, '/api/clusters/1/years/2021/import', filled);
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      {
        sheet: 'Kết quả',
        cell: `I${row}`,
        unitCode: 'Q3',
        unitName: 'Ban Tuyên giáo Quận 3 (minh họa)',
        criterionCode: '1.2',
        criterionTitle: 'Số buổi sinh hoạt chuyên đề',
        message: `Sheet 'Kết quả', ô I${row} (Ban Tuyên giáo Quận 3 (minh họa) – tiêu chí 1.2 'Số buổi sinh hoạt chuyên đề'): 'mười' không phải là số; cần số từ 0 trở lên (buổi).`,
        detail: "'mười' không phải là số; cần số từ 0 trở lên (buổi).",
      },
    ]);
  });
});
