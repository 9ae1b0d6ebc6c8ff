import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { BackupScheduler, type BackupStatus } from '../backups/backup-scheduler.service.js';
import { Public } from '../common/auth/access.decorator.js';
import { FAULT_ANSWERS } from '../database/database-faults.js';
import { DatabaseHealthService } from '../database/database-health.service.js';

class HealthResponse {
  @ApiProperty({ example: 'ok', enum: ['ok', 'unavailable'] }) status: string;
  @ApiProperty({
    enum: ['sqlite', 'postgres', 'read-only', 'locked', 'unreachable', 'full'],
    description: 'Loại cơ sở dữ liệu khi ổn; khi không ghi được: điều đang sai (trả lời 503).',
  })
  database: string;
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
    private readonly databaseHealth: DatabaseHealthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Tình trạng ứng dụng và cơ sở dữ liệu' })
  @ApiServiceUnavailableResponse({ description: 'Cơ sở dữ liệu bị khóa, chỉ đọc, đầy hoặc không kết nối được.' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const fault = await this.databaseHealth.fault();
    const backup = this.backups.status();
    if (fault === undefined) {
      return {
        status: 'ok',
        database: this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite',
        ...(backup ? { backup } : {}),
      };
    }
    const answer = FAULT_ANSWERS[fault];
    void reply.status(503).header('retry-after', String(answer.retryAfterSeconds));
    return Object.assign(
      { statusCode: 503, code: answer.code, message: answer.message },
      { status: 'unavailable', database: fault },
      backup ? { backup } : {},
    );
  }
}
