import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AnyRole } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { CreateUnitDto, UnitListQueryDto, UnitResponse, UnitSummaryResponse, UpdateUnitDto } from './dto/unit.dto.js';
import { UnitsService } from './units.service.js';
import { IdParam } from '../common/params.js';

@ApiTags('Đơn vị (units)')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Danh sách đơn vị' })
  @ApiResult(UnitSummaryResponse, { isArray: true, errors: [400] })
  list(@Query() query: UnitListQueryDto): Promise<UnitSummaryResponse[]> {
    return this.units.list(query);
  }

  @Post()
  @Allow('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Thêm đơn vị' })
  @ApiResult(UnitResponse, { status: 201, errors: [400, 404, 409] })
  create(@Body() dto: CreateUnitDto): Promise<UnitResponse> {
    return this.units.create(dto);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'Một đơn vị, với lịch sử tên, tỷ lệ nữ và đơn vị tiền thân/kế thừa' })
  @ApiResult(UnitResponse)
  get(@IdParam('id') id: number): Promise<UnitResponse> {
    return this.units.get(id);
  }

  @Patch(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Sửa đơn vị (mã, đổi tên, lịch sử tên, tỷ lệ nữ, tiền thân)' })
  @ApiResult(UnitResponse, { errors: [400, 404, 409] })
  update(@IdParam('id') id: number, @Body() dto: UpdateUnitDto): Promise<UnitResponse> {
    return this.units.update(id, dto);
  }
}
