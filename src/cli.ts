import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { DemoSeedService } from './database/seeds/demo-seed.service.js';

process.env.TZ = 'UTC';

const USAGE = `Cách dùng: npm run cli -- <lệnh>
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

async function main(command: string | undefined): Promise<number> {
  const config = { ...loadConfig(), demoSeed: 'off' as const };
  switch (command) {
    case 'seed:demo': {
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

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
