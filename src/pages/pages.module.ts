import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { FinalizeModule } from '../finalize/finalize.module.js';
import { ResultsModule } from '../results/results.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { UnitsModule } from '../units/units.module.js';
import { PagesController } from './pages.controller.js';
import { SetupPagesController } from './setup-pages.controller.js';

@Module({
  imports: [AuditModule, ClustersModule, CovenantsModule, FinalizeModule, ResultsModule, StandingsModule, UnitsModule],
  controllers: [PagesController, SetupPagesController],
})
export class PagesModule {}
