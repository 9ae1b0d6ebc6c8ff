import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AccountsService } from './accounts/accounts.service.js';
import { ROLES, type Role } from './accounts/user-account.entity.js';
import { AppModule } from './app.module.js';
import { Cluster } from './clusters/cluster.entity.js';
import { AppException } from './common/app-exception.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { DemoSeedService } from './database/seeds/demo-seed.service.js';

process.env.TZ = 'UTC';

const USAGE = `Cách dùng: npm run cli -- <lệnh> [tùy chọn]
  user:create --role admin|secretary|leader|reporter --username TÊN [--display-name "Họ tên"] [--clusters MÃ,MÃ]
                     tạo tài khoản; mật khẩu lấy từ biến THIDUA_PASSWORD hoặc được hỏi (không hiện)
  user:reset-password --username TÊN
                     đặt lại mật khẩu (THIDUA_PASSWORD hoặc hỏi); mọi phiên của người đó bị hủy
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
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      clusters: { type: 'string' },
    },
    allowPositionals: false,
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
