import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DynamicModule, INestApplicationContext, LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AccountsService } from './accounts/accounts.service.js';
import type { Role } from './accounts/user-account.entity.js';
import { backupFileName } from './backups/backup-files.js';
import { AppException } from './common/app-exception.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { isRealDate } from './standings/domain/format.js';
import type { OverviewProgress } from './reports/reports.service.js';

/**
 * The app's code, loaded only by the commands that use it (about 2 s): help and mistakes in a
 * command answer at once.
 */
async function loadModules() {
  const [base, accounts, users, app, database, imports, templates, seeds, backups, docxTemplates] = await Promise.all([
    loadReportModules(),
    import('./accounts/accounts.service.js'),
    import('./accounts/user-account.entity.js'),
    import('./app.module.js'),
    import('./database/data-source.js'),
    import('./imports/import.cli.js'),
    import('./reports/template/default-templates.js'),
    import('./database/seeds/demo-seed.service.js'),
    import('./backups/database-backup.js'),
    import('./reports/template/docx-template.js'),
  ]);
  return {
    ...base,
    AccountsService: accounts.AccountsService,
    ROLES: users.ROLES,
    AppModule: app.AppModule,
    dataSourceOptions: database.dataSourceOptions,
    runMigrations: database.runMigrations,
    runImportCommand: imports.runImportCommand,
    buildClusterReportTemplate: templates.buildClusterReportTemplate,
    buildOverviewTemplate: templates.buildOverviewTemplate,
    CLUSTER_REPORT_TEMPLATE: templates.CLUSTER_REPORT_TEMPLATE,
    OVERVIEW_TEMPLATE: templates.OVERVIEW_TEMPLATE,
    buildSummaryReportTemplate: docxTemplates.buildSummaryReportTemplate,
    SUMMARY_REPORT_TEMPLATE: docxTemplates.SUMMARY_REPORT_TEMPLATE,
    DemoSeedService: seeds.DemoSeedService,
    backupDatabase: backups.backupDatabase,
    restoreDatabase: backups.restoreDatabase,
    inspectBackup: backups.inspectBackup,
    BackupError: backups.BackupError,
  };
}
let modules: Awaited<ReturnType<typeof loadModules>>;

/**
 * The report commands' code alone (reports-cli.module.ts): without the app's HTTP side it loads in
 * about half the time.
 */
async function loadReportModules() {
  const [common, core, typeorm, clusters, reports, reportsCli] = await Promise.all([
    import('@nestjs/common'),
    import('@nestjs/core'),
    import('typeorm'),
    import('./clusters/clusters.service.js'),
    import('./reports/reports.service.js'),
    import('./reports/reports-cli.module.js'),
  ]);
  common.Logger.overrideLogger(LOGGER);
  return {
    NestFactory: core.NestFactory,
    DataSource: typeorm.DataSource,
    ClustersService: clusters.ClustersService,
    ReportsService: reports.ReportsService,
    ReportsCliModule: reportsCli.ReportsCliModule,
  };
}

process.env.TZ = 'UTC';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Every command: how it is written, what it does, and the options it accepts. */
const COMMANDS = {
  'user:create': {
    synopsis:
      'user:create --role admin|secretary|leader|reporter --username TÊN [--display-name "Họ tên"] [--clusters MÃ,MÃ]',
    what: 'tạo tài khoản; mật khẩu lấy từ biến THIDUA_PASSWORD hoặc được hỏi (không hiện)',
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      clusters: { type: 'string' },
    },
  },
  'user:reset-password': {
    synopsis: 'user:reset-password --username TÊN',
    what: 'đặt lại mật khẩu (THIDUA_PASSWORD hoặc hỏi); mọi phiên của người đó bị hủy',
    options: { username: { type: 'string' } },
  },
  report: {
    synopsis: 'report --cluster MÃ --year NĂM --out TỆP.xlsx|.docx|.pdf|.xlsx.pdf [--number SỐ] [--date YYYY-MM-DD]',
    what:
      'xuất báo cáo năm của một cụm/khối: .xlsx bảng tổng hợp, .docx báo cáo tổng kết, .pdf báo cáo tổng kết dạng ' +
      'PDF, .xlsx.pdf bảng tổng hợp dạng PDF (PDF cần LibreOffice); mã cụm không phân biệt chữ hoa, chữ thường; ' +
      '--number số văn bản, --date ngày ghi trên văn bản (mặc định ngày hội nghị tổng kết, không có thì hôm nay)',
    options: {
      cluster: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      number: { type: 'string' },
      date: { type: 'string' },
    },
  },
  overview: {
    synopsis: 'overview --year NĂM --out TỆP.xlsx [--number SỐ] [--date YYYY-MM-DD]',
    what: 'xuất tổng hợp của đơn vị tổ chức (mỗi cụm một dòng, mỗi cụm một trang), có thanh tiến độ',
    options: {
      year: { type: 'string' },
      out: { type: 'string' },
      number: { type: 'string' },
      date: { type: 'string' },
    },
  },
  import: {
    synopsis: 'import --cluster MÃ --year NĂM TỆP.xlsx [--dry-run]',
    what: 'nhập kết quả từ sổ nhập liệu (tải ở …/entry-template.xlsx); --dry-run chỉ kiểm tra',
    options: { cluster: { type: 'string' }, year: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    positionals: true,
  },
  'templates:write-defaults': {
    synopsis: 'templates:write-defaults [--dir THƯ_MỤC]',
    what: 'ghi các mẫu báo cáo mặc định (.xlsx) vào REPORT_TEMPLATES_DIR (mặc định templates/reports)',
    options: { dir: { type: 'string' } },
  },
  'seed:demo': {
    synopsis: 'seed:demo [--force [--yes]]',
    what:
      'xóa toàn bộ dữ liệu và nạp lại dữ liệu minh họa; từ chối khi có dữ liệu thật, trừ khi có --force và xác nhận ' +
      '(gõ XOA, hoặc --yes khi không có terminal); sao lưu trước khi xóa',
    options: { force: { type: 'boolean' }, yes: { type: 'boolean' } },
  },
  backup: {
    synopsis: 'backup [--out TỆP]',
    what:
      'sao lưu cơ sở dữ liệu khi ứng dụng vẫn chạy (SQLite: tệp .sqlite; PostgreSQL: pg_dump dạng custom .dump); ' +
      'mặc định vào BACKUP_DIR hoặc thư mục backups/',
    options: { out: { type: 'string' } },
  },
  restore: {
    synopsis: 'restore TỆP [--yes]',
    what:
      'thay toàn bộ dữ liệu bằng bản sao lưu (dừng ứng dụng trước); kiểm tra tệp, sao lưu dữ liệu hiện có, ' +
      'chạy migration nếu bản sao lưu cũ hơn; hỏi xác nhận (gõ KHOIPHUC, hoặc --yes)',
    options: { yes: { type: 'boolean' } },
    positionals: true,
  },
  'migration:run': { synopsis: 'migration:run', what: 'áp dụng các migration chưa chạy', options: {} },
  'migration:revert': { synopsis: 'migration:revert', what: 'hoàn tác migration gần nhất', options: {} },
  'migration:check': {
    synopsis: 'migration:check',
    what: 'báo lỗi (mã thoát 1) nếu lược đồ khác các entity',
    options: {},
  },
} satisfies Record<string, { synopsis: string; what: string; options: ParseArgsOptionsConfig; positionals?: boolean }>;
type Command = keyof typeof COMMANDS;

const isCommand = (name: string): name is Command => Object.hasOwn(COMMANDS, name);

const HELP_HINT = 'Xem: npm run cli -- help';

function commandUsage(command: Command): string {
  return `  ${COMMANDS[command].synopsis}\n                     ${COMMANDS[command].what}`;
}

const USAGE = [
  'Cách dùng: npm run cli -- <lệnh> [tùy chọn]      (npm run cli -- <lệnh> --help: cách dùng một lệnh)',
  ...Object.keys(COMMANDS).map((command) => commandUsage(command as Command)),
].join('\n');

const say = (message: string): void => void process.stdout.write(`${message}\n`);
const complain = (message: string): void => void process.stderr.write(`thidua: ${message}\n`);
const debugging = (): boolean => Boolean(process.env.THIDUA_DEBUG || process.env.DEBUG);
/** A message on one line: whatever a library put on several is joined. */
const oneLine = (text: string): string =>
  text
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');

/**
 * Nest's and TypeORM's log lines, as a user of the command line should see them: errors and
 * warnings on one line each, never a stack trace (unless THIDUA_DEBUG or DEBUG is set). What
 * Nest's ExceptionHandler and TypeOrmModule ("Unable to connect… Retrying") log is also thrown
 * to `main`, which reports it once.
 */
class CliLogger implements LoggerService {
  log(): void {}
  error(message: unknown, ...params: unknown[]): void {
    if (debugging()) {
      process.stderr.write(`${[message, ...params].map(String).join('\n')}\n`);
      return;
    }
    if (params.at(-1) === 'ExceptionHandler' || params.at(-1) === 'TypeOrmModule') return;
    complain(oneLine(String(message)));
  }
  warn(message: unknown): void {
    complain(oneLine(String(message)));
  }
}
const LOGGER = new CliLogger();
/** Application contexts that throw their start-up errors to `main` instead of exiting. */
const APP_OPTIONS = { logger: LOGGER, abortOnError: false } as const;

async function withDataSource<T>(config: AppConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new modules.DataSource(modules.dataSourceOptions(config.database));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The new password: THIDUA_PASSWORD, or asked twice on the terminal without echo. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.THIDUA_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError('Không có terminal để hỏi mật khẩu: đặt biến môi trường THIDUA_PASSWORD.');
  }
  const ask = (question: string): Promise<string> =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (text: string) => void };
      process.stdout.write(question);
      output._writeToOutput = () => undefined;
      rl.question('', (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Mật khẩu mới: ');
  const second = await ask('Nhập lại mật khẩu: ');
  if (first !== second) throw new UsageError('Hai lần nhập mật khẩu không khớp.');
  return first;
}

const kindOf = (database: AppConfig['database']) => (database.type === 'postgres' ? 'postgres' : 'sqlite');

/**
 * Asks the operator to type `word` after reading `what`; --yes answers for a script. Without a
 * terminal and without --yes, refuses.
 */
async function confirm(what: string, word: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new UsageError(`${what} Không có terminal để xác nhận: thêm --yes nếu chắc chắn.`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) => rl.question(`${what}\nGõ ${word} để tiếp tục: `, resolve));
  rl.close();
  if (answer.trim() !== word) throw new CliError('Không xác nhận: không làm gì.');
}

/** The command was written wrongly (exit code 2). */
class UsageError extends Error {}
/** The command cannot be done: a cluster or account that does not exist… (exit code 1). */
class CliError extends Error {}

/** The options of one command, parsed strictly: an unknown option or a missing value is a UsageError. */
function parseCommandArgs(command: Command, args: string[]) {
  const spec: { options: ParseArgsOptionsConfig; positionals?: boolean } = COMMANDS[command];
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
    const strings: Record<string, string | undefined> = {};
    const flags: Record<string, boolean | undefined> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string') strings[key] = value;
      else if (typeof value === 'boolean') flags[key] = value;
    }
    return { values: strings, flags, positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? /'([^']+)'/.exec(message)?.[1] ?? '';
    const hint = `Xem: npm run cli -- ${command} --help`;
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`lệnh "${command}" không có tùy chọn "${named}". ${hint}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(
          /does not take an argument/.test(message)
            ? `tùy chọn "${named}" không nhận giá trị. ${hint}`
            : `tùy chọn "${named}" cần một giá trị. ${hint}`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`lệnh "${command}" không nhận đối số "${named}". ${hint}`);
      default:
        throw new UsageError(`${oneLine(message)} ${hint}`);
    }
  }
}

/** --out must name an .xlsx file; checked before any work is done. */
function xlsxOut(out: string | undefined): string {
  if (out === undefined || out === '') throw new UsageError('Cần --out TỆP.xlsx.');
  if (!/\.xlsx$/i.test(out)) throw new UsageError(`--out phải là tệp .xlsx (đang là "${out}").`);
  return path.resolve(out);
}

function documentOut(out: string): string {
  if (!/\.(xlsx|docx|pdf)$/i.test(out))
    throw new UsageError(`--out phải là tệp .xlsx, .docx hoặc .pdf (đang là "${out}").`);
  return path.resolve(out);
}

/** --number and --date of a document, checked as the API checks them. */
function documentOptionsOf(
  number: string | undefined,
  date: string | undefined,
): { number: string | null; date: string | null } {
  if (number !== undefined && !/^\d{1,10}$/.test(number)) throw new UsageError('--number chỉ gồm chữ số, ví dụ 12.');
  if (date !== undefined && !isRealDate(date)) throw new UsageError('--date phải là ngày có thật dạng YYYY-MM-DD.');
  return { number: number ?? null, date: date ?? null };
}

function parseYear(text: string | undefined): number {
  const year = Number(text);
  if (!text || !/^\d{4}$/.test(text) || year < 2000 || year > 2100) {
    throw new UsageError('Cần --year là năm từ 2000 đến 2100.');
  }
  return year;
}

/** The overview's progress on standard error: [██████░░░░] 6/10 cụm, khối đã ghi. */
function overviewProgress(): OverviewProgress {
  return ({ phase, done, total }) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const what = phase === 'computed' ? 'cụm, khối đã tính' : 'cụm, khối đã ghi';
    const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${what}`;
    process.stderr.write(`\r${line.padEnd(70)}`);
  };
}

async function withApp<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  return withContext(modules.NestFactory, modules.AppModule.forRoot(config), work);
}

async function withContext<T>(
  factory: typeof modules.NestFactory,
  root: DynamicModule,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await factory.createApplicationContext(root, APP_OPTIONS);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function withAccounts<T>(
  config: AppConfig,
  work: (accounts: AccountsService, app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withApp(config, (app) => work(app.get(modules.AccountsService), app));
}

/** The cluster with this code, ignoring case ("cum5" finds "CUM5"). */
async function clusterByCode(
  app: INestApplicationContext,
  code: string,
  { ClustersService, DataSource }: Pick<typeof modules, 'ClustersService' | 'DataSource'> = modules,
): Promise<{ id: number }> {
  const cluster = await app.get(ClustersService).findByCode(app.get(DataSource).manager, code);
  if (!cluster) throw new CliError(`Không có cụm/khối mã "${code}".`);
  return cluster;
}

/** `report` and `overview`, in a context of the report services alone (reports-cli.module.ts). */
async function reportCommand(
  command: 'report' | 'overview',
  values: Record<string, string | undefined>,
  config: AppConfig,
): Promise<number> {
  const m = await loadReportModules();
  switch (command) {
    case 'report': {
      const year = parseYear(values.year);
      if (!values.cluster || !values.out) throw new UsageError('Cần --cluster MÃ, --year NĂM và --out TỆP.xlsx.');
      const out = path.resolve(values.out);
      const code = values.cluster;
      const options = documentOptionsOf(values.number, values.date);
      return withContext(m.NestFactory, m.ReportsCliModule.forRoot(config), async (app) => {
        const cluster = await clusterByCode(app, code, m);
        const reports = app.get(m.ReportsService);
        const { content } = /\.xlsx\.pdf$/i.test(out)
          ? await reports.pdf({ kind: 'workbook', clusterId: cluster.id }, year, options)
          : /\.pdf$/i.test(out)
            ? await reports.pdf({ kind: 'summary', clusterId: cluster.id }, year, options)
            : /\.docx$/i.test(out)
              ? await reports.summaryReport(cluster.id, year, options)
              : await reports.clusterReport(cluster.id, year, options);
        await writeFile(out, content);
        say(`Đã ghi ${out} (${content.length.toLocaleString('vi-VN')} byte).`);
        return 0;
      });
    }
    case 'overview': {
      const year = parseYear(values.year);
      if (!values.out) throw new UsageError('Cần --year NĂM và --out TỆP.xlsx.');
      const out = xlsxOut(values.out);
      const options = documentOptionsOf(values.number, values.date);
      return withContext(m.NestFactory, m.ReportsCliModule.forRoot(config), async (app) => {
        const { stream } = await app.get(m.ReportsService).overview(year, overviewProgress(), options);
        await pipeline(stream, createWriteStream(out));
        process.stderr.write('\n');
        say(`Đã ghi ${out}.`);
        return 0;
      });
    }
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? args[0] : undefined;
    if (topic === undefined) say(USAGE);
    else if (isCommand(topic)) say(commandUsage(topic));
    else throw new UsageError(`không có lệnh "${topic}". ${HELP_HINT}`);
    return 0;
  }
  if (!isCommand(command)) throw new UsageError(`không có lệnh "${command}". ${HELP_HINT}`);
  const { values, flags, positionals } = parseCommandArgs(command, args);
  if (flags.help) {
    say(commandUsage(command));
    return 0;
  }
  if (values.out !== undefined && command === 'report')
    documentOut(values.out); // before any work
  else if (values.out !== undefined && command !== 'backup') xlsxOut(values.out);
  const config = { ...loadConfig(), demoSeed: 'off' as const };
  if (command === 'report' || command === 'overview') return reportCommand(command, values, config);
  modules = await loadModules();
  const { ROLES, runImportCommand, DemoSeedService } = modules;
  /** Where backups go unless --out says otherwise; safety copies before a wipe go there too. */
  const backupDir = config.backup?.dir ?? path.resolve('backups');
  const {
    CLUSTER_REPORT_TEMPLATE,
    OVERVIEW_TEMPLATE,
    SUMMARY_REPORT_TEMPLATE,
    buildClusterReportTemplate,
    buildOverviewTemplate,
    buildSummaryReportTemplate,
  } = modules;
  switch (command) {
    case 'user:create': {
      const role = values.role as Role | undefined;
      if (!role || !ROLES.includes(role) || !values.username) {
        throw new UsageError(`Cần --role (${ROLES.join('|')}) và --username.`);
      }
      const password = await readPassword();
      return withAccounts(config, async (accounts, app) => {
        const codes = (values.clusters ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const clusterIds: number[] = [];
        for (const code of codes) clusterIds.push((await clusterByCode(app, code)).id);
        const user = await accounts.create({
          username: values.username ?? '',
          displayName: values['display-name'] ?? values.username ?? '',
          role,
          password,
          clusterIds,
        });
        say(`Đã tạo tài khoản "${user.username}" (${user.roleLabel}), mã số ${user.id}.`);
        return 0;
      });
    }
    case 'user:reset-password': {
      if (!values.username) throw new UsageError('Cần --username.');
      const password = await readPassword();
      return withAccounts(config, async (accounts) => {
        const user = await accounts.findByUsername(values.username ?? '');
        if (!user) throw new CliError(`Không có tài khoản "${values.username}".`);
        await accounts.resetPassword(user.id, password);
        say(`Đã đặt lại mật khẩu của "${user.username}"; các phiên đăng nhập cũ đã bị hủy.`);
        return 0;
      });
    }
    case 'import': {
      const year = parseYear(values.year);
      const file = positionals[0];
      if (!values.cluster || !file) throw new UsageError('Cần --cluster MÃ, --year NĂM và đường dẫn tệp .xlsx.');
      return withApp(config, (app) =>
        runImportCommand(app, { clusterCode: values.cluster ?? '', year, file, dryRun: flags['dry-run'] ?? false }),
      );
    }
    case 'templates:write-defaults': {
      const dir = path.resolve(values.dir ?? config.reportTemplatesDir);
      await mkdir(dir, { recursive: true });
      for (const [file, build] of [
        [CLUSTER_REPORT_TEMPLATE, buildClusterReportTemplate],
        [OVERVIEW_TEMPLATE, buildOverviewTemplate],
      ] as const) {
        await build().xlsx.writeFile(path.join(dir, file));
        say(`Đã ghi ${path.join(dir, file)}`);
      }
      await writeFile(path.join(dir, SUMMARY_REPORT_TEMPLATE), buildSummaryReportTemplate());
      say(`Đã ghi ${path.join(dir, SUMMARY_REPORT_TEMPLATE)}`);
      return 0;
    }
    case 'seed:demo': {
      if (process.env.NODE_ENV === 'production') {
        throw new UsageError(
          'NODE_ENV=production: không nạp dữ liệu minh họa (nó xóa toàn bộ dữ liệu và tạo tài khoản có mật khẩu công khai).',
        );
      }
      await withApp(config, async (app) => {
        const seeds = app.get(DemoSeedService);
        const found = await seeds.nonDemoContent();
        if (found.length > 0) {
          if (!flags.force) {
            throw new CliError(
              `Cơ sở dữ liệu có dữ liệu thật (${found.join('; ')}); seed:demo sẽ xóa hết, kể cả nhật ký thay đổi. ` +
                'Không làm gì. Nếu thật sự muốn xóa: sao lưu (npm run cli -- backup) rồi chạy seed:demo --force.',
            );
          }
          await confirm(`Sẽ XÓA toàn bộ dữ liệu thật (${found.join('; ')}) và nạp dữ liệu minh họa.`, 'XOA', flags.yes);
          const file = path.join(backupDir, backupFileName(new Date(), kindOf(config.database), 'truoc-seed-demo'));
          await modules.backupDatabase(config.database, file);
          say(`Đã sao lưu dữ liệu cũ vào ${file}.`);
        }
        await seeds.reseed();
      });
      say('Đã nạp lại dữ liệu minh họa.');
      return 0;
    }
    case 'backup': {
      const out = path.resolve(values.out ?? path.join(backupDir, backupFileName(new Date(), kindOf(config.database))));
      const result = await modules.backupDatabase(config.database, out);
      say(`Đã sao lưu vào ${result.file} (${(result.bytes / 1_048_576).toFixed(2)} MB, ${result.milliseconds} ms).`);
      return 0;
    }
    case 'restore': {
      const [file, ...extra] = positionals;
      if (file === undefined || extra.length > 0) throw new UsageError('Cần đúng một tệp sao lưu: restore TỆP.');
      const source = path.resolve(file);
      const info = await modules.inspectBackup(source);
      const where = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL (DATABASE_URL)';
      await confirm(
        `Sẽ THAY toàn bộ dữ liệu của ${where} bằng ${source} (lược đồ: ${info.migrations.at(-1)}` +
          `${info.pending.length > 0 ? `; sẽ chạy thêm ${info.pending.length} migration` : ''}). Dừng ứng dụng trước.`,
        'KHOIPHUC',
        flags.yes,
      );
      const result = await modules.restoreDatabase(config.database, source, backupDir);
      if (result.safetyCopy) say(`Dữ liệu trước khi khôi phục đã được sao lưu vào ${result.safetyCopy}.`);
      if (result.migrated.length > 0) say(`Đã chạy migration: ${result.migrated.join(', ')}.`);
      say(`Đã khôi phục từ ${source} (${result.milliseconds} ms).`);
      return 0;
    }
    case 'migration:run':
      return withDataSource(config, async (dataSource) => {
        const applied = await modules.runMigrations(dataSource);
        say(applied.length === 0 ? 'Không có migration mới.' : `Đã chạy: ${applied.map((m) => m.name).join(', ')}`);
        return 0;
      });
    case 'migration:revert':
      return withDataSource(config, async (dataSource) => {
        await dataSource.undoLastMigration({ transaction: 'each' });
        say('Đã hoàn tác migration gần nhất.');
        return 0;
      });
    case 'migration:check':
      return withDataSource(config, async (dataSource) => {
        await modules.runMigrations(dataSource);
        const pending = await dataSource.driver.createSchemaBuilder().log();
        if (pending.upQueries.length === 0) {
          say('Lược đồ khớp với các entity.');
          return 0;
        }
        process.stderr.write(
          `Lược đồ khác các entity; cần thêm migration:\n${pending.upQueries.map((q) => q.query).join(';\n')}\n`,
        );
        return 1;
      });
  }
}

/** What a failure prints, and its exit code: 2 for a command written wrongly, 1 for anything else. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    complain(error.message);
    return 2;
  }
  if (
    error instanceof ConfigError ||
    error instanceof CliError ||
    (error instanceof Error && error.name === 'BackupError')
  ) {
    complain(error.message);
    return 1;
  }
  if (error instanceof AppException) {
    // The details of a refused input (field: messages), one per line under the message.
    const details = Object.entries(error.errors ?? {}).map(([field, messages]) => `  ${field}: ${messages.join('; ')}`);
    complain([error.message, ...details].join('\n'));
    return 1;
  }
  if (debugging()) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } else {
    complain(`${oneLine(error instanceof Error ? error.message : String(error))} (THIDUA_DEBUG=1 để xem chi tiết)`);
  }
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(report(error)),
);
