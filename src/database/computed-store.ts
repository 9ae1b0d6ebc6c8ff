import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ComputedClusterYearRow } from '../standings/computed-cluster-year.entity.js';
import { codeVersion } from './code-version.js';

/** What is stored of a cluster-year (see ComputedClusterYearRow). */
export type ComputedColumn = 'body' | 'units' | 'setup';
const COLUMNS: readonly ComputedColumn[] = ['body', 'units', 'setup'];

/** How often a failing store is written to the log (reads go on computing meanwhile). */
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** What a read of the store needs of a cluster-year: loaded before anything computed from it. */
export interface RevisionedClusterYear {
  readonly id: number;
  readonly dataRevision: number;
}

/**
 * The stored read model of cluster-years (`computed_cluster_year`): what is computed from a
 * cluster-year, stored with the revision it was computed at. Database triggers raise the
 * cluster-year's revision in the same transaction as every write to what it is computed from
 * (revision-triggers.ts), so a stored value is used only while its revision is the current one.
 *
 * Correct under concurrent writes because callers load the cluster-year (and its revision) before
 * anything they compute from: a value stored under a revision never includes less than that
 * revision's writes, and a write in between leaves it under an older revision, never used. Inside
 * a transaction nothing is read from or written to the store (its own writes are not committed).
 * Values are stored after the answer has gone: a read never waits for a write. Each value also
 * carries the fingerprint of the code that computed it (code-version.ts): kept across restarts,
 * never used by other code (a new version of the rules computes its own).
 */
@Injectable()
export class ComputedStore implements OnModuleDestroy {
  private readonly logger = new Logger(ComputedStore.name);
  private readonly pending = new Set<Promise<void>>();
  private lastFailureLoggedAt = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether reads through this manager may use the store (not inside a transaction). */
  usable(em: EntityManager): boolean {
    return em === this.dataSource.manager;
  }

  /** The stored value of each cluster-year whose revision is current, by cluster-year id. */
  async read(clusterYears: readonly RevisionedClusterYear[], column: ComputedColumn): Promise<Map<number, string>> {
    if (clusterYears.length === 0) return new Map();
    const revisions = new Map(clusterYears.map((cy) => [cy.id, cy.dataRevision]));
    const first = clusterYears[0];
    const rows = await this.dataSource.manager.find(ComputedClusterYearRow, {
      select: { clusterYearId: true, revision: true, codeVersion: true, [column]: true },
      where: { clusterYearId: clusterYears.length === 1 && first ? first.id : In([...revisions.keys()]) },
    });
    return new Map(
      rows.flatMap((row) => {
        const value = row[column];
        const current = row.revision === revisions.get(row.clusterYearId) && row.codeVersion === codeVersion();
        return current && value !== null ? [[row.clusterYearId, value]] : [];
      }),
    );
  }

  /**
   * Stores values computed at a revision, after the answer. The other columns are kept when they
   * are of the same revision and code, and cleared otherwise; a newer revision is never replaced
   * by an older.
   */
  write(clusterYear: RevisionedClusterYear, values: Partial<Record<ComputedColumn, string>>): void {
    const work = this.upsert(clusterYear, values)
      .catch((error: unknown) => {
        if (Date.now() - this.lastFailureLoggedAt < FAILURE_LOG_INTERVAL_MS) return;
        this.lastFailureLoggedAt = Date.now();
        this.logger.warn(`Không lưu được số liệu đã tính của cụm-năm ${clusterYear.id}: ${String(error)}`);
      })
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Waits for the values being stored. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** The app is closing: the values being stored are written first. */
  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }

  private async upsert(
    clusterYear: RevisionedClusterYear,
    values: Partial<Record<ComputedColumn, string>>,
  ): Promise<void> {
    const given = COLUMNS.filter((c) => values[c] !== undefined);
    const params = [clusterYear.id, clusterYear.dataRevision, codeVersion(), ...given.map((c) => values[c])];
    const marks = params.map((_, i) => (this.dataSource.options.type === 'postgres' ? `$${i + 1}` : '?'));
    const keep = COLUMNS.map((c) =>
      given.includes(c)
        ? `${c} = excluded.${c}`
        : `${c} = CASE WHEN excluded.revision = computed_cluster_year.revision ` +
          `AND excluded.code_version = computed_cluster_year.code_version THEN computed_cluster_year.${c} END`,
    );
    await this.dataSource.query(
      `INSERT INTO computed_cluster_year (cluster_year_id, revision, code_version, ${given.join(', ')}, computed_at)
       VALUES (${marks.join(', ')}, CURRENT_TIMESTAMP)
       ON CONFLICT (cluster_year_id) DO UPDATE SET revision = excluded.revision,
         code_version = excluded.code_version, computed_at = excluded.computed_at, ${keep.join(', ')}
       WHERE excluded.revision >= computed_cluster_year.revision`,
      params,
    );
  }
}
