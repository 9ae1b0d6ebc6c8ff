/**
 * The pages over HTTP (the browser suites in test/browser use them as people do): access by role,
 * sign-in redirects, errors as Vietnamese pages, the Content-Security-Policy, and assets served by
 * the app itself.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../test-app.js';

describe('pages', () => {
  let app: NestFastifyApplication;
  let cookie: string;

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    const session = await app.inject({
      method: 'POST',
      url: '/api/auth/session',
      payload: { username: 'lanhdao', password: 'thidua-lanhdao' },
    });
    expect(session.statusCode).toBe(200);
    cookie = String(session.headers['set-cookie']).split(';')[0] ?? '';
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string, withCookie = true) =>
    app.inject({ method: 'GET', url, headers: withCookie ? { cookie } : {} });

  it('without a session every page sends to the sign-in page, which remembers where to go back', async () => {
    for (const url of ['/', '/tong-quan', '/cum/1/nam/2021']) {
      const response = await get(url, false);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/dang-nhap?tiep=${encodeURIComponent(url)}`);
    }
    const login = await get('/dang-nhap?tiep=%2Fcum%2F1%2Fnam%2F2021', false);
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('data-next="/cum/1/nam/2021"');
    // Never a redirect to another site after signing in.
    expect((await get('/dang-nhap?tiep=%2F%2Fevil.example', false)).body).toContain('data-next="/"');
  });

  it('pages carry a Content-Security-Policy without inline scripts; the API docs keep theirs', async () => {
    const page = await get('/tong-quan');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain("'unsafe-inline';script");
    expect(page.body).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/);
    const docs = await get('/api/docs', false);
    expect(String(docs.headers['content-security-policy'])).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('the cluster-year page says the demo year as a person would, with vi-VN numbers', async () => {
    const page = await get('/cum/1/nam/2021');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%)');
    expect(page.body).toContain('<caption>Bảng xếp hạng năm 2021 (12 đơn vị)</caption>');
  });

  it('errors are pages in Vietnamese with the right status: unknown page 404, unknown year', async () => {
    const missing = await get('/khong-co');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Không có trang này');
    const year = await get('/cum/1/nam/2030');
    expect(year.statusCode).toBe(404);
    expect(year.body).toContain('chưa có năm thi đua 2030');
  });

  it('assets come from the app itself (no CDN): styles, Chart.js, the Vietnamese font', async () => {
    for (const url of [
      '/assets/app/app.css',
      '/assets/app/app.js',
      '/assets/chart/chart.umd.min.js',
      '/assets/font/400.css',
      '/assets/font/files/be-vietnam-pro-vietnamese-400-normal.woff2',
    ]) {
      expect([url, (await get(url, false)).statusCode]).toEqual([url, 200]);
    }
    expect((await get('/assets/app/../../package.json', false)).statusCode).not.toBe(200);
    const page = await get('/tong-quan');
    expect(page.body).not.toMatch(/(src|href)="https?:\/\//);
  });
});
