/**
 * The Excel pages: "Nhập từ Excel" (a cluster's secretary downloads the entry workbook, uploads it
 * filled, reads the preview and applies it) and "Báo cáo" (every role downloads the cluster's annual
 * report and the organizer's overview). The pages only show and send: the files are made, read,
 * checked and written by the same JSON API as any client (same validation, authorization, audit).
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClustersService } from '../clusters/clusters.service.js';
import { AnyRole, ClusterWriters } from '../common/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { AppException } from '../common/app-exception.js';
import { IdParam, YearParam } from '../common/params.js';
import { reportChoices } from './excel-report-choices.js';
import { pageContext } from './page-context.js';
import { render } from './page-render.js';
import { sortedYears } from './page-format.js';

@ApiExcludeController()
@Controller()
export class ExcelPagesController {
  constructor(private readonly clusters: ClustersService) {}

  /** Entering a cluster-year's results from the entry workbook: download, upload, preview, apply. */
  @Get('cum/:id/nam/:year/nhap-excel')
  @ClusterWriters()
  async importPage(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
  ): Promise<string> {
    const cluster = await this.clusters.get(id);
    const clusterYear = cluster.years.find((y) => y.year === year);
    if (!clusterYear) {
      throw new AppException('CLUSTER_YEAR_NOT_FOUND', `${cluster.name} chưa có năm thi đua ${year}.`);
    }
    const api = `/api/clusters/${id}/years/${year}`;
    return render(
      reply,
      'excel-import',
      pageContext(request, `Nhập từ Excel — ${cluster.name}, năm ${year}`, {
        cluster,
        year,
        finalized: clusterYear.status === 'finalized',
        years: sortedYears(cluster.years),
        config: { api, templateUrl: `${api}/entry-template.xlsx`, yearUrl: `/cum/${id}/nam/${year}` },
      }),
    );
  }

  /** The Excel reports: a cluster's annual report and the organizer's overview of a year. */
  @Get('bao-cao')
  @AnyRole()
  async reportsPage(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('cum') cum?: string,
    @Query('nam') nam?: string,
  ): Promise<string> {
    const clusters = await this.clusters.list();
    const mine = request.actor?.role === 'secretary' ? request.actor.clusterIds : [];
    const { years, year, clusters: inYear, clusterId } = reportChoices(clusters, { cluster: cum, year: nam, mine });
    return render(
      reply,
      'excel-reports',
      pageContext(request, 'Báo cáo Excel', { years, year, clusters: inYear, clusterId }),
    );
  }
}
