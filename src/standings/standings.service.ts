import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Cluster } from '../clusters/cluster.entity.js';
import { byCode, ClustersService } from '../clusters/clusters.service.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { compareSummaries } from './domain/summary.js';
import type {
  OverviewResponse,
  StandingsResponse,
  SummaryFiguresResponse,
  SummaryResponse,
} from './dto/standings.dto.js';
import { StandingsCalculator } from './standings-calculator.service.js';
import {
  mapFraction,
  mapStandingRows,
  mapSummaryChange,
  mapSummaryFigures,
  mapTargets,
  unitRef,
} from './standings.mapper.js';
import { fraction } from './domain/summary.js';

/** One year of a cluster, as the pages show it across years. */
export interface ClusterYearHistory {
  readonly year: number;
  readonly standings: StandingsResponse;
  readonly figures: SummaryFiguresResponse;
}

/** Display decimals of the organizer's overview (each cluster keeps its own in its rows). */
const OVERVIEW_DECIMALS = 2;
const EMPTY = { code: '' };

@Injectable()
export class StandingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly calculator: StandingsCalculator,
  ) {}

  async standings(
    clusterId: number,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<StandingsResponse> {
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const computed = await this.calculator.computeOne(em, clusterYear);
    return {
      clusterId,
      clusterCode: cluster.code,
      clusterName: cluster.name,
      year,
      status: clusterYear.status,
      maxTotal: computed.maxTotal.toNumber(),
      displayDecimals: computed.ruleSet.displayDecimals,
      rows: mapStandingRows(computed),
    };
  }

  async summary(
    clusterId: number,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SummaryResponse> {
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const { current, previous } = await this.calculator.computeWithPrevious(em, clusterYear);
    const decimals = current.ruleSet.displayDecimals;
    return {
      clusterId,
      clusterCode: cluster.code,
      clusterName: cluster.name,
      status: clusterYear.status,
      maxPossibleTotal: current.maxTotal.toNumber(),
      displayDecimals: decimals,
      ...mapSummaryFigures(year, current.summary, current.names, decimals),
      head: unitRef(clusterYear.headUnitId, current.names),
      deputy: unitRef(clusterYear.deputyUnitId, current.names),
      nextHead: unitRef(clusterYear.nextHeadUnitId, current.names),
      nextDeputy: unitRef(clusterYear.nextDeputyUnitId, current.names),
      previous: previous ? mapSummaryFigures(year - 1, previous.summary, previous.names, decimals) : null,
      change: mapSummaryChange(compareSummaries(current.summary, previous?.summary ?? null)),
    };
  }

  /**
   * Every year of a cluster, computed together (one pass over the database, not one per year): each
   * year's standings and summary figures, oldest first. For the pages' trends and a unit's years.
   */
  async history(clusterId: number, em: EntityManager = this.dataSource.manager): Promise<ClusterYearHistory[]> {
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const clusterYears = await em.find(ClusterYear, { where: { clusterId }, order: { year: 'ASC' } });
    const computed = await this.calculator.compute(em, clusterYears);
    return clusterYears.flatMap((clusterYear) => {
      const c = computed.get(clusterYear.id);
      if (c === undefined) return [];
      const decimals = c.ruleSet.displayDecimals;
      return [
        {
          year: clusterYear.year,
          standings: {
            clusterId,
            clusterCode: cluster.code,
            clusterName: cluster.name,
            year: clusterYear.year,
            status: clusterYear.status,
            maxTotal: c.maxTotal.toNumber(),
            displayDecimals: decimals,
            rows: mapStandingRows(c),
          },
          figures: mapSummaryFigures(clusterYear.year, c.summary, c.names, decimals),
        },
      ];
    });
  }

  async overview(year: number): Promise<OverviewResponse> {
    const em = this.dataSource.manager;
    const clusterYears = await em.find(ClusterYear, { where: { year } });
    const clusters = new Map((await em.find(Cluster)).map((c) => [c.id, c] as const));
    const computed = await this.calculator.compute(em, clusterYears);
    const rows = [...computed.values()]
      .sort((a, b) =>
        byCode(clusters.get(a.clusterYear.clusterId) ?? EMPTY, clusters.get(b.clusterYear.clusterId) ?? EMPTY),
      )
      .map((c) => {
        const cluster = clusters.get(c.clusterYear.clusterId);
        const names = c.names;
        return {
          clusterId: c.clusterYear.clusterId,
          clusterCode: cluster?.code ?? '',
          clusterName: cluster?.name ?? '',
          kind: cluster?.kind ?? 'cluster',
          status: c.clusterYear.status,
          unitCount: c.summary.unitCount,
          excellent: mapFraction(c.summary.ratings.EXCELLENT, OVERVIEW_DECIMALS),
          targets: mapTargets(c.summary.targets.met, c.summary.targets.signed, OVERVIEW_DECIMALS),
          leadingUnits: c.summary.leadingUnitIds.map((id) => ({ id, name: names.get(id) ?? '' })),
          head: unitRef(c.clusterYear.headUnitId, names),
          deputy: unitRef(c.clusterYear.deputyUnitId, names),
          nextHead: unitRef(c.clusterYear.nextHeadUnitId, names),
          nextDeputy: unitRef(c.clusterYear.nextDeputyUnitId, names),
        };
      });
    const unitCount = rows.reduce((n, r) => n + r.unitCount, 0);
    const excellent = rows.reduce((n, r) => n + r.excellent.count, 0);
    const met = rows.reduce((n, r) => n + r.targets.met, 0);
    const signed = rows.reduce((n, r) => n + r.targets.signed, 0);
    return {
      year,
      clusters: rows,
      totals: {
        clusters: rows.length,
        unitCount,
        excellent: mapFraction(fraction(excellent, unitCount), OVERVIEW_DECIMALS),
        targets: mapTargets(met, signed, OVERVIEW_DECIMALS),
      },
    };
  }
}
