/**
 * The app's pages: server-rendered from templates/views, using the same services and the same
 * access rules as the API (the guard checks each route's policy, a secretary's cluster scope
 * included). Writes made from a page go through the JSON API with the session cookie and its
 * CSRF token. A page whose access fails is answered by the exception filter: a sign-in redirect,
 * or a plain Vietnamese page saying what is wrong, with a way back.
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClustersService } from '../clusters/clusters.service.js';
import { Public, AnyRole } from '../common/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { IdParam, YearParam } from '../common/params.js';
import { ResultsService } from '../results/results.service.js';
import { ComputedClusterYears } from '../standings/computed-cluster-years.service.js';
import { StandingsService } from '../standings/standings.service.js';
import { UnitsService } from '../units/units.service.js';
import { pageContext } from './page-context.js';
import { render } from './page-render.js';
import { RATING_COLOURS, sortedYears } from './page-format.js';

/** A year from the query (?nam=2021), or undefined when absent or not a year. */
function queryYear(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{4}$/.test(value)) return undefined;
  const year = Number(value);
  return year >= 2000 && year <= 2100 ? year : undefined;
}

@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly clusters: ClustersService,
    private readonly standings: StandingsService,
    private readonly results: ResultsService,
    private readonly units: UnitsService,
    private readonly computedYears: ComputedClusterYears,
  ) {}

  /** Each role lands where its work is. */
  @Get('/')
  @AnyRole()
  async home(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor = request.actor;
    if (actor?.role === 'secretary' && actor.clusterIds.length > 0) {
      const clusters = await this.clusters.list();
      const mine = clusters.find((c) => actor.clusterIds.includes(c.id));
      const year = mine ? sortedYears(mine.years).at(-1) : undefined;
      if (mine && year !== undefined) return reply.redirect(`/cum/${mine.id}/nam/${year}`, 303);
    }
    // A reporter's work is the reports; leaders and admins start from the year's overview.
    return reply.redirect(actor?.role === 'reporter' ? '/bao-cao' : '/tong-quan', 303);
  }

  @Get('dang-nhap')
  @Public()
  async login(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('tiep') next?: string,
  ): Promise<string> {
    // Only a path of this app: never an address elsewhere.
    const safeNext = next !== undefined && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
    return render(reply, 'login', pageContext(request, 'Đăng nhập', { next: safeNext }));
  }

  @Get('doi-mat-khau')
  @AnyRole()
  async password(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return render(reply, 'password', pageContext(request, 'Đổi mật khẩu'));
  }

  /** The leaders' landing page: every cluster and bloc of a year. */
  @Get('tong-quan')
  @AnyRole()
  async overview(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('nam') nam?: string,
  ): Promise<string> {
    const clusters = await this.clusters.list();
    const years = [...new Set(clusters.flatMap((c) => sortedYears(c.years)))].sort((a, b) => a - b);
    const year = queryYear(nam) ?? years.at(-1) ?? new Date().getFullYear();
    const overview = await this.standings.overview(year);
    const chart = {
      labels: overview.clusters.map((c) => c.clusterCode),
      excellent: overview.clusters.map((c) => c.excellent.percent ?? 0),
      targets: overview.clusters.map((c) => c.targets.percent ?? 0),
    };
    return render(
      reply,
      'overview',
      pageContext(request, `Tổng quan năm ${year}`, {
        year,
        years: years.includes(year) ? years : [...years, year].sort(),
        overview,
        chart,
      }),
    );
  }

  /** Clusters and blocs, with their years (secretaries: theirs first). */
  @Get('cum')
  @AnyRole()
  async clusterList(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const clusters = await this.clusters.list();
    const mine = request.actor?.role === 'secretary' ? request.actor.clusterIds : [];
    const rows = clusters
      .map((c) => ({ ...c, mine: mine.includes(c.id), sortedYears: sortedYears(c.years) }))
      .sort((a, b) => Number(b.mine) - Number(a.mine) || a.code.localeCompare(b.code, 'vi'));
    return render(reply, 'clusters', pageContext(request, 'Cụm, khối thi đua', { clusters: rows }));
  }

  /** A cluster's year: the result sentence, the standings, the charts, the years before. */
  @Get('cum/:id/nam/:year')
  @AnyRole()
  async clusterYear(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
  ): Promise<string> {
    const { cluster, years: history, current } = await this.standings.historyAt(id, year);
    const years = history.map((h) => h.year);
    const { standings, clusterYear, head, deputy, nextHead, nextDeputy } = current;
    const summary = { ...current.figures, head, deputy, nextHead, nextDeputy, maxPossibleTotal: standings.maxTotal };
    const trend = history
      .filter((h) => h.year <= year)
      .slice(-6)
      .map((h) => ({
        year: h.year,
        excellent: h.figures.ratings.EXCELLENT.percent ?? 0,
        targets: h.figures.targets.percent ?? 0,
      }));
    const chart = {
      labels: standings.rows.map((r) => r.unit.name),
      totals: standings.rows.map((r) => r.total),
      colours: standings.rows.map((r) => RATING_COLOURS[r.rating ?? 'NONE'] ?? RATING_COLOURS.NONE),
      max: standings.maxTotal,
      trend,
    };
    const canWrite =
      request.actor?.role === 'admin' || (request.actor?.role === 'secretary' && request.actor.clusterIds.includes(id));
    return render(
      reply,
      'cluster-year',
      pageContext(request, `${cluster.name} — năm ${year}`, {
        cluster,
        years,
        year,
        clusterYear,
        standings,
        summary,
        chart,
        canWrite,
      }),
    );
  }

  /** One unit's year, criterion by criterion, and its rank and total across the cluster's years. */
  @Get('cum/:id/nam/:year/don-vi/:unitId')
  @AnyRole()
  async unit(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @IdParam('unitId') unitId: number,
  ): Promise<string> {
    const { cluster, years } = await this.standings.history(id);
    const clusterYear = years.find((h) => h.year === year)?.clusterYear;
    const detail = clusterYear === undefined ? null : await this.computedYears.unitDetail(clusterYear, unitId);
    // Not a member that year (or no such year, or no such unit): the results API says which, as a 404.
    const results = detail ?? (await this.results.get(id, year, unitId));
    const unit = { id: unitId, names: await this.units.nameHistory(unitId) };
    const history = years.flatMap(({ year: y, standings }) => {
      const row = standings.rows.find((r) => r.unit.id === unitId);
      return row
        ? [
            {
              year: y,
              rank: row.rank,
              of: standings.rows.length,
              total: row.totalDisplay,
              rating: row.ratingLabel,
              ratingCode: row.rating,
            },
          ]
        : [];
    });
    return render(
      reply,
      'unit',
      pageContext(request, `${results.name} — năm ${year}`, { cluster, year, unit, results, history }),
    );
  }
}
