import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { ClustersModule } from '../../clusters/clusters.module.js';
import { CovenantsModule } from '../../covenants/covenants.module.js';
import { ResultsModule } from '../../results/results.module.js';
import { UnitsModule } from '../../units/units.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({
  imports: [AccountsModule, UnitsModule, ClustersModule, CovenantsModule, ResultsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
