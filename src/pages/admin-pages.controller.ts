/**
 * The administration pages ("Quản trị"), for admins only: accounts, units, clusters and blocs, the
 * report header. They read through the same services as the API and write through the JSON API
 * (templates/assets/admin.js), so validation, authorization and the audit trail are the API's.
 */
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService } from '../accounts/accounts.service.js';
import { ClustersService, CLUSTER_KIND_LABELS } from '../clusters/clusters.service.js';
import { Allow } from '../common/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { MOTTO_LINES, SettingsService } from '../reports/settings.service.js';
import { UnitsService } from '../units/units.service.js';
import { adminSections, clusterOptions, formatDate, nameSpan, ROLE_OPTIONS, userRows } from './admin-view.js';
import { pageContext } from './page-context.js';
import { render } from './page-render.js';

/** A moment as the date in Vietnam (UTC+7, no daylight saving): the dates people read on the page. */
const inVietnam = (time: number): Date => new Date(time + 7 * 3_600_000);

/** These pages' templates also use formatDate, nameSpan. */
const renderPage = (reply: FastifyReply, view: string, data: object): Promise<string> =>
  render(reply, view, data, { formatDate, nameSpan });

@ApiExcludeController()
@Controller('quan-tri')
@Allow('admin')
export class AdminPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly units: UnitsService,
    private readonly clusters: ClustersService,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  async home(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [users, units, clusters, settings] = await Promise.all([
      this.accounts.list(),
      this.units.list({}),
      this.clusters.list(),
      this.settings.get(),
    ]);
    const sections = adminSections(users, units.length, clusters, settings);
    return renderPage(reply, 'admin-home', pageContext(request, 'Quản trị', { sections }));
  }

  @Get('tai-khoan')
  async users(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const [users, clusters] = await Promise.all([this.accounts.list(), this.clusters.list()]);
    return renderPage(
      reply,
      'admin-users',
      pageContext(request, 'Tài khoản', {
        users: userRows(users, clusters),
        clusters: clusterOptions(clusters),
        roles: ROLE_OPTIONS,
        selfId: request.actor?.userId ?? null,
      }),
    );
  }

  @Get('don-vi')
  async unitList(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const units = await this.units.listDetailed();
    const rows = units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      note: u.note,
      version: u.version,
      names: u.names.map((n) => ({ name: n.name, span: nameSpan(n) })),
    }));
    return renderPage(reply, 'admin-units', pageContext(request, 'Đơn vị', { units: rows }));
  }

  @Get('cum')
  async clusterList(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const clusters = await this.clusters.list();
    const rows = clusters.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      kindLabel: c.kindLabel,
      description: c.description,
      version: c.version,
      years: c.years.map((y) => y.year),
    }));
    const kinds = Object.entries(CLUSTER_KIND_LABELS).map(([value, label]) => ({ value, label }));
    return renderPage(reply, 'admin-clusters', pageContext(request, 'Cụm, khối thi đua', { clusters: rows, kinds }));
  }

  @Get('thiet-lap-bao-cao')
  async reportSettings(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const settings = await this.settings.get();
    const today = inVietnam(Date.now());
    const dateLine = {
      day: String(today.getUTCDate()).padStart(2, '0'),
      month: String(today.getUTCMonth() + 1).padStart(2, '0'),
      year: today.getUTCFullYear(),
    };
    return renderPage(
      reply,
      'admin-settings',
      pageContext(request, 'Thiết lập báo cáo', {
        settings,
        mottoLines: MOTTO_LINES,
        dateLine,
        updatedAt: formatDate(inVietnam(Date.parse(settings.updatedAt)).toISOString()),
      }),
    );
  }
}
