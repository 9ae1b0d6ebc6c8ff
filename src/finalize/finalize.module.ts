import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CovenantsModule } from '../covenants/covenants.module.js';
import { StandingsModule } from '../standings/standings.module.js';
import { FinalizeController } from './finalize.controller.js';
import { FinalizeService } from './finalize.service.js';

@Module({
  imports: [AuditModule, CovenantsModule, StandingsModule],
  controllers: [FinalizeController],
  providers: [FinalizeService],
  exports: [FinalizeService],
})
export class FinalizeModule {}
