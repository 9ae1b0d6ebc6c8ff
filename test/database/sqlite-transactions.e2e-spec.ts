/**
 * On SQLite the app has one connection (TypeORM's better-sqlite3 driver shares one query runner), so
 * two requests' transactions must not interleave on it: a second request's transaction would become a
 * savepoint inside the first one's, and the first one's rollback would silently undo the second's
 * committed work (or the second would read the first's uncommitted rows). Transactions of different
 * requests run one after the other; a transaction inside a transaction (same request) still nests.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createTestApp } from '../test-app.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('transactions of concurrent requests', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.query('CREATE TABLE tx_probe (v VARCHAR(20) NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.query('DROP TABLE tx_probe');
    await app.close();
  });

  const values = async (): Promise<string[]> =>
    (await dataSource.query<{ v: string }[]>('SELECT v FROM tx_probe ORDER BY v')).map((row) => row.v);

  it('a rollback of one request never undoes another request’s committed transaction', async () => {
    const failing = dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (v) VALUES ('a-rolled-back')`);
      await sleep(60);
      throw new Error('the first request fails');
    });
    await sleep(10);
    const succeeding = dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (v) VALUES ('b-committed')`);
    });
    await expect(failing).rejects.toThrow('the first request fails');
    await succeeding;
    expect(await values()).toEqual(['b-committed']);
  });

  it('another request never reads rows a transaction has not committed', async () => {
    await dataSource.query('DELETE FROM tx_probe');
    let seen: string[] | null = null;
    const writer = dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (v) VALUES ('uncommitted')`);
      await sleep(60);
      throw new Error('rolled back');
    });
    await sleep(10);
    seen = await values();
    await expect(writer).rejects.toThrow('rolled back');
    // SQLite: the read waits for the transaction to end; PostgreSQL: another connection, read committed.
    expect(seen).toEqual([]);
    expect(await values()).toEqual([]);
  });

  it('a transaction inside a transaction of the same request still works (a savepoint)', async () => {
    await dataSource.query('DELETE FROM tx_probe');
    await dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (v) VALUES ('outer')`);
      await dataSource.transaction(async (inner) => {
        await inner.query(`INSERT INTO tx_probe (v) VALUES ('inner')`);
      });
    });
    expect(await values()).toEqual(['inner', 'outer']);
  });
});
