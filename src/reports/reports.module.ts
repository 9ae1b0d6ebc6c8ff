import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { PdfConverterService } from './pdf-converter.service.js';
import { SettingsService } from './settings.service.js';

@Module({
  imports: [AuditModule, ClustersModule, CovenantsModule, StandingsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportTemplatesService, SettingsService, PdfConverterService],
  exports: [ReportsService, SettingsService, PdfConverterService],
})
export class ReportsModule {}
