import { ApiProperty } from '@nestjs/swagger';
import { TextField, VersionField } from '../../common/validation.js';
import { StandingsResponse, SummaryResponse } from '../../standings/dto/standings.dto.js';
import { RATINGS, type Rating } from '../../standings/domain/types.js';

export class FinalizeDto {
  @VersionField('Phiên bản năm đã đọc (GET); khác phiên bản hiện tại: 409.')
  version?: number;

  @TextField({
    maxLength: 4000,
    optional: true,
    description: 'Lý do, căn cứ chốt (ví dụ: hội nghị tổng kết ngày …), được ghi vào nhật ký.',
  })
  reason?: string | null;
}

export class ReopenDto {
  @TextField({ maxLength: 4000, description: 'Lý do mở lại (bắt buộc), được ghi vào nhật ký.' })
  reason: string;
}

export class AdoptedFiguresResponse {
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty() total: number;
  @ApiProperty({ enum: RATINGS, nullable: true }) rating: Rating | null;
}

export class ChangeSinceResponse {
  @ApiProperty() unitId: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: AdoptedFiguresResponse, description: 'Như hội nghị đã thông qua.' })
  adopted: AdoptedFiguresResponse | null;
  @ApiProperty({ nullable: true, type: AdoptedFiguresResponse, description: 'Như hiện nay.' })
  current: AdoptedFiguresResponse | null;
}

export class SnapshotResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['open', 'finalized'], description: 'Trạng thái hiện tại của năm.' }) status: string;
  @ApiProperty() takenAt: string;
  @ApiProperty() takenBy: string;
  @ApiProperty({ type: StandingsResponse, description: 'Bảng xếp hạng như đã chốt.' }) standings: StandingsResponse;
  @ApiProperty({ type: SummaryResponse, description: 'Số liệu tổng hợp như đã chốt.' }) summary: SummaryResponse;
  @ApiProperty({
    type: [ChangeSinceResponse],
    description: 'Đơn vị có thứ hạng, tổng điểm hay xếp loại khác đi từ khi chốt.',
  })
  changesSince: ChangeSinceResponse[];
}
