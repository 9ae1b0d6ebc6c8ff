/**
 * The administration pages (/quan-tri…) over HTTP: admins only (every other role gets the
 * Vietnamese 403 page, a visitor the sign-in page), what each page shows of the demo data, and
 * that what the API changes shows on the page (a locked account, a renamed unit, the report header).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';

const PAGES = ['/quan-tri', '/quan-tri/tai-khoan', '/quan-tri/don-vi', '/quan-tri/cum', '/quan-tri/thiet-lap-bao-cao'];

describe('administration pages', () => {
  let app: NestFastifyApplication;
  const cookies: Record<string, string> = {};

  const signIn = async (username: string, password: string): Promise<string> => {
    const session = await app.inject({
      method: 'POST',
      url: '/api/auth/session',
      payload: { username, password },
    });
    expect(session.statusCode).toBe(200);
    return String(session.headers['set-cookie']).split(';')[0] ?? '';
  };

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    cookies.admin = await signIn('admin', 'thidua-admin');
    cookies.leader = await signIn('lanhdao', 'thidua-lanhdao');
    cookies.secretary = await signIn('thuky.cum5', 'thidua-thuky');
    cookies.reporter = await signIn('baocao', 'thidua-baocao');
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, who: string | null = 'admin') =>
    app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: cookies[who] ?? '' } });

  /** Every visible input, select and textarea of a page has a <label for> naming it. */
  const unlabelled = (html: string): string[] => {
    const ids = [...html.matchAll(/<(input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map(
      (m) => m[2] ?? '',
    );
    return ids.filter((id) => !html.includes(`for="${id}"`));
  };

  it('a visitor is sent to the sign-in page, which brings them back', async () => {
    for (const url of PAGES) {
      const response = await get(url, null);
      expect([url, response.statusCode, response.headers.location]).toEqual([
        url,
        303,
        `/dang-nhap?tiep=${encodeURIComponent(url)}`,
      ]);
    }
  });

  it.each(['leader', 'secretary', 'reporter'])('a %s gets the Vietnamese 403 page on every admin page', async (who) => {
    for (const url of PAGES) {
      const response = await get(url, who);
      expect([url, response.statusCode]).toEqual([url, 403]);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('Không có quyền xem trang này');
      expect(response.body).toContain('Về trang chính');
    }
  });

  it('the admin home links each section with what it holds', async () => {
    const page = await get('/quan-tri');
    expect(page.statusCode).toBe(200);
    for (const url of PAGES.slice(1)) expect(page.body).toContain(`href="${url}"`);
    // The demo's four accounts and the test app's own admin.
    expect(page.body).toContain('5 tài khoản');
    expect(page.body).toContain('20 đơn vị');
    expect(page.body).toContain('1 cụm, 1 khối');
    expect(page.body).toContain('BAN TUYÊN GIÁO');
    expect(page.body).toContain('aria-current="page">Quản trị</a>');
  });

  it('the accounts page lists every account with its role and clusters; a lock shows at once', async () => {
    const before = await get('/quan-tri/tai-khoan');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('<caption>Các tài khoản (5)</caption>');
    expect(before.body).toMatch(
      /<th scope="row">thuky\.cum5<\/th>\s*<td>Thư ký Cụm thi đua số 5 \(minh họa\)<\/td>\s*<td>Thư ký cụm<\/td>\s*<td>CUM5 — Cụm thi đua số 5/,
    );
    expect(before.body).toMatch(/<th scope="row">admin <span class="badge">bạn<\/span><\/th>/);
    // Clusters to choose for a new secretary, each a labelled checkbox.
    expect(before.body).toMatch(
      /<label class="check" for="new-cluster-1"><input type="checkbox" name="clusterIds" value="1"/,
    );
    expect(unlabelled(before.body)).toEqual([]);
    expect(before.body).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/);
    expect(before.body).toContain('<script src="/assets/app/admin.js" defer></script>');

    const users = await api(app).get<Array<{ id: number; username: string }>>('/api/users');
    const reporter = users.body.find((u) => u.username === 'baocao');
    expect((await api(app).patch(`/api/users/${reporter?.id}`, { active: false })).status).toBe(200);
    const after = await get('/quan-tri/tai-khoan');
    expect(after.body).toMatch(/<th scope="row">baocao<\/th>[\s\S]*?Đã khóa[\s\S]*?>Mở khóa<\/button>/);
    expect((await api(app).patch(`/api/users/${reporter?.id}`, { active: true })).status).toBe(200);
  });

  it('the units page shows codes, current names and the names over time, in dd/mm/yyyy', async () => {
    const page = await get('/quan-tri/don-vi');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Các đơn vị (20) và tên qua các thời kỳ</caption>');
    expect(page.body).toContain('<th scope="row">Ban Tuyên giáo và Dân vận Quận 4 (minh họa)</th>');
    expect(page.body).toContain('Ban Tuyên giáo Quận 4 (minh họa) <span class="muted">(đến 31/05/2022)</span>');
    expect(page.body).toContain(
      'Ban Tuyên giáo và Dân vận Quận 4 (minh họa) <span class="muted">(từ 01/06/2022 đến nay)</span>',
    );
    expect(unlabelled(page.body)).toEqual([]);

    const units = await api(app).get<Array<{ id: number; code: string }>>('/api/units');
    const q1 = units.body.find((u) => u.code === 'Q1');
    const renamed = await api(app).patch(`/api/units/${q1?.id}`, {
      rename: { name: 'Ban Tuyên giáo và Dân vận Quận 1 (minh họa)', from: '2025-07-01' },
    });
    expect(renamed.status).toBe(200);
    const after = await get('/quan-tri/don-vi');
    expect(after.body).toContain('<th scope="row">Ban Tuyên giáo và Dân vận Quận 1 (minh họa)</th>');
    expect(after.body).toContain('Ban Tuyên giáo Quận 1 (minh họa) <span class="muted">(đến 30/06/2025)</span>');
  });

  it('the clusters page lists clusters and blocs with their kind and years', async () => {
    const page = await get('/quan-tri/cum');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>Các cụm, khối thi đua (2)</caption>');
    expect(page.body).toMatch(/<td>CUM5<\/td>\s*<th scope="row">Cụm thi đua số 5[^<]*<\/th>\s*<td>Cụm thi đua<\/td>/);
    expect(page.body).toMatch(/<td>KHOI-DANG<\/td>\s*<th scope="row">[^<]+<\/th>\s*<td>Khối thi đua<\/td>/);
    expect(page.body).toContain('<a class="chip" href="/cum/1/nam/2021">2021</a>');
    expect(page.body).toContain('<option value="bloc">Khối thi đua</option>');
    expect(unlabelled(page.body)).toEqual([]);
  });

  it('the report settings page shows the header as saved, with its version for the next write', async () => {
    const current = await api(app).get<{ version: number }>('/api/settings/organizer');
    const saved = await api(app).put('/api/settings/organizer', {
      version: current.body.version,
      parentBody: 'ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI',
      issuingBody: 'BAN THI ĐUA - KHEN THƯỞNG',
      mottoKind: 'state',
      place: 'Đồng Nai',
    });
    expect(saved.status).toBe(200);
    const page = await get('/quan-tri/thiet-lap-bao-cao');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"');
    expect(page.body).toContain(`name="version" data-number value="${current.body.version + 1}"`);
    expect(page.body).toMatch(/id="mottoKind-state" checked/);
    expect(page.body).toContain('<p class="strong" data-preview="motto0">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>');
    expect(page.body).toMatch(/<span data-preview="place">Đồng Nai<\/span>, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(unlabelled(page.body)).toEqual([]);
  });
});
