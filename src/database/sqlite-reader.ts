import { Logger } from '@nestjs/common';
import { QueryFailedError, QueryResult } from 'typeorm';
import { databaseFaultOf } from './database-faults.js';

/** What is used of a better-sqlite3 prepared statement. */
interface RawStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(...parameters: unknown[]): unknown[];
}

/** What is used of a better-sqlite3 connection. */
export interface RawReadConnection {
  prepare(sql: string): RawStatement;
  pragma(sql: string): unknown;
  close(): void;
  readonly open: boolean;
}

export type OpenReadConnection = (file: string) => RawReadConnection;

/** Statements kept prepared; beyond this the cache starts again (the app has a few hundred distinct queries). */
const MAX_STATEMENTS = 1000;

const SELECT = /^\s*(select|with)\b/i;

const logger = new Logger('SqliteReader');

/**
 * A second, read-only connection to the SQLite file, for reads that arrive while another request's
 * transaction holds the app's one read-write connection (see sqlite-serial.ts). In WAL mode it reads
 * the last committed state without waiting for the writer: a long import no longer keeps /api/health
 * and every page waiting until it commits. It reads exactly what a query outside a transaction may
 * see (committed rows), as a second PostgreSQL connection would.
 *
 * Only plain SELECT/WITH statements that SQLite itself calls read-only go here; anything else, or any
 * error other than a SQL error in the statement itself, answers undefined: the caller then waits for
 * the read-write connection as before.
 */
export class SqliteReader {
  private connection: RawReadConnection | undefined;
  private readonly statements = new Map<string, RawStatement>();
  private failed = false;

  constructor(
    private readonly file: string,
    private readonly open: OpenReadConnection,
  ) {}

  /**
   * Runs a read on the read-only connection: TypeORM's answer (rows, or a QueryResult when
   * `structured`), or undefined when this statement must go to the read-write connection.
   */
  read(sql: string, parameters: readonly unknown[] = [], structured = false): unknown {
    if (this.failed || !SELECT.test(sql)) return undefined;
    const statement = this.statement(sql);
    if (statement === undefined || !statement.reader || !statement.readonly) return undefined;
    // better-sqlite3 cannot bind booleans (TypeORM turns them into 0/1 the same way).
    const values = parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
    let rows: unknown[];
    try {
      rows = statement.all(...values);
    } catch (error) {
      if (databaseFaultOf(error) !== undefined) return undefined; // locked, unreadable…: the usual way
      throw new QueryFailedError(sql, values, error as Error);
    }
    if (!structured) return rows;
    const result = new QueryResult();
    result.raw = rows;
    result.records = rows;
    return result;
  }

  close(): void {
    this.statements.clear();
    const connection = this.connection;
    this.connection = undefined;
    try {
      connection?.close();
    } catch {
      // nothing left to release
    }
  }

  private statement(sql: string): RawStatement | undefined {
    const cached = this.statements.get(sql);
    if (cached !== undefined) return cached;
    const connection = this.connect();
    if (connection === undefined) return undefined;
    let statement: RawStatement;
    try {
      statement = connection.prepare(sql);
    } catch {
      return undefined; // e.g. a table created since this connection read the schema: the usual way
    }
    if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
    this.statements.set(sql, statement);
    return statement;
  }

  private connect(): RawReadConnection | undefined {
    if (this.connection?.open === true) return this.connection;
    try {
      this.connection = this.open(this.file);
      return this.connection;
    } catch (error) {
      // Reads then wait for the read-write connection, as they did before this existed.
      this.failed = true;
      logger.warn(`Không mở được kết nối đọc thứ hai tới SQLite; các lệnh đọc sẽ chờ lượt: ${String(error)}`);
      return undefined;
    }
  }
}
