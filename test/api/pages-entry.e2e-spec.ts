/**
 * The results entry pages over HTTP: who may open them (admins and the cluster's own secretaries),
 * what they show (each unit's entry state; one unit's criteria grouped as the scoring table, with an
 * input per value the API takes), and a finalized year shown read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';

describe('results entry pages', () => {
  let app: NestFastifyApplication;
  const cookies: Record<string, string> = {};

  const signIn = async (username: string, password: string): Promise<string> => {
    const session = await app.inject({ method: 'POST', url: '/api/auth/session', payload: { username, password } });
    expect(session.statusCode).toBe(200);
    return String(session.headers['set-cookie']).split(';')[0] ?? '';
  };
  const get = (url: string, who: string | null) =>
    app.inject({ method: 'GET', url, headers: who === null ? {} : { cookie: cookies[who] ?? '' } });

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    cookies.admin = await signIn('admin', 'thidua-admin');
    cookies.secretary = await signIn('thuky.cum5', 'thidua-thuky');
    cookies.leader = await signIn('lanhdao', 'thidua-lanhdao');
    cookies.reporter = await signIn('baocao', 'thidua-baocao');
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('admins and the cluster’s secretary may open both pages; others get a Vietnamese 403 page', async () => {
    for (const url of ['/cum/1/nam/2022/nhap-ket-qua', '/cum/1/nam/2022/nhap-ket-qua/don-vi/1']) {
      expect([url, (await get(url, 'admin')).statusCode]).toEqual([url, 200]);
      expect([url, (await get(url, 'secretary')).statusCode]).toEqual([url, 200]);
      for (const who of ['leader', 'reporter']) {
        const refused = await get(url, who);
        expect([url, who, refused.statusCode]).toEqual([url, who, 403]);
        expect(refused.body).toContain('<html lang="vi">');
      }
      const anonymous = await get(url, null);
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe(`/dang-nhap?tiep=${encodeURIComponent(url)}`);
    }
    // CUM5's secretary, on KHOI-DANG (cluster 2).
    for (const url of ['/cum/2/nam/2022/nhap-ket-qua', '/cum/2/nam/2022/nhap-ket-qua/don-vi/13']) {
      const refused = await get(url, 'secretary');
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toMatch(/quyền/);
    }
    expect((await get('/cum/2/nam/2022/nhap-ket-qua', 'admin')).statusCode).toBe(200);
  });

  it('the list shows every member with leaves entered / leaves, total, rank, rating, and a link to its form', async () => {
    const page = await get('/cum/1/nam/2022/nhap-ket-qua', 'secretary');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<caption>Tình hình nhập kết quả của 12 đơn vị (theo hạng hiện tại)</caption>');
    expect(page.body.match(/href="\/cum\/1\/nam\/2022\/nhap-ket-qua\/don-vi\/\d+"/g)).toHaveLength(12);
    // Quận 1 (unit 1): 9th, 96,67 points, 14 of 16 leaves entered.
    const row = page.body.split('<tr>').find((r) => r.includes('Ban Tuyên giáo Quận 1 (minh họa)')) ?? '';
    expect(row).toMatch(/<td class="num">9<\/td>/);
    expect(row).toContain('14/16');
    expect(row).toContain('còn 2');
    expect(row).toContain('96,67');
    expect(row).toContain('Hoàn thành xuất sắc nhiệm vụ');
    expect(page.body).toMatch(/<th scope="col"/);
  });

  it('the form groups the leaves as the scoring table does, with a labelled input for each value the API takes', async () => {
    const page = await get('/cum/1/nam/2022/nhap-ket-qua/don-vi/1', 'secretary');
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('Nhập kết quả: Ban Tuyên giáo Quận 1 (minh họa) — năm 2022');
    // Group headings in tree order, at their depth: I, II, 2.2 (inside II), III, IV.
    const headings = [...body.matchAll(/<th scope="colgroup" colspan="7">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'I. Thực hiện các chỉ tiêu ký kết',
      'II. Công tác chuyên môn',
      '2.2. Công tác báo cáo viên, tuyên truyền miệng',
      'III. Điểm cộng',
      'IV. Điểm trừ',
    ]);
    expect(body).toContain('entry-group depth-1');
    // Inputs named as the API's field errors (results[i].field); every one has its label.
    const ids = [...body.matchAll(/<input[^>]* id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ids)
      expect([
        id,
        body.includes(`<label class="visually-hidden" for="${id}"`) || body.includes(`<label for="${id}"`),
      ]).toEqual([id, true]);
    expect(body).toContain('name="results[0].actual"');
    // 1.1: target ≥ 95 %, 97 entered; 2.3 (direct) takes no actual value, a self-score of 9,5.
    expect(body).toMatch(/id="r0-actual"[^>]*value="97"/);
    expect(body).toContain('≥ 95 %');
    expect(body).not.toContain('id="r13-actual"');
    expect(body).toMatch(/id="r13-self"[^>]*value="9,5"/);
    // The script's data: the version to send, the leaves in body order.
    const data = JSON.parse(
      /<script type="application\/json" id="entry-data">([^<]+)<\/script>/.exec(body)?.[1] ?? '{}',
    );
    expect(data).toMatchObject({ clusterId: 1, year: 2022, unitId: 1, members: 12, finalized: false });
    expect(data.leaves.map((l: { code: string }) => l.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '1.7',
      '1.8',
      '1.9',
      '1.10',
      '2.1',
      '2.2.1',
      '2.2.2',
      '2.3',
      '3.1',
      '4.1',
    ]);
    expect(data.version).toBe((await api(app).get('/api/clusters/1/years/2022/results/1')).body.version);
    expect(body).toContain('<script src="/assets/app/entry.js" defer></script>');
    expect(body).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/);
  });

  it('a unit outside the cluster, or a year the cluster does not have, is a Vietnamese error page', async () => {
    const outsider = await get('/cum/1/nam/2022/nhap-ket-qua/don-vi/13', 'secretary');
    expect(outsider.statusCode).toBe(409);
    expect(outsider.body).toContain('không phải thành viên');
    expect((await get('/cum/1/nam/2030/nhap-ket-qua', 'secretary')).statusCode).toBe(404);
  });

  it('a finalized year: the form is read-only, with the note, and no save button', async () => {
    expect((await api(app).post('/api/clusters/1/years/2021/finalize', {})).status).toBe(200);
    const page = await get('/cum/1/nam/2021/nhap-ket-qua/don-vi/1', 'secretary');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Năm đã chốt số liệu');
    expect(page.body).toMatch(/id="r0-actual"[^>]*readonly/);
    expect(page.body).not.toContain('data-action="save"');
    const list = await get('/cum/1/nam/2021/nhap-ket-qua', 'secretary');
    expect(list.body).toContain('Năm đã chốt số liệu: chỉ xem, không sửa.');
  });
});
