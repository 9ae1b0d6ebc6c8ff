import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, AnyRole } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam } from '../common/params.js';
import { ClustersService } from './clusters.service.js';
import { ClusterResponse, CreateClusterDto, UpdateClusterDto } from './dto/cluster.dto.js';

@ApiTags('Cụm, khối thi đua (clusters)')
@ApiBearerAuth()
@Controller('api/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @AnyRole()
  @ApiOperation({ summary: 'Danh sách cụm, khối thi đua và các năm đã có' })
  @ApiResult(ClusterResponse, { isArray: true, errors: [] })
  list(): Promise<ClusterResponse[]> {
    return this.clusters.list();
  }

  @Post()
  @Allow('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Thêm cụm/khối thi đua' })
  @ApiResult(ClusterResponse, { status: 201, errors: [400, 409] })
  create(@Body() dto: CreateClusterDto): Promise<ClusterResponse> {
    return this.clusters.create(dto);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'Một cụm/khối thi đua' })
  @ApiResult(ClusterResponse)
  get(@IdParam('id') id: number): Promise<ClusterResponse> {
    return this.clusters.get(id);
  }

  @Patch(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Sửa cụm/khối thi đua' })
  @ApiResult(ClusterResponse, { errors: [400, 404, 409] })
  update(@IdParam('id') id: number, @Body() dto: UpdateClusterDto): Promise<ClusterResponse> {
    return this.clusters.update(id, dto);
  }
}
