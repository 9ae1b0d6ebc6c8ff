import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';

@Module({
  imports: [CovenantsModule, StandingsModule, UnitsModule, AuditModule],
  controllers: [ResultsController],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
