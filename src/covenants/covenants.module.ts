import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { UnitsModule } from '../units/units.module.js';
import { ClusterYearsController } from './cluster-years.controller.js';
import { ClusterYearsService } from './cluster-years.service.js';

@Module({
  imports: [ClustersModule, UnitsModule, AuditModule],
  controllers: [ClusterYearsController],
  providers: [ClusterYearsService],
  exports: [ClusterYearsService],
})
export class CovenantsModule {}
