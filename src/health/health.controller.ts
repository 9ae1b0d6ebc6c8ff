import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '../common/auth/access.decorator.js';
import { DataSource } from 'typeorm';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ enum: ['sqlite', 'postgres'] }) database: string;
}

@ApiTags('Hệ thống')
@Controller('api/health')
@Public()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Tình trạng ứng dụng và cơ sở dữ liệu' })
  async check(): Promise<HealthResponse> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite' };
  }
}
