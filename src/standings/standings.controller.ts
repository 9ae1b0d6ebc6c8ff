import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam, YearParam } from '../common/params.js';
import { OverviewResponse, StandingsResponse, SummaryResponse } from './dto/standings.dto.js';
import { StandingsService } from './standings.service.js';

/** These reads answer JSON bytes made once per revision of their figures (StandingsService.serialized). */
const JSON_TYPE = 'application/json; charset=utf-8';

@ApiTags('Xếp hạng, xếp loại, tổng hợp (standings)')
@ApiBearerAuth()
@Controller('api')
@AnyRole()
export class StandingsController {
  constructor(private readonly standings: StandingsService) {}

  @Get('clusters/:id/years/:year/standings')
  @ApiOperation({ summary: 'Bảng xếp hạng: tổng điểm, xếp loại, chỉ tiêu đạt/ký kết, tiêu chí quyết định thứ hạng' })
  @ApiResult(StandingsResponse)
  @Header('content-type', JSON_TYPE)
  list(@IdParam('id') id: number, @YearParam('year') year: number): Promise<Buffer> {
    return this.standings.standingsJson(id, year);
  }

  @Get('clusters/:id/years/:year/summary')
  @ApiOperation({ summary: 'Tổng hợp năm của cụm, so với năm trước' })
  @ApiResult(SummaryResponse)
  @Header('content-type', JSON_TYPE)
  summary(@IdParam('id') id: number, @YearParam('year') year: number): Promise<Buffer> {
    return this.standings.summaryJson(id, year);
  }

  @Get('years/:year/summary')
  @ApiOperation({ summary: 'Tổng hợp của đơn vị tổ chức: mỗi cụm, khối một dòng' })
  @ApiResult(OverviewResponse, { errors: [400] })
  @Header('content-type', JSON_TYPE)
  overview(@YearParam('year') year: number): Promise<Buffer> {
    return this.standings.overviewJson(year);
  }
}
