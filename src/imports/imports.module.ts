import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { ResultsModule } from '../results/results.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { WorkbookPool } from './workbook-pool.js';

@Module({
  imports: [ClustersModule, CovenantsModule, ResultsModule, UnitsModule, AuditModule],
  controllers: [ImportsController],
  providers: [ImportsService, WorkbookPool],
  exports: [ImportsService],
})
export class ImportsModule {}
