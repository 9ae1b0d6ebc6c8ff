import path from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup.js';
import { AccountsService } from '../src/accounts/accounts.service.js';
import type { Role } from '../src/accounts/user-account.entity.js';
import { DEFAULT_IMPORT_LIMITS, type AppConfig } from '../src/config/app-config.js';
import { testDatabaseConfig } from './test-database.js';

/** The real AppModule on a fresh database (SQLite in memory, or a new PostgreSQL database). */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<NestFastifyApplication> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    database: await testDatabaseConfig(),
    demoSeed: 'off',
    logLevel: 'error',
    tokenTtlHours: 12,
    cookieSecure: false,
    loginAttemptsPerMinute: 10_000,
    trustProxy: false,
    reportTemplatesDir: path.resolve('templates/reports'),
    imports: DEFAULT_IMPORT_LIMITS,
    // Load shedding off: a busy test machine must not answer 503 (test/api/uploads.e2e-spec.ts turns it on).
    overload: { maxEventLoopDelayMs: 0, maxHeapUsedMb: 0, maxRssMb: 0, retryAfterSeconds: 10 },
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config.trustProxy), {
    ...APP_OPTIONS,
    logger: ['error', 'warn'],
  });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  adminTokens.set(app, await tokenFor(app, 'admin'));
  return app;
}

/** Every test app starts with one admin, whose token `api(app)` uses by default. */
const adminTokens = new WeakMap<NestFastifyApplication, string>();
let accountCounter = 0;

/** Creates an account with this role (and a secretary's clusters) and returns a login token for it. */
export async function tokenFor(app: NestFastifyApplication, role: Role, clusterIds: number[] = []): Promise<string> {
  const accounts = app.get(AccountsService);
  accountCounter += 1;
  const username = `${role}.${accountCounter}`;
  const password = `mat-khau-${accountCounter}-du-dai`;
  await accounts.create({ username, displayName: `Người thử ${accountCounter}`, role, password, clusterIds });
  return (await accounts.login(username, password)).token;
}

/** A small JSON client over Fastify's inject. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export function api(app: NestFastifyApplication, token: string | null = adminTokens.get(app) ?? null) {
  const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const call = async <T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<ApiResponse<T>> => {
    const response = await app.inject({
      method,
      url,
      headers: payload === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as T) : (undefined as T) };
  };
  return {
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, body?: unknown) => call<T>('POST', url, body),
    put: <T = any>(url: string, body?: unknown) => call<T>('PUT', url, body),
    patch: <T = any>(url: string, body?: unknown) => call<T>('PATCH', url, body),
    /** A request as given, with the client's Authorization header unless it sets its own. */
    raw: (options: {
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      url: string;
      headers?: Record<string, string>;
      payload?: string | Buffer;
    }) => app.inject({ ...options, headers: { ...auth, ...options.headers } }),
  };
}
