import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { AuditService } from './audit.service.js';
import { AuditListResponse, AuditQueryDto } from './dto/audit.dto.js';

@ApiTags('Nhật ký thay đổi (audit)')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('admin', 'leader')
  @ApiOperation({ summary: 'Nhật ký thay đổi: ai, lúc nào, thay đổi gì (cũ → mới), lý do; mới nhất trước' })
  @ApiResult(AuditListResponse, { errors: [400] })
  list(@Query() query: AuditQueryDto): Promise<AuditListResponse> {
    return this.audit.list(query);
  }
}
