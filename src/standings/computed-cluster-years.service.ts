import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Lru } from '../common/lru.js';
import type { ClusterYear } from '../covenants/cluster-year.entity.js';
import { ComputedStore } from '../database/computed-store.js';
import {
  decodeView,
  encodeView,
  unitDetailsOf,
  viewOf,
  type ClusterYearView,
  type UnitDetail,
} from './cluster-year-view.js';
import { StandingsCalculator, type ComputedClusterYear } from './standings-calculator.service.js';

/** Decoded figures kept in memory, by cluster-year and revision (a province: 40 clusters × 10 years). */
const MEMORY_ENTRIES = 500;
/** Decoded per-unit scores kept in memory (larger: criteria × units each). */
const MEMORY_UNIT_ENTRIES = 50;

const memoryKey = (clusterYear: Pick<ClusterYear, 'id' | 'dataRevision'>): string =>
  `${clusterYear.id}:${clusterYear.dataRevision}`;

/**
 * The computed cluster-years through the stored read model (database/computed-store.ts): a read of
 * current figures is one indexed query; others are computed, answered and stored for the next read.
 * Decoded figures are also kept in this process by cluster-year and revision: the caller's
 * cluster-year row (read from the database) says which revision is current, so a figure kept here
 * is never used after a write, whichever process made it.
 */
@Injectable()
export class ComputedClusterYears {
  private readonly memory = new Lru<string, ClusterYearView>(MEMORY_ENTRIES);
  private readonly unitMemory = new Lru<string, readonly UnitDetail[]>(MEMORY_UNIT_ENTRIES);
  /** Figures being computed, by cluster-year and revision (see views). */
  private readonly computing = new Map<string, Promise<ClusterYearView | null>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calculator: StandingsCalculator,
    private readonly store: ComputedStore,
  ) {}

  /** The figures of these cluster-years (loaded by the caller just before), by cluster-year id. */
  async views(
    clusterYears: readonly ClusterYear[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<number, ClusterYearView>> {
    const views = new Map<number, ClusterYearView>();
    const usable = this.store.usable(em);
    const notInMemory = usable ? clusterYears.filter((cy) => !this.recall(cy, views)) : clusterYears;
    const stored = usable ? await this.store.read(notInMemory, 'body') : new Map<number, string>();
    const stale: ClusterYear[] = [];
    for (const clusterYear of notInMemory) {
      const body = stored.get(clusterYear.id);
      const view = body === undefined ? null : decodeView(body);
      if (view === null) {
        stale.push(clusterYear);
      } else {
        views.set(clusterYear.id, view);
        this.memory.set(memoryKey(clusterYear), view);
      }
    }
    if (!usable) {
      for (const computed of (await this.calculator.compute(em, stale)).values()) {
        views.set(computed.clusterYear.id, viewOf(computed));
      }
      return views;
    }
    // Requests that find the same figures stale at once wait for one computation, not one each. A
    // computation that ended while this request read the store left its figures in memory (kept
    // there before it stops being `computing`): those are used, not computed again.
    const waiting = stale.filter((cy) => this.computing.has(memoryKey(cy)) || !this.recall(cy, views));
    const missing = waiting.filter((cy) => !this.computing.has(memoryKey(cy)));
    if (missing.length > 0) this.startComputing(em, missing);
    const found = await Promise.all(waiting.map((cy) => this.computing.get(memoryKey(cy)) ?? Promise.resolve(null)));
    waiting.forEach((cy, i) => {
      const view = found[i];
      if (view) views.set(cy.id, view);
    });
    return views;
  }

  /** Whether reads through this manager may use stored figures (not inside a transaction). */
  usable(em: EntityManager): boolean {
    return this.store.usable(em);
  }

  /** The figures kept in this process for a cluster-year at this revision, if any (no query). */
  remembered(clusterYear: Pick<ClusterYear, 'id' | 'dataRevision'>): ClusterYearView | undefined {
    return this.memory.get(memoryKey(clusterYear));
  }

  /** One member's scores criterion by criterion; null when the unit is not a member that year. */
  async unitDetail(
    clusterYear: ClusterYear,
    unitId: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<UnitDetail | null> {
    const usable = this.store.usable(em);
    let details = usable ? this.unitMemory.get(memoryKey(clusterYear)) : undefined;
    if (details === undefined) {
      const stored = usable ? (await this.store.read([clusterYear], 'units')).get(clusterYear.id) : undefined;
      if (stored !== undefined) {
        details = JSON.parse(stored) as UnitDetail[];
      } else {
        const computed = await this.calculator.computeOne(em, clusterYear);
        if (usable) this.keep(computed);
        details = unitDetailsOf(computed);
      }
      if (usable) this.unitMemory.set(memoryKey(clusterYear), details);
    }
    return details.find((d) => d.unitId === unitId) ?? null;
  }

  /** Computes these cluster-years once, keeping and storing each; `computing` holds them meanwhile. */
  private startComputing(em: EntityManager, clusterYears: readonly ClusterYear[]): void {
    const batch = this.calculator.compute(em, clusterYears).then((computed) => {
      const made = new Map<number, ClusterYearView>();
      for (const c of computed.values()) {
        const view = viewOf(c);
        made.set(c.clusterYear.id, view);
        this.memory.set(memoryKey(c.clusterYear), view);
        this.keep(c);
      }
      return made;
    });
    for (const cy of clusterYears) {
      const key = memoryKey(cy);
      const one = batch.then((made) => made.get(cy.id) ?? null);
      this.computing.set(key, one);
      const done = (): boolean => this.computing.delete(key);
      void one.then(done, done);
    }
  }

  /** Puts the figures kept in memory for this cluster-year's current revision in `views`, if any. */
  private recall(clusterYear: ClusterYear, views: Map<number, ClusterYearView>): boolean {
    const view = this.memory.get(memoryKey(clusterYear));
    if (view !== undefined) views.set(clusterYear.id, view);
    return view !== undefined;
  }

  private keep(computed: ComputedClusterYear): void {
    this.store.write(computed.clusterYear, {
      body: encodeView(viewOf(computed)),
      units: JSON.stringify(unitDetailsOf(computed)),
    });
  }
}
