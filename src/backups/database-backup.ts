import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../database/data-source.js';
import { backupFileName, compareMigrations, type BackupKind } from './backup-files.js';

/** The few better-sqlite3 methods used here (the package ships no types). */
export interface SqliteConnection {
  backup(
    file: string,
    options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number },
  ): Promise<unknown>;
  prepare(sql: string): { all(): unknown[]; pluck(): { all(): unknown[] } };
  pragma(sql: string, options?: { simple: boolean }): unknown;
  close(): void;
}
type SqliteOpen = new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => SqliteConnection;
const Sqlite = createRequire(import.meta.url)('better-sqlite3') as SqliteOpen;

export type BackupErrorCode =
  'NOT_A_BACKUP' | 'DAMAGED' | 'NEWER_SCHEMA' | 'WRONG_DATABASE' | 'TOOL_MISSING' | 'IN_USE';

/** A backup or restore that cannot be done; the message says why and what to do. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Tables every backup of this app holds (from its first migration on), besides `migrations`. */
const REQUIRED_TABLES = ['unit', 'cluster', 'cluster_year'];
const KNOWN_MIGRATIONS = MIGRATIONS.map((migration) => migration.name);

export interface BackupInfo {
  readonly kind: BackupKind;
  /** The migrations the backup's schema has, in order. */
  readonly migrations: readonly string[];
  /** This build's migrations the backup lacks: run after restoring. */
  readonly pending: readonly string[];
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly milliseconds: number;
}

export const kindOf = (database: DatabaseConfig): BackupKind => (database.type === 'postgres' ? 'postgres' : 'sqlite');

/**
 * Backs the database up into `file` (written as `file.partial`, renamed when complete, so that a
 * backup cut short never looks like a whole one).
 *
 * SQLite: the online backup API, consistent while the app runs. Given the app's own connection, it
 * copies 100 pages per step and yields between steps (writes of that connection go on); from
 * another process it copies in one step, a read transaction that WAL lets writers work beside.
 * PostgreSQL: `pg_dump --format=custom` as a child process.
 */
export async function backupDatabase(
  database: DatabaseConfig,
  file: string,
  connection?: SqliteConnection,
): Promise<BackupResult> {
  const started = performance.now();
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  try {
    if (database.type === 'postgres') {
      await run(
        await tool('pg_dump'),
        ['--format=custom', '--no-owner', '--no-privileges', '--file', partial],
        database.url,
      );
    } else {
      if (database.path === ':memory:')
        throw new BackupError('WRONG_DATABASE', 'Cơ sở dữ liệu trong bộ nhớ: không có gì để sao lưu.');
      await backupSqlite(database.path, partial, connection);
    }
    await rename(partial, file);
    await writeFile(checksumFile(file), `${await sha256Of(file)}  ${path.basename(file)}\n`);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { file, bytes: (await stat(file)).size, milliseconds: Math.round(performance.now() - started) };
}

async function backupSqlite(source: string, file: string, connection?: SqliteConnection): Promise<void> {
  const own = connection === undefined;
  if (own && !(await exists(source))) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `Không có cơ sở dữ liệu SQLite ở ${source} (SQLITE_PATH): không có gì để sao lưu.`,
    );
  }
  const db = connection ?? new Sqlite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(file, { progress: () => (own ? 0x7fffffff : 100) });
  } finally {
    if (own) db.close();
  }
  // The copy is one self-contained file (no -wal beside it), whatever the journal of the source.
  const copy = new Sqlite(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** The SHA-256 written beside each backup (`sha256sum -c` reads it too). */
export const checksumFile = (file: string): string => `${file}.sha256`;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A backup whose bytes changed since it was made (a bad disk, a partial copy) is refused: SQLite has
 * no checksums of its own and would restore a flipped byte in a row as data. Backups copied without
 * their .sha256 file are still accepted (then only SQLite's integrity check stands).
 */
async function verifyChecksum(file: string): Promise<void> {
  let expected: string;
  try {
    expected = (await readFile(checksumFile(file), 'utf8')).trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  } catch {
    return;
  }
  if ((await sha256Of(file)) === expected) return;
  throw new BackupError(
    'DAMAGED',
    `Tệp "${file}" đã thay đổi hoặc hỏng sau khi sao lưu (mã SHA-256 không khớp với tệp ${path.basename(checksumFile(file))} đi kèm); ` +
      'không khôi phục. Hãy dùng một bản sao lưu khác (trong BACKUP_DIR có các bản theo ngày).',
  );
}

/** Checks that `file` is a backup of this app that this build can restore; throws BackupError if not. */
export async function inspectBackup(file: string): Promise<BackupInfo> {
  const magic = Buffer.alloc(16);
  const handle = await open(file, 'r').catch(() => {
    throw new BackupError('NOT_A_BACKUP', `Không đọc được tệp "${file}": kiểm tra đường dẫn và quyền đọc.`);
  });
  try {
    await handle.read(magic, 0, 16, 0);
  } finally {
    await handle.close();
  }
  await verifyChecksum(file);
  let kind: BackupKind;
  let tables: string[];
  let migrations: string[];
  if (magic.toString('latin1') === 'SQLite format 3\0') {
    kind = 'sqlite';
    const db = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      // A damaged copy (a bad disk, a partial transfer) would be restored as it is, without a word.
      let verdict: unknown;
      try {
        verdict = db.pragma('integrity_check', { simple: true });
      } catch (error) {
        verdict = error instanceof Error ? error.message : String(error);
      }
      if (verdict !== 'ok') {
        throw new BackupError(
          'DAMAGED',
          `Tệp "${file}" là bản sao lưu SQLite nhưng đã hỏng (${String(verdict).split('\n')[0]}); không khôi phục. ` +
            'Hãy dùng một bản sao lưu khác (trong BACKUP_DIR có các bản theo ngày).',
        );
      }
      tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      migrations = tables.includes('migrations')
        ? (db.prepare('SELECT name FROM migrations ORDER BY timestamp, id').pluck().all() as string[])
        : [];
    } finally {
      db.close();
    }
  } else if (magic.subarray(0, 5).toString('latin1') === 'PGDMP') {
    kind = 'postgres';
    const list = await run(await tool('pg_restore'), ['--list', file]);
    tables = [...list.matchAll(/^\d+; \d+ \d+ TABLE (?:\S+) (\S+) /gm)].map((match) => match[1] ?? '');
    migrations = tables.includes('migrations')
      ? copyRows(await run(await tool('pg_restore'), ['--data-only', '--table=migrations', '--file=-', file])).map(
          (row) => row[2] ?? '',
        )
      : [];
  } else {
    throw new BackupError(
      'NOT_A_BACKUP',
      `"${path.basename(file)}" không phải bản sao lưu của Thi đua (không phải tệp SQLite hay bản pg_dump dạng custom).`,
    );
  }
  const missing = ['migrations', ...REQUIRED_TABLES].filter((table) => !tables.includes(table));
  if (missing.length > 0 || migrations.length === 0) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `"${path.basename(file)}" không phải bản sao lưu của Thi đua: thiếu bảng ${missing.join(', ') || 'migrations (trống)'}.`,
    );
  }
  const { unknown, pending } = compareMigrations(migrations, KNOWN_MIGRATIONS);
  if (unknown.length > 0) {
    throw new BackupError(
      'NEWER_SCHEMA',
      `"${path.basename(file)}" được tạo bởi phiên bản Thi đua mới hơn (có migration ${unknown.join(', ')} mà bản này chưa biết). ` +
        'Cập nhật ứng dụng lên phiên bản đó hoặc mới hơn rồi khôi phục lại.',
    );
  }
  return { kind, migrations, pending };
}

/** The rows of the one COPY … FROM stdin block of a plain SQL dump, as fields. */
function copyRows(sql: string): string[][] {
  const rows: string[][] = [];
  let inside = false;
  for (const line of sql.split('\n')) {
    if (line.startsWith('COPY ')) inside = true;
    else if (line === '\\.') inside = false;
    else if (inside) rows.push(line.split('\t'));
  }
  return rows;
}

export interface RestoreResult {
  /** The copy of what the database held before, made first (null: it held nothing). */
  readonly safetyCopy: string | null;
  /** Migrations run after restoring an older backup. */
  readonly migrated: readonly string[];
  readonly milliseconds: number;
}

/**
 * Replaces the database with the backup `file` (checked first by `inspectBackup`), after making a
 * safety copy of the current database in `safetyDir`, then runs the migrations an older backup lacks.
 * The app must be stopped: on SQLite a database still open elsewhere is refused.
 */
export async function restoreDatabase(
  database: DatabaseConfig,
  file: string,
  safetyDir: string,
): Promise<RestoreResult> {
  const started = performance.now();
  const info = await inspectBackup(file);
  const kind = kindOf(database);
  if (info.kind !== kind) {
    throw new BackupError(
      'WRONG_DATABASE',
      `Bản sao lưu là của ${info.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} nhưng cơ sở dữ liệu đang cấu hình là ` +
        `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: đặt DATABASE_URL hoặc SQLITE_PATH cho đúng loại.`,
    );
  }
  let safetyCopy: string | null = null;
  if (database.type === 'sqlite') {
    if (database.path === ':memory:')
      throw new BackupError('WRONG_DATABASE', 'Không khôi phục vào cơ sở dữ liệu trong bộ nhớ.');
    const target = database.path;
    if (await exists(target)) {
      assertNotInUse(target);
      safetyCopy = path.join(safetyDir, backupFileName(new Date(), 'sqlite', 'truoc-khoi-phuc'));
      await backupDatabase(database, safetyCopy);
    }
    await mkdir(path.dirname(target), { recursive: true });
    const restoring = `${target}.restoring`;
    await rm(restoring, { force: true });
    const source = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(restoring, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const migrated = await migrate({ type: 'sqlite', path: restoring });
    const copy = new Sqlite(restoring);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true });
    await rename(restoring, target);
    return { safetyCopy, migrated, milliseconds: Math.round(performance.now() - started) };
  }
  const pgRestore = await tool('pg_restore');
  const admin = new DataSource({ type: 'postgres', url: database.url });
  await admin.initialize();
  try {
    const [{ others }] = await admin.query<[{ others: number }]>(
      `SELECT count(*)::int AS others FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    if (others > 0) {
      throw new BackupError(
        'IN_USE',
        `Cơ sở dữ liệu PostgreSQL đang có ${others} kết nối khác (ứng dụng đang chạy?): dừng ứng dụng rồi khôi phục lại.`,
      );
    }
    safetyCopy = path.join(safetyDir, backupFileName(new Date(), 'postgres', 'truoc-khoi-phuc'));
    await backupDatabase(database, safetyCopy);
    // The data now is set aside (renamed), not dropped, until the backup is in: a restore that
    // fails half-way puts it back as it was.
    await admin.query(`DROP SCHEMA IF EXISTS ${SET_ASIDE_SCHEMA} CASCADE`);
    await admin.query(`ALTER SCHEMA public RENAME TO ${SET_ASIDE_SCHEMA}`);
    await admin.query('CREATE SCHEMA public');
    try {
      await run(
        pgRestore,
        ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', file],
        database.url,
      );
    } catch (error) {
      await admin.query('DROP SCHEMA public CASCADE');
      await admin.query(`ALTER SCHEMA ${SET_ASIDE_SCHEMA} RENAME TO public`);
      throw new Error(
        `Khôi phục thất bại: ${error instanceof Error ? error.message : String(error)}. ` +
          `Dữ liệu trước đó vẫn giữ nguyên (bản sao an toàn: ${safetyCopy}).`,
      );
    }
    await admin.query(`DROP SCHEMA ${SET_ASIDE_SCHEMA} CASCADE`);
  } finally {
    await admin.destroy();
  }
  const migrated = await migrate(database);
  return { safetyCopy, migrated, milliseconds: Math.round(performance.now() - started) };
}

/** Where a PostgreSQL restore keeps the data it replaces until the backup is in. */
const SET_ASIDE_SCHEMA = 'thidua_truoc_khoi_phuc';

/** Runs this build's pending migrations on a database; returns their names. */
async function migrate(database: DatabaseConfig): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    return (await runMigrations(dataSource)).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Refuses a SQLite file that another process (the app) has open: leaving WAL mode needs the only
 * connection, so it fails (SQLITE_BUSY) or stays "wal" while anyone else reads or writes.
 */
function assertNotInUse(file: string): void {
  const db = new Sqlite(file, { timeout: 0 });
  let mode: unknown;
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true });
  } catch {
    mode = 'busy';
  } finally {
    db.close();
  }
  if (mode !== 'delete') {
    throw new BackupError(
      'IN_USE',
      `Cơ sở dữ liệu ${file} đang được mở bởi tiến trình khác (ứng dụng đang chạy?): dừng ứng dụng rồi khôi phục lại.`,
    );
  }
}

const exists = (file: string): Promise<boolean> =>
  access(file, constants.F_OK).then(
    () => true,
    () => false,
  );

/** The path of a PostgreSQL client program, or a BackupError saying how to get it or what to run instead. */
async function tool(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new BackupError(
    'TOOL_MISSING',
    `Không tìm thấy ${name} trên PATH. Cài gói postgresql-client (cùng phiên bản chính với máy chủ, ví dụ ` +
      '"apt-get install postgresql-client-15") hoặc chạy tương đương ở máy có nó: ' +
      (name === 'pg_dump'
        ? '"pg_dump --format=custom --no-owner --no-privileges --dbname=$DATABASE_URL --file=thidua.dump".'
        : '"pg_restore --no-owner --no-privileges --single-transaction --dbname=$DATABASE_URL thidua.dump" trên một schema public trống, rồi "npm run migration:run".'),
  );
}

/**
 * Runs a PostgreSQL client program; with a URL, connects with it (the password goes through
 * PGPASSWORD, not the command line that `ps` shows). Resolves with its standard output.
 */
function run(program: string, args: readonly string[], url?: string): Promise<string> {
  const env = { ...process.env };
  const connection: string[] = [];
  if (url !== undefined) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
    connection.push(`--dbname=${parsed.toString()}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...connection, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(`${path.basename(program)} thoát với mã ${code}: ${Buffer.concat(err).toString('utf8').trim()}`),
        );
    });
  });
}
