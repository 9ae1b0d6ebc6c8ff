import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { backupFileName, backupsToDelete, newestBackupDate, nextDailyRun } from './backup-files.js';
import { backupDatabase, checksumFile, kindOf, type SqliteConnection } from './database-backup.js';

/** What /api/health tells about the automatic backups. */
export interface BackupStatus {
  readonly dir: string;
  /** The newest automatic backup (ISO time), or null when none was made yet. */
  readonly lastAt: string | null;
  /** The last attempt's error, or null when it succeeded. */
  readonly lastError: string | null;
  readonly nextAt: string | null;
}

const DAY = 24 * 3_600_000;

/**
 * Automatic backups when BACKUP_DIR is set: every day at BACKUP_HOUR (UTC), and at start when the
 * newest one is older than a day; keeps the newest BACKUP_KEEP. In the app's process: on SQLite
 * through the app's own connection in small steps (requests go on between them), on PostgreSQL as
 * a pg_dump child process.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BackupScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string | null> | undefined;
  private lastAt: Date | null = null;
  private lastError: string | null = null;
  private nextAt: Date | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get enabled(): boolean {
    const { database } = this.config;
    return this.config.backup !== undefined && !(database.type === 'sqlite' && database.path === ':memory:');
  }

  status(): BackupStatus | null {
    if (!this.enabled || !this.config.backup) return null;
    return {
      dir: this.config.backup.dir,
      lastAt: this.lastAt?.toISOString() ?? null,
      lastError: this.lastError,
      nextAt: this.nextAt?.toISOString() ?? null,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || !this.config.backup) return;
    await mkdir(this.config.backup.dir, { recursive: true });
    this.lastAt = newestBackupDate(await readdir(this.config.backup.dir));
    const stale = this.lastAt === null || Date.now() - this.lastAt.getTime() > DAY;
    this.schedule(stale ? new Date(Date.now() + 60_000) : nextDailyRun(new Date(), this.config.backup.hour));
    this.logger.log(
      `Sao lưu tự động vào ${this.config.backup.dir}, giữ ${this.config.backup.keep} bản; lần tới: ${this.nextAt?.toISOString()}.`,
    );
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Makes one automatic backup now (one at a time) and applies the retention; returns its file, or null on failure. */
  runNow(): Promise<string | null> {
    this.running ??= this.backUp().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(at: Date): void {
    clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = setTimeout(
      () => {
        void this.runNow().then(() => {
          if (this.config.backup) this.schedule(nextDailyRun(new Date(), this.config.backup.hour));
        });
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    this.timer.unref();
  }

  private async backUp(): Promise<string | null> {
    const settings = this.config.backup;
    if (!settings) return null;
    const at = new Date();
    const file = path.join(settings.dir, backupFileName(at, kindOf(this.config.database)));
    try {
      const connection =
        this.config.database.type === 'sqlite'
          ? (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection
          : undefined;
      const result = await backupDatabase(this.config.database, file, connection);
      this.lastAt = at;
      this.lastError = null;
      const deleted = backupsToDelete(await readdir(settings.dir), settings.keep);
      for (const name of deleted) {
        await rm(path.join(settings.dir, name), { force: true });
        await rm(checksumFile(path.join(settings.dir, name)), { force: true });
      }
      this.logger.log(
        `Đã sao lưu vào ${file} (${(result.bytes / 1_048_576).toFixed(1)} MB, ${result.milliseconds} ms)` +
          (deleted.length > 0 ? `; đã xóa ${deleted.length} bản cũ.` : '.'),
      );
      return file;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error(`Sao lưu tự động thất bại (${file}): ${this.lastError}`);
      return null;
    }
  }
}
