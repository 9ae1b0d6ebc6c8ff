import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '../common/auth/access.decorator.js';
import { DataSource } from 'typeorm';
import { BackupScheduler, type BackupStatus } from '../backups/backup-scheduler.service.js';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ enum: ['sqlite', 'postgres'] }) database: string;
  @ApiProperty({
    required: false,
    description: 'Sao lưu tự động (khi đặt BACKUP_DIR): thư mục, lần sao lưu gần nhất, lỗi lần gần nhất, lần tới',
    example: { dir: '/var/backups/thidua', lastAt: '2026-11-29T19:00:03.000Z', lastError: null, nextAt: null },
  })
  backup?: BackupStatus;
}

@ApiTags('Hệ thống')
@Controller('api/health')
@Public()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly backups: BackupScheduler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Tình trạng ứng dụng và cơ sở dữ liệu' })
  async check(): Promise<HealthResponse> {
    await this.dataSource.query('SELECT 1');
    const backup = this.backups.status();
    return {
      status: 'ok',
      database: this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite',
      ...(backup ? { backup } : {}),
    };
  }
}
