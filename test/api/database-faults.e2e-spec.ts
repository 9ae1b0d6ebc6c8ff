import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRequire } from 'node:module';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { api, createTestApp, type ApiResponse } from '../test-app.js';

/** The few better-sqlite3 calls used here (the package ships no types). */
interface RawSqlite {
  exec(sql: string): void;
  prepare(sql: string): { run(): unknown; get(): unknown };
  close(): void;
  readonly inTransaction: boolean;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
  options: { timeout: number; readonly?: boolean },
) => RawSqlite;

/**
 * Each run tests the faults of its own database (the entities' column types follow DATABASE_URL):
 * SQLite on a file, locked or read-only; PostgreSQL switched to read-only. A stopped PostgreSQL
 * server is drilled by scripts/drill-faults.mjs.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

/** SQLite on a file, locked by another connection as another process would: clear 503s, then healed. */
const describeSqlite = () =>
  describe('database faults (SQLite file)', () => {
    let folder: string;
    let file: string;
    let app: NestFastifyApplication;
    let client: ReturnType<typeof api>;
    let other: RawSqlite;

    beforeAll(async () => {
      folder = mkdtempSync(path.join(tmpdir(), 'thidua-faults-'));
      file = path.join(folder, 'faults.sqlite');
      app = await createTestApp({ database: { type: 'sqlite', path: file } });
      client = api(app);
      other = new Database(file, { timeout: 0 });
    });

    afterAll(async () => {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    });

    const unitCount = (): number => (other.prepare('SELECT COUNT(*) AS n FROM unit').get() as { n: number }).n;

    it('answers 503 DATABASE_LOCKED with Retry-After while another process holds the write lock, and heals', async () => {
      expect((await client.post('/api/units', { name: 'Đơn vị trước khóa' })).status).toBe(201);
      const before = unitCount();

      other.exec('BEGIN EXCLUSIVE');
      other.prepare("UPDATE unit SET note = 'giữ khóa' WHERE 1 = 0").run();
      try {
        const write = await client.raw({
          method: 'POST',
          url: '/api/units',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'Đơn vị trong lúc khóa' }),
        });
        expect(write.statusCode).toBe(503);
        expect(write.headers['retry-after']).toBe('5');
        expect(JSON.parse(write.body)).toEqual({
          statusCode: 503,
          code: 'DATABASE_LOCKED',
          message: expect.stringContaining('đang bị một chương trình khác khóa'),
        });

        const health = await client.get('/api/health');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ statusCode: 503, code: 'DATABASE_LOCKED', database: 'locked' });

        // Reading still works while the lock is held (WAL).
        expect((await client.get('/api/units')).status).toBe(200);
      } finally {
        other.exec('ROLLBACK');
      }

      expect(unitCount()).toBe(before);
      expect((await client.get('/api/health')).body).toEqual({ status: 'ok', database: 'sqlite' });
      expect((await client.post('/api/units', { name: 'Đơn vị sau khóa' })).status).toBe(201);
      expect(unitCount()).toBe(before + 1);
    });

    it('waits for a short lock without blocking and then writes', async () => {
      const before = unitCount();
      other.exec('BEGIN EXCLUSIVE');
      other.prepare("UPDATE unit SET note = 'giữ khóa' WHERE 1 = 0").run();
      setTimeout(() => other.exec('ROLLBACK'), 300);
      const write = await client.post('/api/units', { name: 'Đơn vị chờ khóa' });
      expect(write.status).toBe(201);
      expect(unitCount()).toBe(before + 1);
    });

    it('answers 503 DATABASE_READ_ONLY on a connection left read-only, and reopens it once the file is writable', async () => {
      // As root, file modes do not stop writes, and a busy file system cannot be remounted read-only: put
      // in the state SQLite leaves a connection in when it opened an unwritable file (read-only for life).
      const driver = app.get(DataSource).driver as unknown as { databaseConnection: RawSqlite };
      const before = unitCount();
      driver.databaseConnection = new Database(file, { timeout: 0, readonly: true });

      const write = await client.raw({
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'Đơn vị khi chỉ đọc' }),
      });
      expect(write.statusCode).toBe(503);
      expect(write.headers['retry-after']).toBe('30');
      expect(JSON.parse(write.body)).toEqual({
        statusCode: 503,
        code: 'DATABASE_READ_ONLY',
        message: expect.stringContaining('chỉ đọc'),
      });
      expect(unitCount()).toBe(before);

      // The files are writable: the failed write reopened the connection, and health says ok.
      expect((await client.get('/api/health')).body).toEqual({ status: 'ok', database: 'sqlite' });
      expect((await client.post('/api/units', { name: 'Đơn vị sau khi mở lại' })).status).toBe(201);
      expect(unitCount()).toBe(before + 1);
    });
  });

/** PostgreSQL made read-only under the app (as a failover to a standby would): 503, then healed. */
const describePostgres = () =>
  describe('database faults (PostgreSQL read-only)', () => {
    let app: NestFastifyApplication;
    let client: ReturnType<typeof api>;
    let admin: pg.Client;
    let database: string;

    beforeAll(async () => {
      app = await createTestApp();
      client = api(app);
      const url = String((app.get(DataSource).options as { url: string }).url);
      database = new URL(url).pathname.slice(1);
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
    });

    afterAll(async () => {
      await admin.end();
      await app.close();
    });

    /** Sets the database's default and drops the app's connections so that new ones take it. */
    const setReadOnly = async (on: boolean): Promise<void> => {
      await admin.query(`ALTER DATABASE "${database}" SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
    };
    const unitCount = async (): Promise<number> =>
      Number((await admin.query<{ n: string }>('SELECT COUNT(*) AS n FROM unit')).rows[0].n);
    /** The pool drops the terminated connections as they report it: ask until health settles. */
    const healthOnceSettled = async (expected: string): Promise<ApiResponse> => {
      let health = await client.get('/api/health');
      for (let i = 0; i < 50 && health.body.database !== expected; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        health = await client.get('/api/health');
      }
      return health;
    };

    it('answers 503 DATABASE_READ_ONLY while the database is read-only, and heals without a restart', async () => {
      expect((await client.post('/api/units', { name: 'Đơn vị trước khi chỉ đọc' })).status).toBe(201);
      const before = await unitCount();

      await setReadOnly(true);
      try {
        const health = await healthOnceSettled('read-only');
        expect(health.status).toBe(503);
        expect(health.body).toMatchObject({ statusCode: 503, code: 'DATABASE_READ_ONLY', database: 'read-only' });
        const write = await client.raw({
          method: 'POST',
          url: '/api/units',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'Đơn vị khi chỉ đọc' }),
        });
        expect(write.statusCode).toBe(503);
        expect(write.headers['retry-after']).toBe('30');
        expect(JSON.parse(write.body)).toEqual({
          statusCode: 503,
          code: 'DATABASE_READ_ONLY',
          message: expect.stringContaining('chỉ đọc'),
        });
      } finally {
        await setReadOnly(false);
      }

      const healed = await healthOnceSettled('postgres');
      expect(healed.body).toEqual({ status: 'ok', database: 'postgres' });
      expect((await client.post('/api/units', { name: 'Đơn vị sau khi chỉ đọc' })).status).toBe(201);
      expect(await unitCount()).toBe(before + 1);
    });
  });

if (onPostgres) describePostgres();
else describeSqlite();
