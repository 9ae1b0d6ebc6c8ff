import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ComputedClusterYears } from './computed-cluster-years.service.js';
import { StandingsCalculator } from './standings-calculator.service.js';
import { StandingsController } from './standings.controller.js';
import { StandingsService } from './standings.service.js';

@Module({
  imports: [ClustersModule, CovenantsModule, UnitsModule],
  controllers: [StandingsController],
  providers: [StandingsService, StandingsCalculator, ComputedClusterYears],
  exports: [StandingsService, StandingsCalculator, ComputedClusterYears],
})
export class StandingsModule {}
