import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import type { SqliteReader } from './sqlite-reader.js';

/**
 * On SQLite the app has one connection: TypeORM's better-sqlite3 driver gives every caller the same
 * query runner. Without this, a second request's transaction started while a first one is open
 * becomes a savepoint inside it: the first one's rollback silently undoes the second's "committed"
 * work, and other requests read rows that are not committed yet.
 *
 * So transactions of different requests run one after the other (FIFO), without blocking the event
 * loop; a transaction opened inside a transaction of the same request (same async context) still
 * nests as before; and a query outside any transaction, while another request's transaction is open
 * on the connection, goes to the read-only second connection when it is a plain read (the file's
 * committed state, without waiting: see sqlite-reader.ts), and otherwise waits for that transaction
 * to end (a transaction still waiting for another process's lock has not begun: queries go on
 * meanwhile). PostgreSQL needs none of this (a connection per transaction).
 */
const owner = new AsyncLocalStorage<true>();

interface SerialRunner extends QueryRunner {
  serialized?: boolean;
}

export function serializeSqliteTransactions(
  dataSource: DataSource,
  runner: SerialRunner,
  inTransaction: () => boolean,
  reader?: SqliteReader,
): void {
  if (runner.serialized === true) return;
  runner.serialized = true;

  let tail: Promise<unknown> = Promise.resolve();
  let held = false;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(async () => {
      held = true;
      try {
        return await owner.run(true, work);
      } finally {
        held = false;
      }
    });
    tail = run.catch(() => undefined);
    return run;
  };

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (...args: unknown[]) =>
    owner.getStore() === true ? transaction(...args) : exclusive(() => transaction(...args));

  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    if (owner.getStore() === true || !(held && inTransaction())) return query(...args);
    const [sql, parameters, structured] = args as [string, unknown[] | undefined, boolean | undefined];
    const read = reader?.read(sql, parameters, structured);
    if (read !== undefined) return read;
    return exclusive(() => query(...args));
  }) as QueryRunner['query'];
}
