/**
 * The login limit behind a reverse proxy (TRUST_PROXY=1: a spoofed X-Forwarded-For does not give a
 * new address), the password-change attempt limit (per account and per address), and the audit of
 * logins and logouts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import { api, createTestApp } from '../test-app.js';

const LIMIT = 3;
let app: NestFastifyApplication;

beforeAll(async () => {
  app = await createTestApp({ trustProxy: 1, loginAttemptsPerMinute: LIMIT });
  const accounts = app.get(AccountsService);
  for (const username of ['an.a', 'binh', 'chi.c']) {
    await accounts.create({
      username,
      displayName: username,
      role: 'secretary',
      password: `mat-khau-cua-${username}`,
      clusterIds: [],
    });
  }
});

afterAll(async () => {
  await app.close();
});

/** A login through one reverse proxy (10.0.0.1), which appends the real client address. */
const login = (client: string, username: string, password: string, spoofed = '6.6.6.6') =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: '10.0.0.1',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `${spoofed}, ${client}` },
    payload: { username, password },
  });

describe('TRUST_PROXY=1: the limit counts the address the proxy saw', () => {
  it('a client writing a new X-Forwarded-For each time is still limited; another client is not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) {
      statuses.push((await login('203.0.113.7', 'an.a', 'sai-mat-khau', `198.51.100.${i}`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await login('203.0.113.7', 'an.a', 'mat-khau-cua-an.a', '192.0.2.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Đăng nhập quá nhiều lần; thử lại sau \d+ giây\.$/),
    });
    expect((await login('203.0.113.8', 'an.a', 'mat-khau-cua-an.a')).statusCode).toBe(200);
  });
});

describe('PATCH /api/auth/password: attempts are limited', () => {
  const change = (token: string, client: string, currentPassword: string) =>
    app.inject({
      method: 'PATCH',
      url: '/api/auth/password',
      remoteAddress: '10.0.0.1',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': client },
      payload: { currentPassword, newPassword: 'mat-khau-moi-du-dai' },
    });

  it('per account: a stolen token guessing from several addresses gets 429 with Retry-After, even with the right password', async () => {
    const token = (await login('203.0.113.20', 'binh', 'mat-khau-cua-binh')).json<{ token: string }>().token;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i += 1)
      statuses.push((await change(token, `203.0.113.${30 + i}`, `doan-${i}-sai`)).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const refused = await change(token, '203.0.113.99', 'mat-khau-cua-binh');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('Đổi mật khẩu quá nhiều lần'),
    });
    // The password did not change: the old one still logs in.
    expect((await login('203.0.113.21', 'binh', 'mat-khau-cua-binh')).statusCode).toBe(200);
  });

  it('per address: another account from the same address is limited too', async () => {
    const token = (await login('203.0.113.22', 'chi.c', 'mat-khau-cua-chi.c')).json<{ token: string }>().token;
    for (let i = 0; i < LIMIT; i += 1) expect((await change(token, '203.0.113.50', `sai-${i}`)).statusCode).toBe(400);
    const other = (await login('203.0.113.23', 'an.a', 'mat-khau-cua-an.a')).json<{ token: string }>().token;
    expect((await change(other, '203.0.113.50', 'mat-khau-cua-an.a')).statusCode).toBe(429);
  });
});

describe('logins and logouts are audited', () => {
  it('success, failure (username and address, never the password) and logout', async () => {
    expect((await login('203.0.113.60', 'an.a', 'mat-khau-sai-ABC')).statusCode).toBe(401);
    expect((await login('203.0.113.61', 'khong-co-ai', 'mat-khau-sai-XYZ')).statusCode).toBe(401);
    const ok = await login('203.0.113.62', 'an.a', 'mat-khau-cua-an.a');
    expect(ok.statusCode).toBe(200);
    const token = ok.json<{ token: string }>().token;
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      remoteAddress: '10.0.0.1',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.63' },
    });
    expect(out.statusCode).toBe(204);

    const { status, body } = await api(app).get('/api/audit?entityType=session&pageSize=200');
    expect(status).toBe(200);
    const items = (body as { items: { action: string; username: string; userId: number | null; after: unknown }[] })
      .items;
    const about = (address: string) =>
      items.find((item) => (item.after as { address?: string } | null)?.address === address);
    expect(about('203.0.113.60')).toMatchObject({
      action: 'login-failed',
      username: 'an.a',
      after: { reason: 'wrong-password' },
    });
    expect(about('203.0.113.61')).toMatchObject({
      action: 'login-failed',
      username: 'khong-co-ai',
      userId: null,
      after: { reason: 'unknown-user' },
    });
    expect(about('203.0.113.62')).toMatchObject({ action: 'login', username: 'an.a' });
    expect(about('203.0.113.63')).toMatchObject({ action: 'logout', username: 'an.a' });
    expect(JSON.stringify(items)).not.toMatch(/mat-khau-sai|mat-khau-cua/);
  });
});
