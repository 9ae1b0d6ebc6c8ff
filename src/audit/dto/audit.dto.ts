import { ApiProperty } from '@nestjs/swagger';
import { DateField, IdField, IntField, OneOfField, QueryInt, YearField } from '../../common/validation.js';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType } from '../audit-entry.entity.js';

export class AuditQueryDto {
  @QueryInt()
  @IdField({ optional: true })
  clusterId?: number;

  @QueryInt()
  @YearField({ optional: true })
  year?: number;

  @QueryInt()
  @IdField({ optional: true })
  unitId?: number;

  @QueryInt()
  @IdField({ optional: true })
  userId?: number;

  @OneOfField(AUDIT_ENTITY_TYPES, { optional: true })
  entityType?: AuditEntityType;

  @OneOfField(AUDIT_ACTIONS, { optional: true, description: 'Loại thay đổi: create, update, finalize, reopen…' })
  action?: AuditAction;

  @DateField({ optional: true, description: 'Từ ngày (giờ Việt Nam), YYYY-MM-DD' })
  from?: string;

  @DateField({ optional: true, description: 'Đến hết ngày (giờ Việt Nam), YYYY-MM-DD' })
  to?: string;

  @QueryInt()
  @IntField({ optional: true, min: 1, max: 100_000 })
  page?: number;

  @QueryInt()
  @IntField({ optional: true, min: 1, max: 200, description: 'Số dòng mỗi trang (mặc định 50, tối đa 200)' })
  pageSize?: number;
}

export class AuditChangeResponse {
  @ApiProperty({ example: 'ruleSet.thresholds.excellent' }) path: string;
  @ApiProperty({ description: 'Giá trị cũ' }) from: unknown;
  @ApiProperty({ description: 'Giá trị mới' }) to: unknown;
}

export class AuditEntryResponse {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: Number }) userId: number | null;
  @ApiProperty() username: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES }) entityType: AuditEntityType;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: Number }) clusterId: number | null;
  @ApiProperty({ nullable: true, type: Number }) year: number | null;
  @ApiProperty({ nullable: true, type: Number }) unitId: number | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: [AuditChangeResponse], description: 'Các giá trị thay đổi: cũ → mới.' })
  changes: AuditChangeResponse[];
  @ApiProperty({ nullable: true, description: 'Bản ghi trước khi thay đổi.' }) before: unknown;
  @ApiProperty({ nullable: true, description: 'Bản ghi sau khi thay đổi.' }) after: unknown;
}

export class AuditListResponse {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
}
