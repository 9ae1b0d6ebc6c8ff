import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { FinalizeModule } from '../finalize/finalize.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ResultsModule } from '../results/results.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { UnitsModule } from '../units/units.module.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { EntryPagesController } from './entry-pages.controller.js';
import { ExcelPagesController } from './excel-pages.controller.js';
import { PagesController } from './pages.controller.js';
import { SetupPagesController } from './setup-pages.controller.js';

@Module({
  imports: [
    AccountsModule,
    AuditModule,
    ClustersModule,
    CovenantsModule,
    FinalizeModule,
    ReportsModule,
    ResultsModule,
    StandingsModule,
    UnitsModule,
  ],
  controllers: [
    PagesController,
    EntryPagesController,
    ExcelPagesController,
    AdminPagesController,
    SetupPagesController,
  ],
})
export class PagesModule {}
