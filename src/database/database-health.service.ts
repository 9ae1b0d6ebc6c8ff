import { statfsSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseFaultOf, type DatabaseFault } from './database-faults.js';
import { reopenSqliteIfWritable } from './sqlite-resilience.js';
import { writeFaultOf } from './writable-check.js';

/** Below this much free space next to the SQLite file, the health check says "full". */
export const MIN_FREE_BYTES = 1024 * 1024;

/** How long the health check waits for the database before calling it unreachable. */
export const HEALTH_TIMEOUT_MS = 3000;

/** Whether the database can be read and written now; heals a SQLite connection left read-only. */
@Injectable()
export class DatabaseHealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** undefined when the database answers and can be written; otherwise what is wrong. */
  async fault(): Promise<DatabaseFault | undefined> {
    const fault = await this.probe();
    if (fault === 'read-only' && this.dataSource.options.type === 'better-sqlite3') {
      if (reopenSqliteIfWritable(this.dataSource)) return this.probe();
    }
    return fault;
  }

  private async probe(): Promise<DatabaseFault | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DatabaseFault>((resolve) => {
      timer = setTimeout(() => resolve('unreachable'), HEALTH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.check(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async check(): Promise<DatabaseFault | undefined> {
    try {
      await this.dataSource.query('SELECT 1');
      const fault = await writeFaultOf(this.dataSource);
      if (fault !== undefined) return fault;
      return this.diskFull() ? 'full' : undefined;
    } catch (error) {
      return databaseFaultOf(error) ?? 'unreachable';
    }
  }

  /** SQLite: too little free space in the database's folder (PostgreSQL reports it on writes only). */
  private diskFull(): boolean {
    const file = String(this.dataSource.options.database);
    if (this.dataSource.options.type !== 'better-sqlite3' || file === ':memory:') return false;
    // Synchronous: one system call, answered at once; the asynchronous one went through the thread
    // pool and back, which kept /api/health waiting behind a long import's steps.
    const stats = statfsSync(path.dirname(file));
    return stats.bavail * stats.bsize < MIN_FREE_BYTES;
  }
}
