import { ApiProperty } from '@nestjs/swagger';
import { OneOfField, TextField, VersionField } from '../../common/validation.js';
import { CLUSTER_KINDS, type ClusterKind } from '../cluster.entity.js';

export class CreateClusterDto {
  @TextField({ maxLength: 40, example: 'CUM5', description: 'Mã cụm/khối, duy nhất.' })
  code: string;

  @TextField({ maxLength: 255, example: 'Cụm thi đua số 5' })
  name: string;

  @OneOfField(CLUSTER_KINDS, {
    description: 'cluster: cụm thi đua (theo địa bàn); bloc: khối thi đua (theo chức năng).',
  })
  kind: ClusterKind;

  @TextField({ maxLength: 4000, optional: true })
  description?: string | null;
}

export class UpdateClusterDto {
  @VersionField('Phiên bản đã đọc (GET); khác phiên bản hiện tại: 409, không ghi gì.')
  version?: number;

  @TextField({ maxLength: 40, optional: true, notNull: true })
  code?: string;

  @TextField({ maxLength: 255, optional: true, notNull: true })
  name?: string;

  @OneOfField(CLUSTER_KINDS, { optional: true, notNull: true })
  kind?: ClusterKind;

  @TextField({ maxLength: 4000, optional: true })
  description?: string | null;
}

export class ClusterYearBriefResponse {
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['open', 'finalized'] }) status: string;
}

export class ClusterResponse {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CLUSTER_KINDS }) kind: ClusterKind;
  @ApiProperty({ description: 'Cụm thi đua / Khối thi đua' }) kindLabel: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: [ClusterYearBriefResponse] }) years: ClusterYearBriefResponse[];
  @ApiProperty({ description: 'Gửi lại khi sửa, để không ghi đè thay đổi của người khác.' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
