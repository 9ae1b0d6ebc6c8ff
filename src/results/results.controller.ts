import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole, ClusterWriters } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam, YearParam } from '../common/params.js';
import { PutResultsDto, UnitResultsResponse } from './dto/results.dto.js';
import { ResultsService } from './results.service.js';

@ApiTags('Kết quả của đơn vị (results)')
@ApiBearerAuth()
@Controller('api/clusters/:id/years/:year/results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':unitId')
  @AnyRole()
  @ApiOperation({ summary: 'Kết quả, điểm từng tiêu chí, tổng điểm và xếp loại của một đơn vị' })
  @ApiResult(UnitResultsResponse, { errors: [400, 404, 409] })
  get(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @IdParam('unitId') unitId: number,
  ): Promise<UnitResultsResponse> {
    return this.results.get(id, year, unitId);
  }

  @Put(':unitId')
  @ClusterWriters()
  @ApiOperation({ summary: 'Nhập toàn bộ kết quả của một đơn vị (và phủ quyết, xếp loại do hội nghị quyết định)' })
  @ApiResult(UnitResultsResponse, { errors: [400, 404, 409] })
  put(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @IdParam('unitId') unitId: number,
    @Body() dto: PutResultsDto,
  ): Promise<UnitResultsResponse> {
    return this.results.put(id, year, unitId, dto);
  }

  @Post(':unitId/preview')
  @HttpCode(200)
  @ClusterWriters()
  @ApiOperation({
    summary: 'Xem trước: điểm, tổng điểm, xếp loại và hạng nếu nhập các kết quả này (không ghi gì)',
    description: 'Cùng nội dung và cùng kiểm tra như PUT; không kiểm tra phiên bản, trả về phiên bản đang lưu.',
  })
  @ApiResult(UnitResultsResponse, { errors: [400, 404, 409] })
  preview(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @IdParam('unitId') unitId: number,
    @Body() dto: PutResultsDto,
  ): Promise<UnitResultsResponse> {
    return this.results.preview(id, year, unitId, dto);
  }
}
