import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { UnitsController } from './units.controller.js';
import { UnitsService } from './units.service.js';

@Module({ imports: [AuditModule], controllers: [UnitsController], providers: [UnitsService], exports: [UnitsService] })
export class UnitsModule {}
