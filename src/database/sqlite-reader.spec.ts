/**
 * SQLite file (WAL): while one request's transaction holds the app's read-write connection (a large
 * import takes seconds), other requests' reads go to a read-only second connection and answer at once
 * with the committed state; writes still wait their turn. Before, every read, /api/health included,
 * waited for the transaction to end. (Under src/: it runs with the SQLite suite only; the
 * PostgreSQL run, which has a connection per transaction anyway, runs test/.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqliteReader, type RawReadConnection } from './sqlite-reader.js';

interface Db extends RawReadConnection {
  exec(sql: string): unknown;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options?: object) => Db;
import { api, createTestApp } from '../../test/test-app.js';

describe('reads while another request’s transaction is open (SQLite file)', () => {
  let dir: string;
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-reader-'));
    app = await createTestApp({ database: { type: 'sqlite', path: path.join(dir, 'reader.sqlite') } });
    dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.query('CREATE TABLE tx_probe (v VARCHAR(20) NOT NULL)');
    await dataSource.query(`INSERT INTO tx_probe (v) VALUES ('committed')`);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const values = async (): Promise<string[]> =>
    (await dataSource.query<{ v: string }[]>('SELECT v FROM tx_probe ORDER BY v')).map((row) => row.v);

  /** Opens a transaction that writes a row and stays open until `end` is called. */
  function openTransaction(fail = false) {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let began: () => void = () => undefined;
    const begun = new Promise<void>((resolve) => {
      began = resolve;
    });
    let ended = false;
    const done = dataSource
      .transaction(async (em) => {
        await em.query(`INSERT INTO tx_probe (v) VALUES ('in-flight')`);
        began();
        await held;
        if (fail) throw new Error('rolled back');
      })
      .finally(() => {
        ended = true;
      });
    return { begun, done, end: () => release(), ended: () => ended };
  }

  it('plain reads, API reads and /api/health answer while it is open, with the committed rows only', async () => {
    const tx = openTransaction();
    await tx.begun;

    expect(await values()).toEqual(['committed']);
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    const units = await api(app).get('/api/units');
    expect(units.status).toBe(200);
    expect(tx.ended()).toBe(false);

    tx.end();
    await tx.done;
    expect(await values()).toEqual(['committed', 'in-flight']);
    await dataSource.query(`DELETE FROM tx_probe WHERE v = 'in-flight'`);
  });

  it('a write from another request waits for it, then runs', async () => {
    const tx = openTransaction();
    await tx.begun;
    let wroteWhileOpen: boolean | null = null;
    const write = dataSource.query(`INSERT INTO tx_probe (v) VALUES ('later')`).then(() => {
      wroteWhileOpen = !tx.ended();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wroteWhileOpen).toBeNull();
    tx.end();
    await tx.done;
    await write;
    expect(wroteWhileOpen).toBe(false);
    expect(await values()).toEqual(['committed', 'in-flight', 'later']);
    await dataSource.query(`DELETE FROM tx_probe WHERE v <> 'committed'`);
  });

  it('what a transaction that rolls back wrote is never seen', async () => {
    const tx = openTransaction(true);
    await tx.begun;
    expect(await values()).toEqual(['committed']);
    tx.end();
    await expect(tx.done).rejects.toThrow('rolled back');
    expect(await values()).toEqual(['committed']);
  });
});

describe('SqliteReader', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-reader-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads SELECTs only; anything else goes back to the read-write connection (undefined)', () => {
    const file = path.join(dir, 'unit.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec(`CREATE TABLE t (v INTEGER NOT NULL); INSERT INTO t (v) VALUES (1), (2)`);
    const reader = new SqliteReader(file, (f) => new Database(f, { readonly: true }));
    try {
      expect(reader.read('SELECT v FROM t WHERE v > ? ORDER BY v', [0])).toEqual([{ v: 1 }, { v: 2 }]);
      expect(reader.read('SELECT v FROM t WHERE v = ?', [true])).toEqual([{ v: 1 }]);
      const structured = reader.read('SELECT v FROM t ORDER BY v', [], true) as { records: unknown[] };
      expect(structured.records).toEqual([{ v: 1 }, { v: 2 }]);
      expect(reader.read('INSERT INTO t (v) VALUES (3)')).toBeUndefined();
      expect(reader.read('DELETE FROM t')).toBeUndefined();
      expect(reader.read('WITH x AS (SELECT 1) DELETE FROM t')).toBeUndefined();
      expect(reader.read('SELECT nothing FROM nowhere')).toBeUndefined();
      expect(writer.prepare('SELECT count(*) AS n FROM t').all()).toEqual([{ n: 2 }]);
    } finally {
      reader.close();
      writer.close();
    }
  });
});
