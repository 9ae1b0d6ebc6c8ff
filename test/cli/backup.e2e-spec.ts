/**
 * seed:demo refuses real data, backup and restore, as an operator runs them: `node dist/cli.js …`
 * on a temporary SQLite file, without a terminal (so every confirmation needs --yes).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROOT as root, runCli, type CliRun } from '../factories/cli.factory.js';

interface Db {
  prepare(sql: string): { all(...args: unknown[]): Record<string, unknown>[]; run(...args: unknown[]): unknown };
  exec(sql: string): void;
  close(): void;
}
const Sqlite = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options?: object) => Db;

let dir: string;

function cli(sqlite: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  return runCli(args, { cwd: dir, sqlite, env: { BACKUP_DIR: path.join(dir, 'sao-luu'), ...env } });
}

/** Every table's rows, sorted, as JSON: what a restore must give back exactly. */
function dump(file: string): Record<string, unknown[]> {
  const db = new Sqlite(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all()
      .map((row) => String(row.name));
    return Object.fromEntries(
      tables.map((table) => [
        table,
        db
          .prepare(`SELECT * FROM "${table}"`)
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

const usernames = (file: string): string[] =>
  (dump(file).user_account ?? []).map((row) => JSON.parse(String(row)).username as string).sort();

function withDb<T>(file: string, work: (db: Db) => T): T {
  const db = new Sqlite(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const addUser = (sqlite: string, username: string): void => {
  const run = cli(sqlite, ['user:create', '--role', 'admin', '--username', username], {
    THIDUA_PASSWORD: 'mat-khau-that-dai-1',
  });
  expect(run.status).toBe(0);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-backup-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('seed:demo does not wipe real data', () => {
  let db: string;
  beforeAll(() => {
    db = path.join(dir, 'seed.sqlite');
  });

  it('seeds an empty database and reseeds a database holding only the demo', () => {
    expect(cli(db, ['seed:demo']).status).toBe(0);
    const run = cli(db, ['seed:demo']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Đã nạp lại dữ liệu minh họa.');
  }, 60_000);

  it('refuses (exit 1) when there is an account the demo did not make, and changes nothing', () => {
    addUser(db, 'ke.toan');
    const before = dump(db);
    const run = cli(db, ['seed:demo']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cơ sở dữ liệu có dữ liệu thật (1 tài khoản không thuộc dữ liệu minh họa');
    expect(run.stderr).toContain('seed:demo --force');
    expect(dump(db)).toEqual(before);
  }, 60_000);

  it('refuses a change written by a user through the API (an audit entry with a user)', () => {
    const other = path.join(dir, 'seed-edited.sqlite');
    expect(cli(other, ['seed:demo']).status).toBe(0);
    withDb(other, (sqlite) =>
      sqlite
        .prepare(
          `INSERT INTO audit_entry (at, user_id, username, action, entity_type, entity_id) VALUES (datetime('now'), 1, 'admin', 'update', 'unit', '1')`,
        )
        .run(),
    );
    const run = cli(other, ['seed:demo']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('1 thay đổi trong nhật ký do người dùng hoặc lệnh nhập ghi');
  }, 60_000);

  it('--force without a terminal and without --yes is refused (exit 2), nothing changed', () => {
    const before = dump(db);
    const run = cli(db, ['seed:demo', '--force']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Không có terminal để xác nhận: thêm --yes nếu chắc chắn.');
    expect(dump(db)).toEqual(before);
  }, 60_000);

  it('--force --yes backs the real data up first, then reseeds', () => {
    const run = cli(db, ['seed:demo', '--force', '--yes']);
    expect(run.status).toBe(0);
    const saved = /Đã sao lưu dữ liệu cũ vào (\S+)\./.exec(run.stdout)?.[1] ?? '';
    expect(path.basename(saved)).toMatch(/^thidua-truoc-seed-demo-\d{8}-\d{6}Z\.sqlite$/);
    expect(usernames(saved)).toContain('ke.toan');
    expect(usernames(db)).not.toContain('ke.toan');
  }, 60_000);

  it('--force on a terminal asks to type XOA: another answer changes nothing, XOA reseeds', () => {
    addUser(db, 'ke.toan.hai');
    // `script` (util-linux) runs the command on a pseudo-terminal, as an operator would.
    const onTerminal = (answer: string) =>
      spawnSync(
        'script',
        ['-qec', `${process.execPath} ${path.join(root, 'dist/cli.js')} seed:demo --force`, '/dev/null'],
        {
          cwd: dir,
          encoding: 'utf8',
          input: `${answer}\n`,
          env: {
            PATH: process.env.PATH ?? '',
            TZ: 'UTC',
            SQLITE_PATH: db,
            BACKUP_DIR: path.join(dir, 'sao-luu'),
            REPORT_TEMPLATES_DIR: path.join(root, 'templates/reports'),
          },
          timeout: 60_000,
        },
      );
    const refused = onTerminal('khong');
    expect(refused.stdout).toContain('Gõ XOA để tiếp tục:');
    expect(refused.stdout).toContain('Không xác nhận: không làm gì.');
    expect(usernames(db)).toContain('ke.toan.hai');
    const confirmed = onTerminal('XOA');
    expect(confirmed.status).toBe(0);
    expect(confirmed.stdout).toContain('Đã nạp lại dữ liệu minh họa.');
    expect(usernames(db)).not.toContain('ke.toan.hai');
  }, 60_000);

  it('never in production', () => {
    const run = cli(db, ['seed:demo', '--force', '--yes'], { NODE_ENV: 'production' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('NODE_ENV=production');
  });
});

describe('backup and restore', () => {
  let db: string;
  let backup: string;
  let atBackup: Record<string, unknown[]>;

  beforeAll(() => {
    db = path.join(dir, 'app.sqlite');
    backup = path.join(dir, 'ban-sao.sqlite');
    expect(cli(db, ['seed:demo']).status).toBe(0);
    addUser(db, 'thu.ky');
  }, 120_000);

  it('backup --out writes a self-contained copy of every table', () => {
    const run = cli(db, ['backup', '--out', backup]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Đã sao lưu vào .+ban-sao\.sqlite \(\d+\.\d\d MB, \d+ ms\)\.\n$/);
    atBackup = dump(db);
    expect(dump(backup)).toEqual(atBackup);
    expect(existsSync(`${backup}-wal`)).toBe(false);
  }, 60_000);

  it('backup without --out goes to BACKUP_DIR under a name that sorts by date', () => {
    const run = cli(db, ['backup']);
    expect(run.status).toBe(0);
    expect(readdirSync(path.join(dir, 'sao-luu')).some((name) => /^thidua-\d{8}-\d{6}Z\.sqlite$/.test(name))).toBe(
      true,
    );
  }, 60_000);

  it('restore without --yes (no terminal) is refused and changes nothing', () => {
    addUser(db, 'sau.sao.luu');
    const before = dump(db);
    const run = cli(db, ['restore', backup]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Sẽ THAY toàn bộ dữ liệu của SQLite');
    expect(dump(db)).toEqual(before);
  }, 60_000);

  it('a backup whose bytes changed since (its .sha256 beside it) is refused, nothing changed', () => {
    expect(readFileSync(`${backup}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}ban-sao\.sqlite\n$/);
    const damaged = path.join(dir, 'hong.sqlite');
    const bytes = readFileSync(backup);
    const at = Math.floor(bytes.length * 0.8);
    for (let i = at; i < at + 40; i += 1) bytes[i] ^= 0x5a;
    writeFileSync(damaged, bytes);
    copyFileSync(`${backup}.sha256`, `${damaged}.sha256`);
    const before = dump(db);
    const run = cli(db, ['restore', damaged, '--yes']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('đã thay đổi hoặc hỏng sau khi sao lưu (mã SHA-256 không khớp');
    expect(dump(db)).toEqual(before);
  }, 60_000);

  it('restore --yes gives back every table as it was at the backup, after a safety copy of the current data', () => {
    const run = cli(db, ['restore', backup, '--yes']);
    expect(run.status).toBe(0);
    const safety = /sao lưu vào (\S+)\./.exec(run.stdout)?.[1] ?? '';
    expect(path.basename(safety)).toMatch(/^thidua-truoc-khoi-phuc-\d{8}-\d{6}Z\.sqlite$/);
    expect(usernames(safety)).toContain('sau.sao.luu');
    expect(dump(db)).toEqual(atBackup);
  }, 60_000);

  it.each([
    [
      'a text file',
      (file: string) => writeFileSync(file, 'không phải cơ sở dữ liệu'),
      'không phải bản sao lưu của Thi đua (không phải tệp SQLite',
    ],
    [
      'another SQLite database',
      (file: string) => withDb(file, (sqlite) => sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')),
      'không phải bản sao lưu của Thi đua: thiếu bảng migrations, unit, cluster, cluster_year',
    ],
    [
      'a backup from a newer version',
      (file: string) => {
        copyFileSync(backup, file);
        withDb(file, (sqlite) =>
          sqlite
            .prepare(`INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'Future1999999999999')`)
            .run(),
        );
      },
      'được tạo bởi phiên bản Thi đua mới hơn (có migration Future1999999999999',
    ],
    ['a missing file', () => undefined, 'Không đọc được tệp'],
  ])(
    'refuses %s (exit 1) and changes nothing',
    (_what, make, message) => {
      const file = path.join(dir, `hong-${Math.random().toString(36).slice(2)}.sqlite`);
      make(file);
      const before = dump(db);
      const run = cli(db, ['restore', file, '--yes']);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(dump(db)).toEqual(before);
    },
    60_000,
  );

  it('an older backup is restored, then migrated to this version', () => {
    const older = path.join(dir, 'cu.sqlite');
    copyFileSync(backup, older);
    withDb(older, (sqlite) => {
      sqlite.exec('DROP TABLE organizer_settings');
      sqlite.prepare(`DELETE FROM migrations WHERE name = 'OrganizerSettings1764374400000'`).run();
    });
    const run = cli(db, ['restore', older, '--yes']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Đã chạy migration: OrganizerSettings1764374400000.');
    const { migrations, organizer_settings: settings, ...data } = dump(db);
    const { migrations: backedUpMigrations, organizer_settings: _settings, ...backedUpData } = atBackup;
    expect(data).toEqual(backedUpData);
    expect(migrations).toHaveLength(backedUpMigrations?.length ?? 0);
    expect(settings).toHaveLength(1);
  }, 60_000);
});
