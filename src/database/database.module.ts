import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';

@Module({})
export class DatabaseModule {
  /** The app's connection: migrations run at start; a bad database fails fast instead of retrying. */
  static forRoot(database: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(database),
          migrationsRun: true,
          retryAttempts: 0,
        }),
      ],
    };
  }
}
