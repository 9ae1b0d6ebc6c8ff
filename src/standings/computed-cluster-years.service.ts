import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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

/**
 * The computed cluster-years through the stored read model (database/computed-store.ts): a read of
 * current figures is one indexed query; others are computed, answered and stored for the next read.
 */
@Injectable()
export class ComputedClusterYears {
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
    const stale: ClusterYear[] = [];
    const stored = this.store.usable(em) ? await this.store.read(clusterYears, 'body') : new Map<number, string>();
    for (const clusterYear of clusterYears) {
      const body = stored.get(clusterYear.id);
      const view = body === undefined ? null : decodeView(body);
      if (view === null) stale.push(clusterYear);
      else views.set(clusterYear.id, view);
    }
    for (const computed of (await this.calculator.compute(em, stale)).values()) {
      views.set(computed.clusterYear.id, viewOf(computed));
      this.keep(em, computed);
    }
    return views;
  }

  /** One member's scores criterion by criterion; null when the unit is not a member that year. */
  async unitDetail(
    clusterYear: ClusterYear,
    unitId: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<UnitDetail | null> {
    const stored = this.store.usable(em)
      ? (await this.store.read([clusterYear], 'units')).get(clusterYear.id)
      : undefined;
    let details: UnitDetail[];
    if (stored !== undefined) {
      details = JSON.parse(stored) as UnitDetail[];
    } else {
      const computed = await this.calculator.computeOne(em, clusterYear);
      this.keep(em, computed);
      details = unitDetailsOf(computed);
    }
    return details.find((d) => d.unitId === unitId) ?? null;
  }

  private keep(em: EntityManager, computed: ComputedClusterYear): void {
    if (!this.store.usable(em)) return;
    this.store.write(computed.clusterYear, {
      body: encodeView(viewOf(computed)),
      units: JSON.stringify(unitDetailsOf(computed)),
    });
  }
}
