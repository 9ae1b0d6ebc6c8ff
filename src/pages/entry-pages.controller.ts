/**
 * The results entry pages of a cluster-year, for its secretaries (and admins): the member units with
 * how far each one's entry has got, and one unit's entry form. The form writes through the JSON API
 * (PUT …/results/:unitId with the version read, POST …/preview while typing): the same checks, the
 * same access rule, the same audit as any client.
 */
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClusterWriters } from '../common/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { IdParam, YearParam } from '../common/params.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { ResultsService } from '../results/results.service.js';
import { RATING_LABELS } from '../standings/domain/types.js';
import { StandingsService } from '../standings/standings.service.js';
import { entryRows, inputNumber } from './entry-view.js';
import { pageContext } from './page-context.js';
import { render } from './page-render.js';

/** These pages' templates also use inputNumber. */
const renderPage = (reply: FastifyReply, view: string, data: object): Promise<string> =>
  render(reply, view, data, { inputNumber });

@ApiExcludeController()
@Controller('cum/:id/nam/:year/nhap-ket-qua')
export class EntryPagesController {
  constructor(
    private readonly clusterYears: ClusterYearsService,
    private readonly standings: StandingsService,
    private readonly results: ResultsService,
  ) {}

  /** The member units: entered leaves / leaves, total, rank, rating, and a link to each form. */
  @Get()
  @ClusterWriters()
  async list(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
  ): Promise<string> {
    const standings = await this.standings.standings(id, year);
    const complete = standings.rows.filter((r) => r.leavesEntered === r.leafCount).length;
    return renderPage(
      reply,
      'entry-list',
      pageContext(request, `Nhập kết quả — ${standings.clusterName} năm ${year}`, { standings, year, complete }),
    );
  }

  /** One unit's entry form: the scoring table's leaves with what each takes, and a live preview. */
  @Get('don-vi/:unitId')
  @ClusterWriters()
  async form(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @IdParam('unitId') unitId: number,
  ): Promise<string> {
    const [clusterYear, results] = await Promise.all([
      this.clusterYears.get(id, year),
      this.results.get(id, year, unitId),
    ]);
    const rows = entryRows(clusterYear.scoringTable, results);
    const members = clusterYear.memberDetails.filter((m) => !m.leftOn).length;
    const finalized = clusterYear.status === 'finalized';
    const script = {
      clusterId: id,
      year,
      unitId,
      unitName: results.name,
      version: results.version,
      members,
      finalized,
      leaves: rows.flatMap((r) =>
        r.type === 'leaf'
          ? [{ code: r.code, title: r.title, maxPoints: r.maxPoints, actualKind: r.actualKind, method: r.method }]
          : [],
      ),
      before: { total: results.total, rank: results.rank, rating: results.rating },
    };
    return renderPage(
      reply,
      'entry-form',
      pageContext(request, `Nhập kết quả — ${results.name} năm ${year}`, {
        clusterYear,
        results,
        rows,
        members,
        finalized,
        script,
        ratingLabels: RATING_LABELS,
      }),
    );
  }
}
