import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup.js';
import { AppLogger } from './common/app-logger.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';

process.env.TZ = 'UTC';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config.trustProxy),
    {
      ...APP_OPTIONS,
      logger: new AppLogger(config.logLevel),
      abortOnError: false,
    },
  );
  await configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const where = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  new Logger('Thi đua').log(
    `Đang chạy (${where}). Mở http://${host}:${config.port}/ — tài liệu API: http://${host}:${config.port}/api/docs`,
  );
}

bootstrap().catch((error: unknown) => {
  const where = process.env.DATABASE_URL
    ? 'PostgreSQL (DATABASE_URL)'
    : `SQLite (SQLITE_PATH=${process.env.SQLITE_PATH ?? 'data/thidua.sqlite'})`;
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Không khởi động được Thi đua. Kiểm tra cơ sở dữ liệu ${where} và cấu hình: ${reason}\n`);
  process.exit(1);
});
