/**
 * The Excel pages: "Nhập từ Excel" (a cluster's secretary downloads the entry workbook, uploads it
 * filled, reads the preview and applies it) and "Báo cáo" (every role downloads the cluster's annual
 * report, its written summary report and the organizer's overview; those who may write the cluster-year
 * also edit the summary report's signer, strengths and shortcomings). The pages only show and send: the files are made, read,
 * checked and written by the same JSON API as any client (same validation, authorization, audit).
 */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClustersService } from '../clusters/clusters.service.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { REPORT_TEXT_MAX } from '../covenants/dto/cluster-year.dto.js';
import { PdfConverterService } from '../reports/pdf-converter.service.js';
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
  constructor(
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly pdf: PdfConverterService,
  ) {}

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
    // The summary report's texts of the chosen cluster-year, for those who may write them.
    const writer =
      clusterId !== null &&
      (request.actor?.role === 'admin' ||
        (request.actor?.role === 'secretary' && request.actor.clusterIds.includes(clusterId)));
    const texts = writer && year !== null ? await this.clusterYears.get(clusterId, year) : null;
    return render(
      reply,
      'excel-reports',
      pageContext(request, 'Báo cáo', {
        years,
        year,
        clusters: inYear,
        clusterId,
        today: new Date().toISOString().slice(0, 10),
        // PDF buttons only where LibreOffice can make them; otherwise what to install.
        pdf: { docx: this.pdf.missing('docx') === null, xlsx: this.pdf.missing('xlsx') === null },
        texts: texts && {
          api: `/api/clusters/${texts.clusterId}/years/${texts.year}/report-texts`,
          version: texts.version,
          finalized: texts.status === 'finalized',
          maxLength: REPORT_TEXT_MAX,
          ...texts.report,
        },
      }),
    );
  }
}
