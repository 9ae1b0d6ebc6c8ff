import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BackupsModule } from './backups/backups.module.js';
import { AuthGuard } from './common/auth/auth.guard.js';
import { ClustersModule } from './clusters/clusters.module.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CovenantsModule } from './covenants/covenants.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FinalizeModule } from './finalize/finalize.module.js';
import { DemoModule } from './database/seeds/demo.module.js';
import { HealthModule } from './health/health.module.js';
import { PagesModule } from './pages/pages.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ResultsModule } from './results/results.module.js';
import { StandingsModule } from './standings/standings.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.database),
        AccountsModule,
        AuditModule,
        UnitsModule,
        ClustersModule,
        CovenantsModule,
        ResultsModule,
        StandingsModule,
        FinalizeModule,
        ImportsModule,
        ReportsModule,
        HealthModule,
        DemoModule,
        BackupsModule,
        PagesModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
