import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../src/app.setup.js';
import type { AppConfig } from '../src/config/app-config.js';
import { testDatabaseConfig } from './test-database.js';

/** The real AppModule on a fresh database (SQLite in memory, or a new PostgreSQL database). */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<NestFastifyApplication> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    database: await testDatabaseConfig(),
    demoSeed: 'off',
    logLevel: 'error',
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    ...APP_OPTIONS,
    logger: ['error', 'warn'],
  });
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A small JSON client over Fastify's inject. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export function api(app: NestFastifyApplication) {
  const call = async <T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<ApiResponse<T>> => {
    const response = await app.inject({
      method,
      url,
      ...(payload === undefined
        ? {}
        : { payload: payload as Record<string, unknown>, headers: { 'content-type': 'application/json' } }),
    });
    return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as T) : (undefined as T) };
  };
  return {
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, body?: unknown) => call<T>('POST', url, body),
    put: <T = any>(url: string, body?: unknown) => call<T>('PUT', url, body),
    patch: <T = any>(url: string, body?: unknown) => call<T>('PATCH', url, body),
    raw: (options: Parameters<NestFastifyApplication['inject']>[0]) => app.inject(options),
  };
}
