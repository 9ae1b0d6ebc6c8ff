import { Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Cluster } from '../clusters/cluster.entity.js';
import { byCode, ClustersService } from '../clusters/clusters.service.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { ClusterYearsService, type YearProbe } from '../covenants/cluster-years.service.js';
import { Lru } from '../common/lru.js';
import { compareSummaries } from './domain/summary.js';
import type {
  OverviewResponse,
  StandingsResponse,
  SummaryFiguresResponse,
  SummaryResponse,
} from './dto/standings.dto.js';
import type { ClusterYearView } from './cluster-year-view.js';
import { ComputedClusterYears } from './computed-cluster-years.service.js';
import { mapFraction, mapSummaryChange, mapSummaryFigures, mapTargets, unitRef } from './standings.mapper.js';
import { fraction } from './domain/summary.js';
import type { UnitRefResponse } from '../covenants/dto/cluster-year.dto.js';

/** One year of a cluster, as the pages show it across years. */
export interface ClusterYearHistory {
  readonly year: number;
  readonly clusterYear: ClusterYear;
  readonly standings: StandingsResponse;
  readonly figures: SummaryFiguresResponse;
  readonly head: UnitRefResponse | null;
  readonly deputy: UnitRefResponse | null;
  readonly nextHead: UnitRefResponse | null;
  readonly nextDeputy: UnitRefResponse | null;
}

/** A cluster and every year of it. */
export interface ClusterHistory {
  readonly cluster: Cluster;
  readonly years: readonly ClusterYearHistory[];
}

/** Display decimals of the organizer's overview (each cluster keeps its own in its rows). */
const OVERVIEW_DECIMALS = 2;
/** How many serialized answers a process keeps (each a few to some tens of KB). */
const ANSWERS = 200;

/** A read: the answer, and the key its JSON may be kept by (null: made from figures not kept in memory). */
interface Read<T> {
  readonly key: string | null;
  readonly value: () => T;
}

type ClusterNames = Pick<Cluster, 'id' | 'code' | 'name'>;
type YearFields = Pick<
  ClusterYear,
  'year' | 'status' | 'headUnitId' | 'deputyUnitId' | 'nextHeadUnitId' | 'nextDeputyUnitId'
>;

function summaryOf(
  cluster: ClusterNames,
  clusterYear: YearFields,
  current: ClusterYearView,
  previous: ClusterYearView | null,
): SummaryResponse {
  const { year } = clusterYear;
  const decimals = current.displayDecimals;
  return {
    clusterId: cluster.id,
    clusterCode: cluster.code,
    clusterName: cluster.name,
    status: clusterYear.status,
    maxPossibleTotal: current.maxTotal,
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

const standingsOf = (cluster: ClusterNames, clusterYear: YearFields, view: ClusterYearView): StandingsResponse => ({
  clusterId: cluster.id,
  clusterCode: cluster.code,
  clusterName: cluster.name,
  year: clusterYear.year,
  status: clusterYear.status,
  maxTotal: view.maxTotal,
  displayDecimals: view.displayDecimals,
  rows: [...view.rows],
});

@Injectable()
export class StandingsService {
  /** Answers' JSON bytes (see serialized): a province's clusters' standings and summaries of a year or two. */
  private readonly answers = new Lru<string, Buffer>(ANSWERS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly computed: ComputedClusterYears,
  ) {}

  async standings(
    clusterId: number,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<StandingsResponse> {
    return (await this.standingsRead(clusterId, year, em)).value();
  }

  /** The standings as the API sends them: JSON bytes, kept for the figures they were made from. */
  async standingsJson(clusterId: number, year: number): Promise<Buffer> {
    return this.serialized(await this.standingsRead(clusterId, year, this.dataSource.manager));
  }

  async summary(
    clusterId: number,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SummaryResponse> {
    return (await this.summaryRead(clusterId, year, em)).value();
  }

  /** The summary as the API sends it (see standingsJson). */
  async summaryJson(clusterId: number, year: number): Promise<Buffer> {
    return this.serialized(await this.summaryRead(clusterId, year, this.dataSource.manager));
  }

  private async standingsRead(clusterId: number, year: number, em: EntityManager): Promise<Read<StandingsResponse>> {
    if (this.computed.usable(em)) {
      // The hot path: one query, and the figures this process already holds for the current revision.
      const current = (await this.clusterYears.probe(clusterId, year)).find((r) => r.year === year);
      const view = current && this.computed.remembered(current);
      if (current && view) {
        return {
          key: `standings ${JSON.stringify(current)}`,
          value: () => standingsOf(current.cluster, current, view),
        };
      }
    }
    const clusterYear = await this.clusterYears.findWithClusterOrFail(em, clusterId, year);
    const view = await this.viewOf(clusterYear, em);
    return { key: null, value: () => standingsOf(clusterYear.cluster, clusterYear, view) };
  }

  private async summaryRead(clusterId: number, year: number, em: EntityManager): Promise<Read<SummaryResponse>> {
    if (this.computed.usable(em)) {
      // The hot path: one query, and the figures this process already holds for the current revisions.
      const years = await this.clusterYears.probe(clusterId, year);
      const currentYear = years.find((r) => r.year === year);
      const previousYear = years.find((r) => r.year === year - 1);
      const current = currentYear && this.computed.remembered(currentYear);
      const previous = previousYear && this.computed.remembered(previousYear);
      if (currentYear && current && (previousYear === undefined || previous)) {
        return {
          key: `summary ${JSON.stringify([currentYear, previousYear ?? null])}`,
          value: () => summaryOf(currentYear.cluster, currentYear, current, previous ?? null),
        };
      }
    }
    const clusterYear = await this.clusterYears.findWithClusterOrFail(em, clusterId, year);
    const previousYear = await em.findOne(ClusterYear, { where: { clusterId, year: year - 1 } });
    const views = await this.computed.views(previousYear ? [clusterYear, previousYear] : [clusterYear], em);
    const current = views.get(clusterYear.id);
    if (current === undefined) throw new Error(`cluster-year ${clusterYear.id} was not computed`);
    const previous = previousYear ? (views.get(previousYear.id) ?? null) : null;
    return { key: null, value: () => summaryOf(clusterYear.cluster, clusterYear, current, previous) };
  }

  /**
   * An answer's JSON bytes. Kept when it was made from figures kept for their current revision: its
   * key then holds every row it came from (revisions included), so no write can leave it stale.
   */
  private serialized(read: Read<unknown>): Buffer {
    const kept = read.key === null ? undefined : this.answers.get(read.key);
    if (kept !== undefined) return kept;
    const bytes = Buffer.from(JSON.stringify(read.value()));
    if (read.key !== null) this.answers.set(read.key, bytes);
    return bytes;
  }

  /** A cluster's history (see history) and its year `year`; 404 when the cluster has no such year. */
  async historyAt(clusterId: number, year: number): Promise<ClusterHistory & { current: ClusterYearHistory }> {
    const history = await this.history(clusterId);
    const current = history.years.find((h) => h.year === year);
    if (current === undefined) {
      throw new AppException('CLUSTER_YEAR_NOT_FOUND', `${history.cluster.name} chưa có năm thi đua ${year}.`);
    }
    return { ...history, current };
  }

  /**
   * Every year of a cluster, computed together (one pass over the database, not one per year): each
   * year's standings and summary figures, oldest first. For the pages' trends and a unit's years.
   */
  async history(clusterId: number, em: EntityManager = this.dataSource.manager): Promise<ClusterHistory> {
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const clusterYears = await em.find(ClusterYear, { where: { clusterId }, order: { year: 'ASC' } });
    const views = await this.computed.views(clusterYears, em);
    const years = clusterYears.flatMap((clusterYear) => {
      const view = views.get(clusterYear.id);
      if (view === undefined) return [];
      return [
        {
          year: clusterYear.year,
          clusterYear,
          standings: standingsOf(cluster, clusterYear, view),
          figures: mapSummaryFigures(clusterYear.year, view.summary, view.names, view.displayDecimals),
          head: unitRef(clusterYear.headUnitId, view.names),
          deputy: unitRef(clusterYear.deputyUnitId, view.names),
          nextHead: unitRef(clusterYear.nextHeadUnitId, view.names),
          nextDeputy: unitRef(clusterYear.nextDeputyUnitId, view.names),
        },
      ];
    });
    return { cluster, years };
  }

  private async viewOf(clusterYear: ClusterYear, em: EntityManager): Promise<ClusterYearView> {
    const view = (await this.computed.views([clusterYear], em)).get(clusterYear.id);
    if (view === undefined) throw new Error(`cluster-year ${clusterYear.id} was not computed`);
    return view;
  }

  async overview(year: number): Promise<OverviewResponse> {
    return (await this.overviewRead(year)).value();
  }

  /** The organizer's overview as the API sends it (see standingsJson). */
  async overviewJson(year: number): Promise<Buffer> {
    return this.serialized(await this.overviewRead(year));
  }

  private async overviewRead(year: number): Promise<Read<OverviewResponse>> {
    // One query says which figures are current; when this process holds them all, that is all.
    const years = await this.clusterYears.probeYear(year);
    const views = new Map<number, ClusterYearView>();
    for (const y of years) {
      const view = this.computed.remembered(y);
      if (view !== undefined) views.set(y.id, view);
    }
    if (views.size === years.length) {
      return { key: `overview ${year} ${JSON.stringify(years)}`, value: () => overviewOf(year, years, views) };
    }
    const em = this.dataSource.manager;
    const clusterYears = await em.find(ClusterYear, { where: { year } });
    const computed = await this.computed.views(clusterYears, em);
    return { key: null, value: () => overviewOf(year, years, computed) };
  }
}

/** One row per cluster-year that has figures, by cluster code, and the totals. */
function overviewOf(
  year: number,
  years: readonly YearProbe[],
  views: ReadonlyMap<number, ClusterYearView>,
): OverviewResponse {
  const rows = years
    .filter((y) => views.has(y.id))
    .sort((a, b) => byCode(a.cluster, b.cluster))
    .map((clusterYear) => {
      const { cluster } = clusterYear;
      const { summary, names } = views.get(clusterYear.id) as ClusterYearView;
      return {
        clusterId: cluster.id,
        clusterCode: cluster.code,
        clusterName: cluster.name,
        kind: cluster.kind,
        status: clusterYear.status,
        unitCount: summary.unitCount,
        excellent: mapFraction(summary.ratings.EXCELLENT, OVERVIEW_DECIMALS),
        targets: mapTargets(summary.targets.met, summary.targets.signed, OVERVIEW_DECIMALS),
        leadingUnits: summary.leadingUnitIds.map((id) => ({ id, name: names.get(id) ?? '' })),
        head: unitRef(clusterYear.headUnitId, names),
        deputy: unitRef(clusterYear.deputyUnitId, names),
        nextHead: unitRef(clusterYear.nextHeadUnitId, names),
        nextDeputy: unitRef(clusterYear.nextDeputyUnitId, names),
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
