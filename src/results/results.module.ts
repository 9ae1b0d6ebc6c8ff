import { Module } from '@nestjs/common';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';

@Module({
  imports: [CovenantsModule, StandingsModule, UnitsModule],
  controllers: [ResultsController],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
