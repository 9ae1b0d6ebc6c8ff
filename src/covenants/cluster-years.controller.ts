import { Body, Controller, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, ClusterWriters } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import type { FastifyReply } from 'fastify';
import { IdParam, YearParam } from '../common/params.js';
import { ClusterYearsService } from './cluster-years.service.js';
import { ClusterYearResponse, PutClusterYearDto, PutReportTextsDto } from './dto/cluster-year.dto.js';

@ApiTags('Năm thi đua của cụm (cluster-years)')
@ApiBearerAuth()
@Controller('api/clusters/:id/years')
export class ClusterYearsController {
  constructor(private readonly clusterYears: ClusterYearsService) {}

  @Get(':year')
  @AnyRole()
  @ApiOperation({ summary: 'Năm thi đua: thành viên, cụm trưởng, cụm phó, quy định, bảng chấm điểm và chỉ tiêu' })
  @ApiResult(ClusterYearResponse)
  get(@IdParam('id') id: number, @YearParam('year') year: number): Promise<ClusterYearResponse> {
    return this.clusterYears.get(id, year);
  }

  @Put(':year')
  @ClusterWriters()
  @ApiOperation({
    summary: 'Tạo (201) hoặc thay toàn bộ (200) năm thi đua',
    description:
      'Tiêu chí được nhận theo mã: giữ kết quả của tiêu chí còn trong bảng. Bỏ tiêu chí hay thành viên đã có kết quả bị từ chối (409). ' +
      'Bỏ trống ruleSet: giữ quy định hiện có (năm mới: quy định mặc định).',
  })
  @ApiResult(ClusterYearResponse, { errors: [400, 404, 409] })
  @ApiResponse({ status: 201, type: ClusterYearResponse, description: 'Năm mới được tạo' })
  async put(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Body() dto: PutClusterYearDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClusterYearResponse> {
    const { created, body } = await this.clusterYears.put(id, year, dto);
    void reply.status(created ? 201 : 200);
    return body;
  }

  @Put(':year/report-texts')
  @ClusterWriters()
  @ApiOperation({
    summary: 'Người ký, ưu điểm và hạn chế in trên báo cáo tổng kết của năm',
    description: 'Gửi kèm version đã đọc; năm đã chốt không sửa được (409).',
  })
  @ApiResult(ClusterYearResponse, { errors: [400, 404, 409] })
  putReportTexts(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Body() dto: PutReportTextsDto,
  ): Promise<ClusterYearResponse> {
    return this.clusterYears.putReportTexts(id, year, dto);
  }

  @Post(':year/copy-from/:prev')
  @ClusterWriters()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Tạo năm mới từ một năm trước',
    description:
      'Sao chép thành viên (trừ đơn vị đã rời cụm), cụm trưởng và cụm phó đã bầu cho năm mới, quy định, bảng chấm điểm và chỉ tiêu ký kết; không sao chép kết quả.',
  })
  @ApiResult(ClusterYearResponse, { status: 201, errors: [400, 404, 409] })
  copyFrom(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @YearParam('prev') prev: number,
  ): Promise<ClusterYearResponse> {
    return this.clusterYears.copyFrom(id, year, prev);
  }
}
