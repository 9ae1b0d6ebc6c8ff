import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AnyRole, ClusterWriters } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam, YearParam } from '../common/params.js';
import { FinalizeDto, ReopenDto, SnapshotResponse } from './dto/finalize.dto.js';
import { FinalizeService } from './finalize.service.js';

@ApiTags('Chốt kết quả (finalize)')
@ApiBearerAuth()
@Controller('api/clusters/:id/years/:year')
export class FinalizeController {
  constructor(private readonly finalizer: FinalizeService) {}

  @Post('finalize')
  @ClusterWriters()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Chốt kết quả: lưu bảng xếp hạng và số liệu tổng hợp như hội nghị thông qua; từ đó năm này không sửa được',
  })
  @ApiResult(SnapshotResponse, { errors: [400, 404, 409] })
  finalize(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Body() dto: FinalizeDto,
  ): Promise<SnapshotResponse> {
    return this.finalizer.finalize(id, year, dto);
  }

  @Post('reopen')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mở lại một năm đã chốt (chỉ quản trị, cần lý do)' })
  async reopen(@IdParam('id') id: number, @YearParam('year') year: number, @Body() dto: ReopenDto): Promise<void> {
    await this.finalizer.reopen(id, year, dto.reason);
  }

  @Get('snapshot')
  @AnyRole()
  @ApiOperation({ summary: 'Kết quả như đã chốt, và những gì đã khác đi từ đó' })
  @ApiResult(SnapshotResponse)
  snapshot(@IdParam('id') id: number, @YearParam('year') year: number): Promise<SnapshotResponse> {
    return this.finalizer.snapshot(id, year);
  }
}
