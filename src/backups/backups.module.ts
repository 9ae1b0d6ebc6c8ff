import { Global, Module } from '@nestjs/common';
import { BackupScheduler } from './backup-scheduler.service.js';

@Global()
@Module({ providers: [BackupScheduler], exports: [BackupScheduler] })
export class BackupsModule {}
