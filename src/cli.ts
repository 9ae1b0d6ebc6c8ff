import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AccountsService } from './accounts/accounts.service.js';
import { ROLES, type Role } from './accounts/user-account.entity.js';
import { AppModule } from './app.module.js';
import { Cluster } from './clusters/cluster.entity.js';
import { AppException } from './common/app-exception.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { runImportCommand } from './imports/import.cli.js';
import { ReportsService } from './reports/reports.service.js';
import {
  buildClusterReportTemplate,
  buildOverviewTemplate,
  CLUSTER_REPORT_TEMPLATE,
  OVERVIEW_TEMPLATE,
} from './reports/template/default-templates.js';
import { DemoSeedService } from './database/seeds/demo-seed.service.js';

process.env.TZ = 'UTC';

const USAGE = `Cách dùng: npm run cli -- <lệnh> [tùy chọn]
  user:create --role admin|secretary|leader|reporter --username TÊN [--display-name "Họ tên"] [--clusters MÃ,MÃ]
                     tạo tài khoản; mật khẩu lấy từ biến THIDUA_PASSWORD hoặc được hỏi (không hiện)
  user:reset-password --username TÊN
                     đặt lại mật khẩu (THIDUA_PASSWORD hoặc hỏi); mọi phiên của người đó bị hủy
  report --cluster MÃ --year NĂM --out TỆP.xlsx
                     xuất báo cáo năm của một cụm/khối
  overview --year NĂM --out TỆP.xlsx
                     xuất tổng hợp của đơn vị tổ chức (mỗi cụm một dòng, mỗi cụm một trang), có thanh tiến độ
  import --cluster MÃ --year NĂM TỆP.xlsx [--dry-run]
                     nhập kết quả từ sổ nhập liệu (tải ở …/entry-template.xlsx); --dry-run chỉ kiểm tra
  templates:write-defaults [--dir THƯ_MỤC]
                     ghi các mẫu báo cáo mặc định (.xlsx) vào REPORT_TEMPLATES_DIR (mặc định templates/reports)
  seed:demo          xóa toàn bộ dữ liệu và nạp lại dữ liệu minh họa
  migration:run      áp dụng các migration chưa chạy
  migration:revert   hoàn tác migration gần nhất
  migration:check    báo lỗi (mã thoát 1) nếu lược đồ khác các entity`;

const logger = new Logger('CLI');
const say = (message: string): void => void process.stdout.write(`${message}\n`);

async function withDataSource<T>(config: AppConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(config.database));
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

class UsageError extends Error {}

function parseYear(text: string | undefined): number {
  const year = Number(text);
  if (!text || !/^\d{4}$/.test(text) || year < 2000 || year > 2100) {
    throw new UsageError('Cần --year là năm từ 2000 đến 2100.');
  }
  return year;
}

/** A progress bar on standard error: [██████░░░░] 6/10 cụm, khối. */
function progressBar(what: string): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${what}`);
  };
}

async function withApp<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function withAccounts<T>(
  config: AppConfig,
  work: (accounts: AccountsService, dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app.get(AccountsService), app.get(DataSource));
  } finally {
    await app.close();
  }
}

async function main(command: string | undefined, args: string[]): Promise<number> {
  const config = { ...loadConfig(), demoSeed: 'off' as const };
  const { values, positionals } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      clusters: { type: 'string' },
      dir: { type: 'string' },
      cluster: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    allowPositionals: true,
  });
  switch (command) {
    case 'user:create': {
      const role = values.role as Role | undefined;
      if (!role || !ROLES.includes(role) || !values.username) {
        throw new UsageError(`Cần --role (${ROLES.join('|')}) và --username.`);
      }
      const password = await readPassword();
      return withAccounts(config, async (accounts, dataSource) => {
        const codes = (values.clusters ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const clusterIds: number[] = [];
        if (codes.length > 0) {
          const found = await dataSource.getRepository(Cluster).find();
          for (const code of codes) {
            const cluster = found.find((c) => c.code === code);
            if (!cluster) throw new UsageError(`Không có cụm/khối mã "${code}".`);
            clusterIds.push(cluster.id);
          }
        }
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
        if (!user) throw new UsageError(`Không có tài khoản "${values.username}".`);
        await accounts.resetPassword(user.id, password);
        say(`Đã đặt lại mật khẩu của "${user.username}"; các phiên đăng nhập cũ đã bị hủy.`);
        return 0;
      });
    }
    case 'report': {
      const year = parseYear(values.year);
      if (!values.cluster || !values.out) throw new UsageError('Cần --cluster MÃ, --year NĂM và --out TỆP.xlsx.');
      return withApp(config, async (app) => {
        const cluster = await app
          .get(DataSource)
          .getRepository(Cluster)
          .findOne({ where: { code: values.cluster } });
        if (!cluster) throw new UsageError(`Không có cụm/khối mã "${values.cluster}".`);
        const { content } = await app.get(ReportsService).clusterReport(cluster.id, year);
        await writeFile(path.resolve(values.out ?? ''), content);
        say(`Đã ghi ${path.resolve(values.out ?? '')} (${content.length.toLocaleString('vi-VN')} byte).`);
        return 0;
      });
    }
    case 'overview': {
      const year = parseYear(values.year);
      if (!values.out) throw new UsageError('Cần --year NĂM và --out TỆP.xlsx.');
      const out = path.resolve(values.out);
      return withApp(config, async (app) => {
        const { stream } = await app.get(ReportsService).overview(year, progressBar('cụm, khối'));
        await pipeline(stream, createWriteStream(out));
        process.stderr.write('\n');
        say(`Đã ghi ${out}.`);
        return 0;
      });
    }
    case 'import': {
      const year = parseYear(values.year);
      const file = positionals[0];
      if (!values.cluster || !file) throw new UsageError('Cần --cluster MÃ, --year NĂM và đường dẫn tệp .xlsx.');
      return withApp(config, (app) =>
        runImportCommand(app, { clusterCode: values.cluster ?? '', year, file, dryRun: values['dry-run'] ?? false }),
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
      return 0;
    }
    case 'seed:demo': {
      if (process.env.NODE_ENV === 'production') {
        throw new UsageError(
          'NODE_ENV=production: không nạp dữ liệu minh họa (nó xóa toàn bộ dữ liệu và tạo tài khoản có mật khẩu công khai).',
        );
      }
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
      try {
        await app.get(DemoSeedService).reseed();
      } finally {
        await app.close();
      }
      say('Đã nạp lại dữ liệu minh họa.');
      return 0;
    }
    case 'migration:run':
      return withDataSource(config, async (dataSource) => {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
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
        await dataSource.runMigrations({ transaction: 'each' });
        const pending = await dataSource.driver.createSchemaBuilder().log();
        if (pending.upQueries.length === 0) {
          say('Lược đồ khớp với các entity.');
          return 0;
        }
        logger.error(
          `Lược đồ khác các entity; cần thêm migration:\n${pending.upQueries.map((q) => q.query).join(';\n')}`,
        );
        return 1;
      });
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof AppException) {
      const details = Object.entries(error.errors ?? {}).map(
        ([field, messages]) => `  ${field}: ${messages.join('; ')}`,
      );
      process.stderr.write([error.message, ...details].join('\n') + '\n');
    } else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
