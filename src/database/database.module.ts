import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ComputedStore } from './computed-store.js';
import { DatabaseHealthService } from './database-health.service.js';
import { dataSourceOptions } from './data-source.js';
import { runMigrations } from './migrate.js';
import { installSqliteResilience, SQLITE_BUSY_TIMEOUT_MS } from './sqlite-resilience.js';
import { assertDatabaseWritable, assertSqliteFilesWritable } from './writable-check.js';

@Global()
@Module({})
export class DatabaseModule {
  /**
   * The app's connection: migrations run at start; a bad database fails fast instead of retrying; a
   * database the app cannot write (read-only file, standby server, lock held) refuses the start.
   */
  static forRoot(database: DatabaseConfig): DynamicModule {
    const options = dataSourceOptions(database);
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...options,
            ...(options.type === 'better-sqlite3' ? { timeout: SQLITE_BUSY_TIMEOUT_MS } : {}),
            migrationsRun: false, // run below, once the database is known to be writable
            retryAttempts: 0,
          }),
          dataSourceFactory: async (typeOrmOptions) => {
            if (database.type === 'sqlite') assertSqliteFilesWritable(database.path);
            const dataSource = await new DataSource(typeOrmOptions as DataSourceOptions).initialize();
            await assertDatabaseWritable(dataSource);
            await runMigrations(dataSource);
            if (database.type === 'sqlite') installSqliteResilience(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [DatabaseHealthService, ComputedStore],
      exports: [DatabaseHealthService, ComputedStore],
    };
  }
}
