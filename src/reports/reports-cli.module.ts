import { Module, type DynamicModule } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ClustersService } from '../clusters/clusters.service.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { DatabaseModule } from '../database/database.module.js';
import { ComputedClusterYears } from '../standings/computed-cluster-years.service.js';
import { StandingsCalculator } from '../standings/standings-calculator.service.js';
import { UnitsService } from '../units/units.service.js';
import { PdfConverterService } from './pdf-converter.service.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsService } from './reports.service.js';
import { SettingsService } from './settings.service.js';

/**
 * The command line's report commands (`report`, `overview`): the report services and the services
 * they read with, without the app's HTTP side (controllers, their DTOs and OpenAPI decorators,
 * pages, guards), which is about half of what the whole AppModule loads before it can start.
 * The same providers as the feature modules export; `test/cli` runs both commands through it.
 */
@Module({})
export class ReportsCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReportsCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config.database)],
      providers: [
        AuditService,
        UnitsService,
        ClustersService,
        ClusterYearsService,
        StandingsCalculator,
        ComputedClusterYears,
        SettingsService,
        PdfConverterService,
        ReportTemplatesService,
        ReportsService,
      ],
    };
  }
}
