import { accessSync, constants, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { databaseFaultOf, type DatabaseFault } from './database-faults.js';
import { SqliteReader, type RawReadConnection } from './sqlite-reader.js';
import { serializeSqliteTransactions } from './sqlite-serial.js';

/**
 * How long one SQLite statement may wait, synchronously, for a lock held by another process.
 * better-sqlite3 is synchronous: its busy timeout blocks the whole event loop (5 s by default),
 * so the app keeps it short and waits for the lock asynchronously (below) instead.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 20;

/**
 * Asynchronous waits between attempts to take the write lock: short at first (another instance's
 * transactions last milliseconds), at most 100 ms apart, about 3 s in all; then 503 DATABASE_LOCKED.
 */
export const LOCK_RETRY_DELAYS_MS: readonly number[] = [5, 10, 20, 40, 80, ...Array.from({ length: 22 }, () => 100)];

/** The raw better-sqlite3 connection (only what is used here). */
interface RawStatement {
  run(): unknown;
  get(): unknown;
  pluck(): RawStatement;
}
interface RawSqlite {
  exec(sql: string): unknown;
  pragma(sql: string, options?: { simple: boolean }): unknown;
  prepare(sql: string): RawStatement;
  close(): void;
  readonly inTransaction: boolean;
  readonly open: boolean;
}
interface SqliteDriver {
  databaseConnection: RawSqlite;
  /** The better-sqlite3 module TypeORM loaded. */
  sqlite: new (file: string, options: { timeout: number; readonly?: boolean }) => RawSqlite & RawReadConnection;
  createQueryRunner(mode: 'master'): QueryRunner;
}
interface SqliteQueryRunner extends QueryRunner {
  stmtCache?: Map<string, unknown>;
  resilient?: boolean;
}

const logger = new Logger('SqliteResilience');

const isLocked = (error: unknown): boolean => databaseFaultOf(error) === 'locked';

/** The files SQLite writes for this database. */
export const sqliteFiles = (file: string): string[] => [file, `${file}-wal`, `${file}-shm`];

/**
 * The database files (and their folder) that exist but cannot be written by this process. SQLite opens
 * such a file read-only without a word, and then creates its -wal/-shm files read-only too, which stay
 * so after the permissions come back: check before opening.
 */
export function unwritableSqliteFiles(file: string): string[] {
  if (file === ':memory:') return [];
  const folder = file.slice(0, Math.max(file.lastIndexOf('/'), 0)) || '/';
  return [folder, ...sqliteFiles(file)].filter((candidate) => {
    if (!existsSync(candidate)) return false;
    try {
      accessSync(candidate, constants.W_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Tries a write without writing: takes the write lock, sets the schema cookie `user_version` to its
 * own value, rolls back. Fails with SQLITE_BUSY when another process holds the lock, with
 * SQLITE_READONLY when the file cannot be written. Synchronous, so nothing else runs in between;
 * skipped (undefined) while one of the app's own transactions is open.
 */
export function probeSqliteWrite(connection: RawSqlite): DatabaseFault | undefined {
  if (!connection.open) return 'unreachable';
  if (connection.inTransaction) return undefined;
  try {
    const version = Number(prepared(connection, 'PRAGMA user_version').pluck().get());
    prepared(connection, 'BEGIN IMMEDIATE').run();
    try {
      prepared(connection, `PRAGMA user_version = ${version}`).run();
    } finally {
      prepared(connection, 'ROLLBACK').run();
    }
    return undefined;
  } catch (error) {
    return databaseFaultOf(error) ?? 'unreachable';
  }
}

/**
 * The write probe's statements, prepared once per connection (the health check runs the probe on
 * every request; preparing it each time was a tenth of the check's CPU time).
 */
const preparedProbes = new WeakMap<RawSqlite, Map<string, RawStatement>>();
function prepared(connection: RawSqlite, sql: string): RawStatement {
  let statements = preparedProbes.get(connection);
  if (!statements) preparedProbes.set(connection, (statements = new Map<string, RawStatement>()));
  let statement = statements.get(sql);
  if (!statement) {
    // Bounded: the user_version statement differs only when the schema's version changes.
    if (statements.size > 16) statements.clear();
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * Makes the app's SQLite connection wait for another process's lock without blocking the event loop:
 * a transaction starts only once the write lock is free (asynchronous retries with backoff, then
 * SQLITE_BUSY → 503 DATABASE_LOCKED), and takes the lock at once (`BEGIN IMMEDIATE`) so that it can
 * never fail half-way; a single statement outside a transaction is retried the same way.
 */
export function installSqliteResilience(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as SqliteDriver;
  const runner = driver.createQueryRunner('master') as SqliteQueryRunner;
  if (runner.resilient === true) return;
  runner.resilient = true;

  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    const statement = sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql;
    // Outside a transaction a statement that found the lock taken did nothing: safe to try again.
    // (The raw connection knows; TypeORM's flag stays set after a BEGIN that failed.) A BEGIN has
    // already waited for the lock in startTransaction.
    const retry = statement === sql && !driver.databaseConnection.inTransaction;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await query(statement, ...rest);
      } catch (error) {
        if (!retry || !isLocked(error) || attempt >= LOCK_RETRY_DELAYS_MS.length) {
          if (databaseFaultOf(error) === 'read-only') setImmediate(() => reopenSqliteIfWritable(dataSource));
          throw error;
        }
        await sleep(LOCK_RETRY_DELAYS_MS[attempt]);
      }
    }
  }) as QueryRunner['query'];

  const startTransaction = runner.startTransaction.bind(runner);
  runner.startTransaction = async (isolationLevel) => {
    if (!driver.databaseConnection.inTransaction) await waitForWriteLock(driver);
    return startTransaction(isolationLevel);
  };

  // One read-write connection: requests' transactions must not interleave on it (see sqlite-serial.ts);
  // reads from other requests meanwhile go to a read-only second connection (WAL: committed state).
  const file = String(dataSource.options.database);
  const wal = (dataSource.options as { enableWAL?: boolean }).enableWAL === true;
  const reader =
    file === ':memory:' || !wal
      ? undefined
      : new SqliteReader(file, (path) => {
          const connection = new driver.sqlite(path, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
          connection.pragma('query_only = ON');
          return connection;
        });
  if (reader !== undefined) {
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      reader.close();
      return destroy();
    };
  }
  serializeSqliteTransactions(dataSource, runner, () => driver.databaseConnection.inTransaction, reader);
}

/** Waits (asynchronously) until the write lock is free; gives up after LOCK_RETRY_DELAYS_MS. */
async function waitForWriteLock(driver: SqliteDriver): Promise<void> {
  for (let attempt = 0; attempt < LOCK_RETRY_DELAYS_MS.length; attempt += 1) {
    const connection = driver.databaseConnection;
    if (connection.inTransaction) return;
    try {
      connection.exec('BEGIN IMMEDIATE');
      connection.exec('ROLLBACK');
      return;
    } catch (error) {
      if (!isLocked(error)) return; // any other fault shows itself on the real statement
      await sleep(LOCK_RETRY_DELAYS_MS[attempt]);
    }
  }
  // Lock still held: the transaction's BEGIN then fails with SQLITE_BUSY (503 DATABASE_LOCKED).
}

/**
 * Heals a connection that failed with SQLITE_READONLY/CANTOPEN once the files are writable again:
 * SQLite keeps a connection read-only for its lifetime, so close it and open a new one, between
 * transactions only. Synchronous (like better-sqlite3), so no request runs on a half-swapped
 * connection. Returns whether the connection was reopened.
 */
export function reopenSqliteIfWritable(dataSource: DataSource): boolean {
  const driver = dataSource.driver as unknown as SqliteDriver;
  const file = String(dataSource.options.database);
  if (!dataSource.isInitialized || file === ':memory:') return false;
  if (driver.databaseConnection.inTransaction || unwritableSqliteFiles(file).length > 0) return false;
  try {
    const options = dataSource.options as { timeout?: number; enableWAL?: boolean };
    const fresh = new driver.sqlite(file, { timeout: options.timeout ?? SQLITE_BUSY_TIMEOUT_MS });
    fresh.pragma('foreign_keys = ON');
    if (options.enableWAL === true) fresh.pragma('journal_mode = WAL');
    const old = driver.databaseConnection;
    driver.databaseConnection = fresh;
    (driver.createQueryRunner('master') as SqliteQueryRunner).stmtCache?.clear();
    try {
      old.close();
    } catch {
      // the old connection is of no use any more
    }
    logger.log('Đã mở lại kết nối SQLite sau lỗi ghi.');
    return true;
  } catch (error) {
    logger.warn(`Chưa mở lại được SQLite: ${String(error)}`);
    return false;
  }
}
