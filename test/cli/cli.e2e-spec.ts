/**
 * The command-line tool as a user runs it: `node dist/cli.js …` (built first when the sources
 * changed, by the same launcher `npm run cli` uses) on a temporary SQLite file. Exit codes, the
 * lines printed, and never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { runCli, type CliRun } from '../factories/cli.factory.js';
import { readDocx } from '../factories/docx-report.factory.js';

let dir: string;
let sqlite: string;

function cli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  return runCli(args, { cwd: dir, sqlite, env });
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');
const STACK_LINE = /^\s+at /m;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-cli-'));
  sqlite = path.join(dir, 'cli.sqlite');
  writeFileSync(path.join(dir, 'a-file'), '');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('help', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('%j prints the usage on stdout and exits 0', (args) => {
    const run = cli(args);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Cách dùng: npm run cli -- <lệnh> [tùy chọn]');
    expect(run.stdout).toContain('report --cluster MÃ --year NĂM --out TỆP.xlsx');
    expect(run.stderr).toBe('');
  });

  it.each([[['report', '--help']], [['report', '-h']], [['help', 'report']]])(
    '%j prints that command’s usage and exits 0',
    (args) => {
      const run = cli(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('report --cluster MÃ --year NĂM --out TỆP.xlsx');
      expect(run.stdout).not.toContain('user:create');
      expect(run.stderr).toBe('');
    },
  );
});

describe('mistakes are told in one line, exit 2', () => {
  it.each([
    [['foo'], 'thidua: không có lệnh "foo". Xem: npm run cli -- help'],
    [['help', 'foo'], 'thidua: không có lệnh "foo". Xem: npm run cli -- help'],
    [['report', '--bogus'], 'thidua: lệnh "report" không có tùy chọn "--bogus". Xem: npm run cli -- report --help'],
    [['report', '--dry-run'], 'thidua: lệnh "report" không có tùy chọn "--dry-run". Xem: npm run cli -- report --help'],
    [['report', '--year'], 'thidua: tùy chọn "--year" cần một giá trị. Xem: npm run cli -- report --help'],
    [['import', '--dry-run=yes'], 'thidua: tùy chọn "--dry-run" không nhận giá trị. Xem: npm run cli -- import --help'],
    [['overview', 'extra'], 'thidua: lệnh "overview" không nhận đối số "extra". Xem: npm run cli -- overview --help'],
    [['report', '--cluster', 'CUM5', '--year', '2021'], 'thidua: Cần --cluster MÃ, --year NĂM và --out TỆP.xlsx.'],
  ])('%j', (args, line) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([line]);
    expect(run.stdout).toBe('');
  });

  it.each([
    [
      ['report', '--cluster', 'CUM5', '--year', '2021', '--out', 'bao-cao.csv'],
      '--out phải là tệp .xlsx, .docx hoặc .pdf (đang là "bao-cao.csv").',
    ],
    [
      ['report', '--cluster', 'CUM5', '--year', '2021', '--out', 'b.docx', '--number', '1a'],
      '--number chỉ gồm chữ số, ví dụ 12.',
    ],
    [
      ['report', '--cluster', 'CUM5', '--year', '2021', '--out', 'b.docx', '--date', '2021-02-30'],
      '--date phải là ngày có thật dạng YYYY-MM-DD.',
    ],
  ])('%j is refused before any work', (args, message) => {
    const run = cli(args, { SQLITE_PATH: path.join(dir, 'untouched.sqlite') });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([`thidua: ${message}`]);
    expect(existsSync(path.join(dir, 'untouched.sqlite'))).toBe(false);
  });

  it.each([
    [['overview', '--year', '2021', '--out', 'tong-hop.xlsx.txt'], 'tong-hop.xlsx.txt'],
    [['overview', '--year', '2021', '--out', 'tong-hop'], 'tong-hop'],
  ])('%j: --out that is not .xlsx is refused before any work', (args, out) => {
    const run = cli(args, { SQLITE_PATH: path.join(dir, 'untouched.sqlite') });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([`thidua: --out phải là tệp .xlsx (đang là "${out}").`]);
    expect(existsSync(path.join(dir, out))).toBe(false);
    expect(existsSync(path.join(dir, 'untouched.sqlite'))).toBe(false);
  });
});

describe('errors: one line, no stack trace', () => {
  it('an error from below (the database file cannot be made) is one line, exit 1', () => {
    const run = cli(['migration:run'], { SQLITE_PATH: path.join(dir, 'a-file', 'db.sqlite') });
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^thidua: .+\(THIDUA_DEBUG=1 để xem chi tiết\)\n$/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('a database that cannot be reached is one line, exit 1', () => {
    const run = cli(['report', '--cluster', 'CUM5', '--year', '2021', '--out', 'r.xlsx'], {
      DATABASE_URL: 'postgres://thidua@127.0.0.1:1/none',
    });
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual(['thidua: connect ECONNREFUSED 127.0.0.1:1 (THIDUA_DEBUG=1 để xem chi tiết)']);
  });

  it('with THIDUA_DEBUG the stack trace is shown', () => {
    const run = cli(['migration:run'], {
      SQLITE_PATH: path.join(dir, 'a-file', 'db.sqlite'),
      THIDUA_DEBUG: '1',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(STACK_LINE);
  });

  it('a wrong setting names the variable, without a stack trace', () => {
    const run = cli(['migration:run'], { LOG_LEVEL: 'loud' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LOG_LEVEL');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});

describe('on the demo data', () => {
  beforeAll(() => {
    const run = cli(['seed:demo']);
    if (run.status !== 0) throw new Error(`seed:demo failed:\n${run.stdout}\n${run.stderr}`);
  }, 120_000);

  it.each(['cum5', 'CUM5', 'Cum5'])(
    'report --cluster %s finds CUM5 (codes ignore case), --out in any case of .xlsx',
    async (code) => {
      const out = `bao-cao-${code}.XLSX`;
      const run = cli(['report', '--cluster', code, '--year', '2021', '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Đã ghi ${path.join(dir, out)}`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path.join(dir, out));
      expect(workbook.getWorksheet('Tổng hợp')).toBeDefined();
    },
    60_000,
  );

  it('report --out …docx writes the summary report, with its number and date', () => {
    const run = cli([
      'report',
      '--cluster',
      'CUM5',
      '--year',
      '2021',
      '--out',
      'bao-cao.docx',
      '--number',
      '7',
      '--date',
      '2021-12-10',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = readDocx(readFileSync(path.join(dir, 'bao-cao.docx')));
    expect(text.tables[0]?.[0]?.[0]).toContain('Số: 7/BC-CTĐ');
    expect(text.tables[0]?.[0]?.[1]).toContain('ngày 10 tháng 12 năm 2021');
    expect(text.text).toContain(
      '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt, đạt 90,00% so với chỉ tiêu ký kết',
    );
  }, 60_000);

  it('report --out …pdf writes the summary report as PDF (LibreOffice)', () => {
    const run = cli(['report', '--cluster', 'CUM5', '--year', '2021', '--out', 'bao-cao.pdf']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = execFileSync('pdftotext', [path.join(dir, 'bao-cao.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ');
    expect(text).toContain('11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%)');
    expect(text).toContain('DỰ THẢO');
  }, 120_000);

  it('an unknown cluster code is one line, exit 1', () => {
    const run = cli(['report', '--cluster', 'cum9', '--year', '2021', '--out', 'x.xlsx']);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual(['thidua: Không có cụm/khối mã "cum9".']);
    expect(existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  }, 60_000);

  it('overview: the progress counts the clusters written, n/N', async () => {
    const run = cli(['overview', '--year', '2021', '--out', 'tong-hop-2021.xlsx']);
    expect(run.status).toBe(0);
    const updates = run.stderr
      .split(/[\r\n]/)
      .map((line) => line.trim())
      .filter(Boolean);
    // The demo has two clusters in 2021: cụm 5 and the bloc.
    expect(updates.at(-1)).toMatch(/\] 2\/2 cụm, khối đã ghi$/);
    expect(updates.filter((line) => line.includes('đã ghi')).map((line) => /(\d+)\/(\d+)/.exec(line)?.[0])).toEqual([
      '0/2',
      '1/2',
      '2/2',
    ]);
    expect(updates.every((line) => /\/2 cụm, khối/.test(line))).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'tong-hop-2021.xlsx'));
    expect(workbook.worksheets).toHaveLength(3);
  }, 60_000);
});
