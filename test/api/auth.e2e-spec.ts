/**
 * Logging in and out, tokens and session cookies, passwords, the login rate limit, security
 * headers, and the users API. Every response of this file is recorded and checked: none may carry
 * a password or a password hash.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccessToken } from '../../src/accounts/access-token.entity.js';
import { SESSION_CACHE_MS } from '../../src/accounts/accounts.service.js';
import { api, createTestApp, tokenFor } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnits } from '../factories/units.factory.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
type Body = Record<string, any>;

interface Sent {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  cookies: { name: string; value: string; [key: string]: unknown }[];
}

interface Credentials {
  id: number;
  username: string;
  password: string;
}

const USER_KEYS = [
  'active',
  'clusterIds',
  'createdAt',
  'displayName',
  'id',
  'role',
  'roleLabel',
  'updatedAt',
  'username',
];
const MISSING = 999_999;

/** The error shape, with the code and, where given, the field paths of `errors`. */
function expectError(response: Sent, status: number, code: string, paths: string[] = []): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.body.statusCode).toBe(status);
  expect(typeof response.body.message).toBe('string');
  expect(response.body.message.length).toBeGreaterThan(0);
  expect(Object.keys(response.body).every((k) => ['statusCode', 'code', 'message', 'errors'].includes(k))).toBe(true);
  if (paths.length > 0) expect(Object.keys(response.body.errors ?? {}).sort()).toEqual([...paths].sort());
}

describe('auth and users', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let clusterA: number;
  let clusterB: number;
  let units: number[];

  /** Every password this file gave an account; none may appear in any response. */
  const secrets = new Set<string>();
  /** Every response (status line, headers and body) of the current test. */
  let recorded: string[] = [];

  /** A request through Fastify inject, with a bearer token, a session cookie and a CSRF header as given. */
  const send = async (
    method: Method,
    url: string,
    options: { token?: string | null; cookie?: string; csrf?: string; body?: unknown } = {},
  ): Promise<Sent> => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie !== undefined) headers.cookie = `thidua_session=${options.cookie}`;
    if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    // with neither token nor cookie given, no Authorization header at all (api(app, null).raw)
    const response = await api(app, null).raw({
      method,
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
    });
    recorded.push(`${response.statusCode} ${JSON.stringify(response.headers)} ${response.body}`);
    const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
    return {
      status: response.statusCode,
      body: isJson && response.body !== '' ? JSON.parse(response.body) : response.body,
      headers: response.headers,
      cookies: response.cookies,
    };
  };

  /** An admin of this file. */
  let adminToken: string;
  const asAdmin = (method: Method, url: string, body?: unknown): Promise<Sent> =>
    send(method, url, { token: adminToken, body });

  let userCounter = 0;
  /** Creates an account through the API and returns its id and credentials. */
  const createUser = async (role: string, clusterIds: number[] = []): Promise<Credentials> => {
    userCounter += 1;
    const username = `auth.${role}.${userCounter}`;
    const password = `Mat-khau-${userCounter}-du-dai`;
    secrets.add(password);
    const response = await asAdmin('POST', '/api/users', {
      username,
      displayName: `Người dùng ${userCounter}`,
      role,
      password,
      clusterIds,
    });
    expect(response.status).toBe(201);
    return { id: response.body.id as number, username, password };
  };

  const login = async (who: { username: string; password: string }): Promise<string> => {
    const response = await send('POST', '/api/auth/login', {
      body: { username: who.username, password: who.password },
    });
    expect(response.status).toBe(200);
    return response.body.token as string;
  };

  const me = (token: string): Promise<Sent> => send('GET', '/api/auth/me', { token });
  const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    adminToken = await tokenFor(app, 'admin');
    const client = api(app);
    units = await createUnits(client, 3, 'Ban Tổ chức');
    clusterA = await createCluster(client, { code: 'AUTH-A' });
    clusterB = await createCluster(client, { code: 'AUTH-B' });
    await putClusterYear(client, clusterA, 2024, clusterYearBody(units));
    await putClusterYear(client, clusterB, 2024, clusterYearBody(units));
  }, 30_000);

  afterEach(async () => {
    const hashes: { password_hash: string }[] = await dataSource.query('SELECT password_hash FROM user_account');
    expect(hashes.every((row) => /^\$argon2id\$/.test(row.password_hash))).toBe(true);
    const leaks: string[] = [];
    for (const text of recorded) {
      if (/\$argon2/i.test(text) || /password_?hash/i.test(text)) leaks.push(text.slice(0, 300));
      for (const { password_hash } of hashes) if (text.includes(password_hash)) leaks.push(text.slice(0, 300));
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${secret} in ${text.slice(0, 300)}`);
    }
    recorded = [];
    expect(leaks).toEqual([]);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('login', () => {
    it('returns a bearer token, its expiry and the user (never the password or its hash); the token works', async () => {
      const user = await createUser('leader');
      const before = Date.now();
      const response = await send('POST', '/api/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'token', 'user']);
      expect(response.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const expiresAt = Date.parse(response.body.expiresAt);
      expect(expiresAt).toBeGreaterThan(before + 11.9 * 3_600_000); // tokenTtlHours: 12
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000);
      expect(Object.keys(response.body.user).sort()).toEqual(USER_KEYS);
      expect(response.body.user).toMatchObject({ id: user.id, username: user.username, role: 'leader', active: true });
      // only the token's SHA-256 is stored
      const rows = await dataSource.getRepository(AccessToken).find({ where: { userId: user.id } });
      expect(rows.map((row) => row.tokenHash)).toEqual([sha256(response.body.token)]);

      const whoAmI = await me(response.body.token);
      expect(whoAmI.status).toBe(200);
      expect(whoAmI.body).toEqual(response.body.user);
      // each login is its own token
      expect(await login(user)).not.toBe(response.body.token);
    });

    it('a wrong password and an unknown user get the same 401 INVALID_CREDENTIALS', async () => {
      const user = await createUser('reporter');
      const wrong = await send('POST', '/api/auth/login', {
        body: { username: user.username, password: 'sai-mat-khau' },
      });
      const unknown = await send('POST', '/api/auth/login', {
        body: { username: 'khong.co.ai', password: user.password },
      });
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
      // the username is case-sensitive: another spelling is another (unknown) user
      const upper = await send('POST', '/api/auth/login', {
        body: { username: user.username.toUpperCase(), password: user.password },
      });
      expect(upper.body).toEqual(wrong.body);
      // nothing was issued
      expect(await dataSource.getRepository(AccessToken).count({ where: { userId: user.id } })).toBe(0);
    });

    it('missing or mistyped fields → 400 VALIDATION_FAILED', async () => {
      expectError(await send('POST', '/api/auth/login', { body: {} }), 400, 'VALIDATION_FAILED', [
        'username',
        'password',
      ]);
      expectError(
        await send('POST', '/api/auth/login', { body: { username: 'admin', password: 12345678 } }),
        400,
        'VALIDATION_FAILED',
        ['password'],
      );
    });

    it('a locked account cannot log in and its tokens stop working; unlocked, it logs in again', async () => {
      const user = await createUser('secretary', [clusterA]);
      const token = await login(user);
      const cookieSession = await send('POST', '/api/auth/session', {
        body: { username: user.username, password: user.password },
      });
      const cookie = cookieSession.cookies.find((c) => c.name === 'thidua_session')!.value;
      expect((await me(token)).status).toBe(200);

      const locked = await asAdmin('PATCH', `/api/users/${user.id}`, { active: false });
      expect(locked.status).toBe(200);
      expect(locked.body.active).toBe(false);

      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await send('GET', '/api/auth/me', { cookie }), 401, 'UNAUTHENTICATED');
      expectError(
        await send('PUT', `/api/clusters/${clusterA}/years/2024`, { token, body: clusterYearBody(units) }),
        401,
        'UNAUTHENTICATED',
      );
      const refused = await send('POST', '/api/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expectError(refused, 401, 'INVALID_CREDENTIALS');
      // every token row of the user is revoked
      const rows = await dataSource.getRepository(AccessToken).find({ where: { userId: user.id } });
      expect(rows.length).toBe(2);
      expect(rows.every((row) => row.revokedAt !== null)).toBe(true);

      expect((await asAdmin('PATCH', `/api/users/${user.id}`, { active: true })).body.active).toBe(true);
      // the old token stays revoked; a new login works
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expect((await me(await login(user))).status).toBe(200);
    });

    it('logout revokes the token used (204); other logins of the user go on', async () => {
      const user = await createUser('reporter');
      const token = await login(user);
      const other = await login(user);
      expect((await send('POST', '/api/auth/logout', { token })).status).toBe(204);
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await send('POST', '/api/auth/logout', { token }), 401, 'UNAUTHENTICATED');
      expect((await me(other)).status).toBe(200);
    });

    it('an expired token is refused', async () => {
      const user = await createUser('leader');
      const token = await login(user);
      const other = await login(user);
      const update = await dataSource
        .getRepository(AccessToken)
        .update({ tokenHash: sha256(token) }, { expiresAt: new Date(Date.now() - 1000) });
      expect(update.affected).toBe(1);
      expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await send('GET', '/api/units', { token }), 401, 'UNAUTHENTICATED');
      expect((await me(other)).status).toBe(200);
    });

    it('a change made outside this process (here: SQL) counts once the checked session is older than SESSION_CACHE_MS', async () => {
      const user = await createUser('leader');
      const token = await login(user);
      expect((await me(token)).status).toBe(200);
      await dataSource.getRepository(AccessToken).update({ tokenHash: sha256(token) }, { revokedAt: new Date() });
      expect((await me(token)).status).toBe(200); // still trusted by this process, for a few seconds
      const realNow = Date.now;
      const later = realNow() + SESSION_CACHE_MS + 1;
      const spy = jest.spyOn(Date, 'now').mockImplementation(() => later);
      try {
        expectError(await me(token), 401, 'UNAUTHENTICATED');
      } finally {
        spy.mockRestore();
      }
    });

    it('a malformed Authorization header → 401', async () => {
      const token = await login(await createUser('leader'));
      for (const authorization of [token, `Basic ${token}`, 'Bearer', `Bearer ${token}x`]) {
        const response = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
        recorded.push(response.body);
        expect({ authorization, status: response.statusCode }).toEqual({ authorization, status: 401 });
      }
    });
  });

  describe('changing one\u2019s own password (PATCH /api/auth/password)', () => {
    let user: Credentials;
    let current: string;
    let other: string;

    beforeAll(async () => {
      user = await createUser('secretary', [clusterA]);
    });

    it('a wrong current password → 400 on currentPassword; nothing changes', async () => {
      current = await login(user);
      const response = await send('PATCH', '/api/auth/password', {
        token: current,
        body: { currentPassword: 'khong-phai-mat-khau', newPassword: 'Mat-khau-moi-du-dai' },
      });
      expectError(response, 400, 'VALIDATION_FAILED', ['currentPassword']);
      expect((await me(current)).status).toBe(200);
      expect(await login(user)).toEqual(expect.any(String));
    });

    it.each([
      ['too short', 'ngan'],
      ['the username itself', 'USERNAME'],
      ['over 200 characters', 'x'.repeat(201)],
    ])('a new password that is %s → 400 on newPassword', async (_name, newPassword) => {
      const response = await send('PATCH', '/api/auth/password', {
        token: current,
        body: { currentPassword: user.password, newPassword: newPassword === 'USERNAME' ? user.username : newPassword },
      });
      expectError(response, 400, 'VALIDATION_FAILED', ['newPassword']);
      expect(await login(user)).toEqual(expect.any(String));
    });

    it('missing fields → 400', async () => {
      expectError(await send('PATCH', '/api/auth/password', { token: current, body: {} }), 400, 'VALIDATION_FAILED', [
        'currentPassword',
        'newPassword',
      ]);
    });

    it('success → 204: the old password no longer works, the new one does; other tokens are revoked, this one goes on', async () => {
      other = await login(user);
      const cookieSession = await send('POST', '/api/auth/session', {
        body: { username: user.username, password: user.password },
      });
      const cookie = cookieSession.cookies.find((c) => c.name === 'thidua_session')!.value;
      const newPassword = 'Mat-khau-moi-cua-thu-ky';
      secrets.add(newPassword);

      const response = await send('PATCH', '/api/auth/password', {
        token: current,
        body: { currentPassword: user.password, newPassword },
      });
      expect(response.status).toBe(204);
      expect(response.body).toBe('');

      expect((await me(current)).status).toBe(200);
      expectError(await me(other), 401, 'UNAUTHENTICATED');
      expectError(await send('GET', '/api/auth/me', { cookie }), 401, 'UNAUTHENTICATED');
      expectError(
        await send('POST', '/api/auth/login', { body: { username: user.username, password: user.password } }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect((await me(await login({ username: user.username, password: newPassword }))).status).toBe(200);
      // the current token still writes in its scope
      const put = await send('PUT', `/api/clusters/${clusterA}/years/2024`, {
        token: current,
        body: clusterYearBody(units),
      });
      expect(put.status).toBe(200);
    });
  });

  describe('admin reset-password (POST /api/users/:id/reset-password)', () => {
    it('→ 204: every token and session of the user is revoked; only the new password works', async () => {
      const user = await createUser('leader');
      const first = await login(user);
      const second = await login(user);
      const session = await send('POST', '/api/auth/session', {
        body: { username: user.username, password: user.password },
      });
      const cookie = session.cookies.find((c) => c.name === 'thidua_session')!.value;
      const newPassword = 'Mat-khau-do-quan-tri-dat';
      secrets.add(newPassword);

      const response = await asAdmin('POST', `/api/users/${user.id}/reset-password`, { newPassword });
      expect(response.status).toBe(204);

      for (const token of [first, second]) expectError(await me(token), 401, 'UNAUTHENTICATED');
      expectError(await send('GET', '/api/auth/me', { cookie }), 401, 'UNAUTHENTICATED');
      expectError(
        await send('POST', '/api/auth/login', { body: { username: user.username, password: user.password } }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect((await me(await login({ username: user.username, password: newPassword }))).status).toBe(200);
    });

    it('a weak password → 400 and nothing changes; an unknown user → 404 USER_NOT_FOUND', async () => {
      const user = await createUser('reporter');
      const token = await login(user);
      expectError(
        await asAdmin('POST', `/api/users/${user.id}/reset-password`, { newPassword: 'ngan' }),
        400,
        'VALIDATION_FAILED',
        ['newPassword'],
      );
      expectError(
        await asAdmin('POST', `/api/users/${user.id}/reset-password`, { newPassword: user.username }),
        400,
        'VALIDATION_FAILED',
        ['newPassword'],
      );
      expect((await me(token)).status).toBe(200);
      expect(await login(user)).toEqual(expect.any(String));
      expectError(
        await asAdmin('POST', `/api/users/${MISSING}/reset-password`, { newPassword: 'Mat-khau-du-dai-1' }),
        404,
        'USER_NOT_FOUND',
      );
      expectError(await asAdmin('POST', `/api/users/${user.id}/reset-password`, {}), 400, 'VALIDATION_FAILED', [
        'newPassword',
      ]);
    });
  });

  describe('session cookie (POST /api/auth/session)', () => {
    let user: Credentials;
    let cookie: string;
    let csrfToken: string;

    beforeAll(async () => {
      user = await createUser('admin');
    });

    it('sets an httpOnly, SameSite=Lax cookie thidua_session and returns a CSRF token, not the token', async () => {
      const response = await send('POST', '/api/auth/session', {
        body: { username: user.username, password: user.password },
      });
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(['csrfToken', 'expiresAt', 'user']);
      expect(response.body.user.username).toBe(user.username);
      csrfToken = response.body.csrfToken;

      const setCookie = ([] as unknown[]).concat(response.headers['set-cookie']).map(String);
      expect(setCookie).toHaveLength(1);
      expect(setCookie[0]).toMatch(/^thidua_session=[^;]+;/);
      expect(setCookie[0]).toMatch(/;\s*HttpOnly/i);
      expect(setCookie[0]).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie[0]).toMatch(/;\s*Path=\/(;|$)/);
      expect(setCookie[0]).not.toMatch(/;\s*Secure/i); // cookieSecure: false in tests
      const parsed = response.cookies.find((c) => c.name === 'thidua_session')!;
      cookie = parsed.value;
      expect(Math.abs(new Date(parsed.expires as string).getTime() - Date.parse(response.body.expiresAt))).toBeLessThan(
        1000,
      );
      expect(cookie).not.toBe(csrfToken);
      expect(JSON.stringify(response.body)).not.toContain(cookie);
    });

    it('with the cookie alone, reads work', async () => {
      const response = await send('GET', '/api/auth/me', { cookie });
      expect(response.status).toBe(200);
      expect(response.body.username).toBe(user.username);
      expect((await send('GET', '/api/units', { cookie })).status).toBe(200);
    });

    it('a write without the X-CSRF-Token header, or with a wrong one → 403 CSRF_FAILED, nothing written', async () => {
      const countUnits = async (): Promise<number> => (await asAdmin('GET', '/api/units')).body.length;
      const before = await countUnits();
      expectError(await send('POST', '/api/units', { cookie, body: { name: 'Đơn vị giả mạo' } }), 403, 'CSRF_FAILED');
      for (const csrf of ['', 'sai', `${csrfToken}x`, csrfToken.slice(1)]) {
        expectError(
          await send('POST', '/api/units', { cookie, csrf, body: { name: 'Đơn vị giả mạo' } }),
          403,
          'CSRF_FAILED',
        );
      }
      // another session's CSRF token does not fit this cookie
      const otherSession = await send('POST', '/api/auth/session', {
        body: { username: user.username, password: user.password },
      });
      expectError(
        await send('POST', '/api/units', {
          cookie,
          csrf: otherSession.body.csrfToken,
          body: { name: 'Đơn vị giả mạo' },
        }),
        403,
        'CSRF_FAILED',
      );
      expectError(
        await send('PATCH', '/api/auth/password', {
          cookie,
          body: { currentPassword: user.password, newPassword: 'Mat-khau-gia-mao-1' },
        }),
        403,
        'CSRF_FAILED',
      );
      expectError(await send('POST', '/api/auth/logout', { cookie }), 403, 'CSRF_FAILED');
      expect(await countUnits()).toBe(before);
      expect((await send('GET', '/api/auth/me', { cookie })).status).toBe(200); // the session goes on
    });

    it('with the right X-CSRF-Token header, the write passes', async () => {
      const response = await send('POST', '/api/units', {
        cookie,
        csrf: csrfToken,
        body: { name: 'Đơn vị qua phiên' },
      });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe('Đơn vị qua phiên');
      expect((await asAdmin('GET', `/api/units/${response.body.id}`)).status).toBe(200);
    });

    it('the cookie carries the role: a leader with the right CSRF header still may not write (403 FORBIDDEN)', async () => {
      const leader = await createUser('leader');
      const session = await send('POST', '/api/auth/session', {
        body: { username: leader.username, password: leader.password },
      });
      const leaderCookie = session.cookies.find((c) => c.name === 'thidua_session')!.value;
      expectError(
        await send('POST', '/api/units', {
          cookie: leaderCookie,
          csrf: session.body.csrfToken,
          body: { name: 'Đơn vị của lãnh đạo' },
        }),
        403,
        'FORBIDDEN',
      );
    });

    it('CSRF applies to cookies only: the same login sent as a bearer token writes without the header', async () => {
      expect((await send('POST', '/api/units', { token: cookie, body: { name: 'Đơn vị qua mã' } })).status).toBe(201);
    });

    it('logout with the cookie and the CSRF header → 204, clears the cookie, and the session ends', async () => {
      const response = await send('POST', '/api/auth/logout', { cookie, csrf: csrfToken });
      expect(response.status).toBe(204);
      const cleared = response.cookies.find((c) => c.name === 'thidua_session');
      expect(cleared).toBeDefined();
      expect(cleared!.value).toBe('');
      expect(new Date(cleared!.expires as string).getTime()).toBeLessThanOrEqual(Date.now());
      expectError(await send('GET', '/api/auth/me', { cookie }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('security headers', () => {
    it.each([
      ['GET /api/health', 'GET', '/api/health', 200],
      ['GET /api/units without a token', 'GET', '/api/units', 401],
      ['an unknown route', 'GET', '/api/khong-co', 404],
      ['POST /api/auth/login with a wrong password', 'POST', '/api/auth/login', 401],
      ['GET /api/docs', 'GET', '/api/docs', 200],
    ] as const)(
      '%s has CSP (frame-ancestors none), nosniff and X-Frame-Options',
      async (_name, method, url, status) => {
        const response = await send(method, url, {
          body: method === 'POST' ? { username: 'khong.co.ai', password: 'sai-mat-khau' } : undefined,
        });
        expect(response.status).toBe(status);
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toMatch(/default-src 'self'/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(csp).toMatch(/object-src 'none'/);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(['DENY', 'SAMEORIGIN']).toContain(response.headers['x-frame-options']);
        expect(response.headers['x-powered-by']).toBeUndefined();
      },
    );
  });

  describe('users API (admins only)', () => {
    const userCount = async (): Promise<number> => (await asAdmin('GET', '/api/users')).body.length;
    const newUser = (overrides: Body = {}): Body => {
      userCounter += 1;
      return {
        username: `users.api.${userCounter}`,
        displayName: `Cán bộ ${userCounter}`,
        role: 'reporter',
        password: 'Mat-khau-tao-moi-1',
        ...overrides,
      };
    };

    beforeAll(() => {
      secrets.add('Mat-khau-tao-moi-1');
    });

    it('creates an account → 201 with the user and no password; it can log in', async () => {
      const body = newUser({ username: 'thu-ky_cum.5', displayName: '  Nguyễn Văn A  ', role: 'secretary' });
      const response = await asAdmin('POST', '/api/users', { ...body, clusterIds: [clusterB, clusterA, clusterA] });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(USER_KEYS);
      expect(response.body).toMatchObject({
        username: 'thu-ky_cum.5',
        displayName: 'Nguyễn Văn A',
        role: 'secretary',
        roleLabel: 'Thư ký cụm',
        clusterIds: [clusterA, clusterB].sort((a, b) => a - b),
        active: true,
      });
      expect((await asAdmin('GET', `/api/users/${response.body.id}`)).body).toEqual(response.body);
      const token = await login({ username: 'thu-ky_cum.5', password: 'Mat-khau-tao-moi-1' });
      expect((await me(token)).body).toEqual(response.body);
      // the password is stored only as an Argon2id hash
      const [row]: { password_hash: string }[] = await dataSource.query(
        `SELECT password_hash FROM user_account WHERE username = 'thu-ky_cum.5'`,
      );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it.each([
      ['too short', 'ab'],
      ['upper case', 'ThuKy.Cum5'],
      ['with Vietnamese letters', 'thư.ký'],
      ['with a space inside', 'thu ky'],
      ['with other signs', 'thuky@cum5'],
      ['over 60 characters', 'a'.repeat(61)],
    ])('a username %s → 400 on username, nothing created', async (_name, username) => {
      const before = await userCount();
      expectError(await asAdmin('POST', '/api/users', newUser({ username })), 400, 'VALIDATION_FAILED', ['username']);
      expect(await userCount()).toBe(before);
    });

    it('a username that is taken → 409 USERNAME_TAKEN', async () => {
      const before = await userCount();
      const response = await asAdmin('POST', '/api/users', newUser({ username: 'thu-ky_cum.5', role: 'leader' }));
      expectError(response, 409, 'USERNAME_TAKEN', ['username']);
      expect(await userCount()).toBe(before);
    });

    it.each(['admin', 'leader', 'reporter'])('clusters for a %s → 400 on clusterIds', async (role) => {
      const before = await userCount();
      expectError(
        await asAdmin('POST', '/api/users', newUser({ role, clusterIds: [clusterA] })),
        400,
        'VALIDATION_FAILED',
        ['clusterIds'],
      );
      expect(await userCount()).toBe(before);
    });

    it('an unknown cluster → 400 on clusterIds, nothing created', async () => {
      const before = await userCount();
      expectError(
        await asAdmin('POST', '/api/users', newUser({ role: 'secretary', clusterIds: [clusterA, MISSING] })),
        400,
        'VALIDATION_FAILED',
        ['clusterIds'],
      );
      expect(await userCount()).toBe(before);
    });

    it('a secretary without clusters, and other roles with an empty list, are fine', async () => {
      const secretary = await asAdmin('POST', '/api/users', newUser({ role: 'secretary' }));
      expect(secretary.status).toBe(201);
      expect(secretary.body.clusterIds).toEqual([]);
      const leader = await asAdmin('POST', '/api/users', newUser({ role: 'leader', clusterIds: [] }));
      expect(leader.status).toBe(201);
      expect(leader.body).toMatchObject({ role: 'leader', roleLabel: 'Lãnh đạo', clusterIds: [] });
    });

    it.each<[string, Body, string[]]>([
      ['nothing', {}, ['username', 'displayName', 'role', 'password']],
      ['an unknown role', { role: 'boss' }, ['role']],
      ['a blank display name', { displayName: '   ' }, ['displayName']],
      ['a short password', { password: 'ngan' }, ['password']],
      ['a password that is the username', { username: 'trung.ten', password: 'trung.ten' }, ['password']],
      ['a password over 200 characters', { password: 'x'.repeat(201) }, ['password']],
      ['clusterIds that are not ids', { role: 'secretary', clusterIds: ['a', 0] }, ['clusterIds']],
      ['an unknown field', { email: 'a@b.vn' }, ['email']],
    ])('creating with %s → 400', async (_name, overrides, paths) => {
      const before = await userCount();
      const body = Object.keys(overrides).length === 0 ? {} : newUser(overrides);
      const response = await asAdmin('POST', '/api/users', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.errors ?? {})).toEqual(expect.arrayContaining(paths));
      expect(await userCount()).toBe(before);
    });

    it('lists every account by username, with no password or hash', async () => {
      const response = await asAdmin('GET', '/api/users');
      expect(response.status).toBe(200);
      const usernames = response.body.map((u: Body) => u.username);
      expect(usernames).toEqual([...usernames].sort());
      expect(usernames).toEqual(expect.arrayContaining(['thu-ky_cum.5']));
      for (const u of response.body) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
    });

    it('one account; unknown → 404 USER_NOT_FOUND; a bad id → 400', async () => {
      expectError(await asAdmin('GET', `/api/users/${MISSING}`), 404, 'USER_NOT_FOUND');
      expectError(await asAdmin('GET', '/api/users/abc'), 400, 'VALIDATION_FAILED', ['id']);
      expectError(await asAdmin('PATCH', `/api/users/${MISSING}`, { displayName: 'Ai đó' }), 404, 'USER_NOT_FOUND');
    });

    it('changing a secretary\u2019s clusters and role takes effect on their existing token', async () => {
      const user = await createUser('secretary', [clusterA]);
      const token = await login(user);
      const yearA = `/api/clusters/${clusterA}/years/2024`;
      const yearB = `/api/clusters/${clusterB}/years/2024`;
      expect((await send('PUT', yearA, { token, body: clusterYearBody(units) })).status).toBe(200);
      expectError(await send('PUT', yearB, { token, body: clusterYearBody(units) }), 403, 'FORBIDDEN');

      // now secretary of B only
      const moved = await asAdmin('PATCH', `/api/users/${user.id}`, { clusterIds: [clusterB] });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ role: 'secretary', clusterIds: [clusterB] });
      expectError(await send('PUT', yearA, { token, body: clusterYearBody(units) }), 403, 'FORBIDDEN');
      expect((await send('PUT', yearB, { token, body: clusterYearBody(units) })).status).toBe(200);

      // of both
      const both = await asAdmin('PATCH', `/api/users/${user.id}`, { clusterIds: [clusterB, clusterA] });
      expect(both.body.clusterIds).toEqual([clusterA, clusterB].sort((a, b) => a - b));
      expect((await send('PUT', yearA, { token, body: clusterYearBody(units) })).status).toBe(200);

      // a leader: reads only (the clusters go with the role)
      const leader = await asAdmin('PATCH', `/api/users/${user.id}`, { role: 'leader', clusterIds: [] });
      expect(leader.status).toBe(200);
      expect(leader.body).toMatchObject({ role: 'leader', roleLabel: 'Lãnh đạo', clusterIds: [] });
      expect((await send('GET', yearA, { token })).status).toBe(200);
      expectError(await send('PUT', yearA, { token, body: clusterYearBody(units) }), 403, 'FORBIDDEN');

      // an admin: writes anywhere, manages users
      const admin = await asAdmin('PATCH', `/api/users/${user.id}`, { role: 'admin', displayName: 'Quản trị mới' });
      expect(admin.body).toMatchObject({ role: 'admin', displayName: 'Quản trị mới', clusterIds: [] });
      expect((await send('GET', '/api/users', { token })).status).toBe(200);
      expect((await me(token)).body).toEqual(admin.body);
    });

    it('a secretary whose role changes loses their clusters without having to send clusterIds: []', async () => {
      const user = await createUser('secretary', [clusterA]);
      const changed = await asAdmin('PATCH', `/api/users/${user.id}`, { role: 'leader' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ role: 'leader', clusterIds: [] });
    });

    it('clusterIds: null means no clusters, on create as on update (null clears, as everywhere in the API)', async () => {
      const created = await asAdmin('POST', '/api/users', newUser({ role: 'secretary', clusterIds: null }));
      expect(created.status).toBe(201);
      expect(created.body.clusterIds).toEqual([]);

      const user = await createUser('secretary', [clusterA, clusterB]);
      const token = await login(user);
      const cleared = await asAdmin('PATCH', `/api/users/${user.id}`, { clusterIds: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.clusterIds).toEqual([]);
      expect((await asAdmin('GET', `/api/users/${user.id}`)).body.clusterIds).toEqual([]);
      expectError(
        await send('PUT', `/api/clusters/${clusterA}/years/2024`, { token, body: clusterYearBody(units) }),
        403,
        'FORBIDDEN',
      );
    });

    it.each<[string, Body, string[]]>([
      ['an unknown role', { role: 'boss' }, ['role']],
      ['a null role', { role: null }, ['role']],
      ['a blank display name', { displayName: '' }, ['displayName']],
      ['active as text', { active: 'no' }, ['active']],
      ['an unknown field', { password: 'Mat-khau-qua-patch' }, ['password']],
      ['clusters for a leader', { role: 'leader', clusterIds: [clusterA] }, ['clusterIds']],
      ['an unknown cluster', { clusterIds: [MISSING] }, ['clusterIds']],
    ])('updating with %s → 400, nothing changes', async (_name, body, paths) => {
      const user = await createUser('secretary', [clusterA]);
      const before = (await asAdmin('GET', `/api/users/${user.id}`)).body;
      const response = await asAdmin('PATCH', `/api/users/${user.id}`, body);
      expectError(response, 400, 'VALIDATION_FAILED', paths);
      expect((await asAdmin('GET', `/api/users/${user.id}`)).body).toEqual(before); // the body: headers carry the time
      expect((await me(await login(user))).status).toBe(200);
    });

    it('the audit trail records account changes without any password or hash', async () => {
      const response = await asAdmin('GET', '/api/audit?entityType=user&pageSize=200');
      expect(response.status).toBe(200);
      const actions = new Set(response.body.items.map((item: Body) => item.action));
      expect([...actions]).toEqual(expect.arrayContaining(['create', 'update', 'reset-password', 'change-password']));
      // the afterEach check reads this response too
    });
  });
});

describe('login rate limit (loginAttemptsPerMinute: 3)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({ loginAttemptsPerMinute: 3 });
    const created = await api(app).post('/api/users', {
      username: 'gioi.han',
      displayName: 'Giới hạn',
      role: 'leader',
      password: 'Mat-khau-gioi-han-1',
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await app.close();
  });

  it('the 4th attempt within the minute → 429 TOO_MANY_REQUESTS, even with the right password', async () => {
    const client = api(app, null);
    const wrong = { username: 'gioi.han', password: 'sai-mat-khau-1' };
    expect((await client.post('/api/auth/login', wrong)).status).toBe(401);
    expect((await client.post('/api/auth/login', wrong)).status).toBe(401);
    expect((await client.post('/api/auth/login', { ...wrong, password: 'Mat-khau-gioi-han-1' })).status).toBe(200);

    const limited = await client.post('/api/auth/login', { ...wrong, password: 'Mat-khau-gioi-han-1' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(limited.body.message).toMatch(/\d+ giây/);
    // the session login counts against the same limit
    const session = await client.post('/api/auth/session', { ...wrong, password: 'Mat-khau-gioi-han-1' });
    expect(session.status).toBe(429);
    expect(session.body.code).toBe('TOO_MANY_REQUESTS');
    // other routes are not limited
    expect((await client.get('/api/health')).status).toBe(200);
    expect((await api(app).get('/api/users')).status).toBe(200);
  });
});

describe('the last active admin', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('cannot be locked or demoted (409, nothing changes) until another active admin exists', async () => {
    const client = api(app);
    const self = (await client.get('/api/auth/me')).body;
    for (const change of [{ active: false }, { role: 'leader' }]) {
      const refused = await client.patch(`/api/users/${self.id}`, change);
      expect([refused.status, refused.body.code]).toEqual([409, 'CONFLICT']);
      expect(refused.body.message).toMatch(/quản trị/);
    }
    expect((await client.get(`/api/users/${self.id}`)).body).toMatchObject({ role: 'admin', active: true });

    const other = await client.post('/api/users', {
      username: 'quantri.hai',
      displayName: 'Quản trị 2',
      role: 'admin',
      password: 'Mat-khau-quan-tri-2',
    });
    expect(other.status).toBe(201);
    const demoted = await client.patch(`/api/users/${self.id}`, { role: 'leader' });
    expect([demoted.status, demoted.body.role]).toEqual([200, 'leader']);
  });
});
