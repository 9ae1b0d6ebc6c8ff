/**
 * The cluster-year's setup pages: "Thiết lập năm" (members, head and deputy, rule set, scoring
 * table, signed targets; saved with one PUT of the whole year), "Chốt số liệu / mở lại" (finalize,
 * reopen, the adopted snapshot and what changed since) and "Lịch sử thay đổi" (the audit trail).
 * They read through the same services as the API; their writes go through the JSON API
 * (templates/assets/setup.js).
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AppException } from '../common/app-exception.js';
import { Allow, ClusterWriters } from '../common/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { IdParam, YearParam } from '../common/params.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import type { SnapshotResponse } from '../finalize/dto/finalize.dto.js';
import { FinalizeService } from '../finalize/finalize.service.js';
import { isRealDate } from '../standings/domain/format.js';
import { RATING_LABELS, RATINGS } from '../standings/domain/types.js';
import { StandingsService } from '../standings/standings.service.js';
import { UnitsService } from '../units/units.service.js';
import { pageContext } from './page-context.js';
import { render } from './page-render.js';
import { sortedYears } from './page-format.js';
import {
  ACTION_LABELS,
  auditEntryView,
  CLUSTER_YEAR_ACTIONS,
  CRITERION_CHOICES,
  scoringTree,
  unitCandidates,
  targetGrid,
  tieBreakerLabels,
  vietnamDate,
  vietnamTime,
  viNumber,
  withResultsMarked,
} from './setup-view.js';

/** These pages' templates also use viNumber, vietnamDate and vietnamTime. */
const renderPage = (reply: FastifyReply, view: string, data: object): Promise<string> =>
  render(reply, view, data, { viNumber, vietnamDate, vietnamTime });

/** Rows of the history per page. */
const HISTORY_PAGE_SIZE = 20;

const positiveInt = (value: string | undefined): number | undefined =>
  value !== undefined && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
const isoDay = (value: string | undefined): string | undefined =>
  value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value) ? value : undefined;

@ApiExcludeController()
@Controller()
export class SetupPagesController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly standings: StandingsService,
    private readonly finalizer: FinalizeService,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
  ) {}

  /** Thiết lập năm: the whole cluster-year, its head/deputy, thresholds and signed targets editable. */
  @Get('cum/:id/nam/:year/thiet-lap')
  @ClusterWriters()
  async setup(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
  ): Promise<string> {
    const cluster = await this.clusters.get(id);
    const years = sortedYears(cluster.years);
    if (!years.includes(year)) {
      const previous = years.filter((y) => y < year).at(-1) ?? null;
      return renderPage(
        reply,
        'setup-new',
        pageContext(request, `Thiết lập năm ${year} — ${cluster.name}`, { cluster, year, years, previous }),
      );
    }
    const [clusterYear, units, used] = await Promise.all([
      this.clusterYears.get(id, year),
      this.units.list({ year }),
      this.clusterYears.usedByResults(id, year),
    ]);
    const codes = new Map(units.map((u) => [u.id, u.code]));
    const members = clusterYear.memberDetails.map((m, i) => ({
      ...m,
      position: i + 1,
      code: codes.get(m.unitId) ?? '',
      hasResults: used.unitIds.includes(m.unitId),
    }));
    const usedCodes = new Set(used.criterionCodes);
    return renderPage(
      reply,
      'setup-year',
      pageContext(request, `Thiết lập năm ${year} — ${cluster.name}`, {
        cluster,
        year,
        years,
        clusterYear,
        members,
        candidates: unitCandidates(units, clusterYear.members),
        choices: CRITERION_CHOICES,
        tree: withResultsMarked(scoringTree(clusterYear.scoringTable), usedCodes),
        grid: targetGrid(clusterYear),
        tieBreakers: tieBreakerLabels(clusterYear),
        ratings: RATINGS.map((code) => ({ code, label: RATING_LABELS[code] })),
        ratingLabels: RATING_LABELS,
        nextYearExists: years.includes(year + 1),
      }),
    );
  }

  /** Chốt số liệu / mở lại: status, finalize with a reason, reopen (admin), the adopted snapshot. */
  @Get('cum/:id/nam/:year/chot-so-lieu')
  @ClusterWriters()
  async finalize(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
  ): Promise<string> {
    const { cluster, current } = await this.standings.historyAt(id, year);
    const { clusterYear, figures: summary } = current;
    const [snapshot] = await Promise.all([
      this.finalizer.snapshot(id, year).catch((error: unknown): SnapshotResponse | null => {
        if (error instanceof AppException && error.code === 'SNAPSHOT_NOT_FOUND') return null;
        throw error;
      }),
    ]);
    return renderPage(
      reply,
      'setup-finalize',
      pageContext(request, `Chốt số liệu năm ${year} — ${cluster.name}`, {
        cluster,
        year,
        clusterYear,
        summary,
        snapshot,
        ratingLabels: RATING_LABELS,
        isAdmin: request.actor?.role === 'admin',
      }),
    );
  }

  /** Lịch sử thay đổi: the cluster-year's audit trail, newest first, filtered and paginated. */
  @Get('cum/:id/nam/:year/lich-su')
  @Allow('admin', 'leader')
  async history(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: Record<string, string | undefined>,
  ): Promise<string> {
    const { cluster, current } = await this.standings.historyAt(id, year);
    const { standings } = current;
    const action = (AUDIT_ACTIONS as readonly string[]).includes(query['thao-tac'] ?? '')
      ? (query['thao-tac'] as AuditAction)
      : undefined;
    const filters = {
      action,
      unitId: positiveInt(query['don-vi']),
      userId: positiveInt(query.nguoi),
      from: isoDay(query['tu-ngay']),
      to: isoDay(query['den-ngay']),
    };
    const page = positiveInt(query.trang) ?? 1;
    const [list, actors] = await Promise.all([
      this.audit.list({ clusterId: id, year, ...filters, page, pageSize: HISTORY_PAGE_SIZE }),
      this.audit.actors(id, year),
    ]);
    const names = new Map(standings.rows.map((r) => [r.unit.id, r.unit.name]));
    const params = new URLSearchParams();
    for (const [key, value] of [
      ['thao-tac', filters.action],
      ['don-vi', filters.unitId],
      ['nguoi', filters.userId],
      ['tu-ngay', filters.from],
      ['den-ngay', filters.to],
    ] as const) {
      if (value !== undefined) params.set(key, String(value));
    }
    const pageUrl = (n: number): string => {
      const p = new URLSearchParams(params);
      p.set('trang', String(n));
      return `?${p.toString()}`;
    };
    const pages = Math.max(1, Math.ceil(list.total / HISTORY_PAGE_SIZE));
    return renderPage(
      reply,
      'setup-history',
      pageContext(request, `Lịch sử thay đổi năm ${year} — ${cluster.name}`, {
        cluster,
        year,
        filters,
        filtered: params.size > 0,
        actions: CLUSTER_YEAR_ACTIONS.map((code) => ({ code, label: ACTION_LABELS[code] })),
        actors,
        members: standings.rows.map((r) => ({ unitId: r.unit.id, name: r.unit.name })),
        entries: list.items.map((item) => auditEntryView(item, names)),
        total: list.total,
        page,
        pages,
        previousUrl: page > 1 ? pageUrl(page - 1) : null,
        nextUrl: page < pages ? pageUrl(page + 1) : null,
      }),
    );
  }
}
