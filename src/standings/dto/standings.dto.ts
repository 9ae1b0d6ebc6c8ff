import { ApiProperty } from '@nestjs/swagger';
import { UnitRefResponse } from '../../covenants/dto/cluster-year.dto.js';
import { RATINGS, type DecidedBy, type Rating } from '../domain/types.js';

export class StandingRowResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'Xếp hạng (1, 2, 2, 4); null: đơn vị đã rời cụm.' })
  rank: number | null;
  @ApiProperty({ type: UnitRefResponse }) unit: UnitRefResponse;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Tổng điểm hiển thị (định dạng Việt Nam).' }) totalDisplay: string;
  @ApiProperty() base: number;
  @ApiProperty() bonus: number;
  @ApiProperty() penalty: number;
  @ApiProperty({ enum: RATINGS, nullable: true }) rating: Rating | null;
  @ApiProperty({ nullable: true, type: String }) ratingLabel: string | null;
  @ApiProperty({ enum: RATINGS, nullable: true }) computedRating: Rating | null;
  @ApiProperty() vetoed: boolean;
  @ApiProperty({ nullable: true, type: String }) vetoReason: string | null;
  @ApiProperty() overridden: boolean;
  @ApiProperty({ nullable: true, type: String }) overrideReason: string | null;
  @ApiProperty() targetsMet: number;
  @ApiProperty() targetsSigned: number;
  @ApiProperty({ nullable: true, enum: ['total', 'targets-met', 'group-score', 'fewer-penalty', 'women-share'] })
  decidedBy: DecidedBy | null;
  @ApiProperty({ nullable: true, type: String }) decidedByCriterion: string | null;
  @ApiProperty() decidedByLabel: string;
  @ApiProperty() tied: boolean;
  @ApiProperty({ description: 'false: đơn vị đã rời cụm trong năm.' }) active: boolean;
  @ApiProperty({ nullable: true, type: String }) leftOn: string | null;
  @ApiProperty({ description: 'Số tiêu chí đã có số liệu.' }) leavesEntered: number;
  @ApiProperty() leafCount: number;
}

export class StandingsResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() clusterCode: string;
  @ApiProperty() clusterName: string;
  @ApiProperty() year: number;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'Tổng điểm tối đa dùng để xếp loại.' }) maxTotal: number;
  @ApiProperty() displayDecimals: number;
  @ApiProperty({ type: [StandingRowResponse] }) rows: StandingRowResponse[];
}

export class FractionResponse {
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Mẫu số.' }) of: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Phần trăm chính xác (chưa làm tròn); null khi mẫu số là 0.',
  })
  percent: number | null;
  @ApiProperty({ example: '11/12 (91,67%)' }) display: string;
}

export class RatingFractionResponse extends FractionResponse {
  @ApiProperty() label: string;
}

export class TargetsResponse {
  @ApiProperty() met: number;
  @ApiProperty() signed: number;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty({ example: '108/120 (90,00%)' }) display: string;
}

export class SummaryFiguresResponse {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Số đơn vị được xếp loại (không tính đơn vị đã rời cụm).' }) unitCount: number;
  @ApiProperty({ description: 'Theo xếp loại: EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED.' })
  ratings: Record<Rating, RatingFractionResponse>;
  @ApiProperty({ type: TargetsResponse }) targets: TargetsResponse;
  @ApiProperty({ nullable: true, type: Number }) averageTotal: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Tổng điểm cao nhất đạt được.' }) maxTotal: number | null;
  @ApiProperty({ type: [UnitRefResponse] }) leadingUnits: UnitRefResponse[];
  @ApiProperty() unitsWithoutResults: number;
  @ApiProperty() sentence: string;
}

export class RatingChangeResponse {
  @ApiProperty({ description: 'Số đơn vị tăng (+) / giảm (−).' }) count: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Điểm phần trăm tăng/giảm.' }) percentPoints: number | null;
}

export class TargetsChangeResponse {
  @ApiProperty() met: number;
  @ApiProperty() signed: number;
  @ApiProperty({ nullable: true, type: Number }) percentPoints: number | null;
}

export class SummaryChangeResponse {
  @ApiProperty() unitCount: number;
  @ApiProperty({ description: 'Theo xếp loại: EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED.' })
  ratings: Record<Rating, RatingChangeResponse>;
  @ApiProperty({ type: TargetsChangeResponse }) targets: TargetsChangeResponse;
  @ApiProperty({ nullable: true, type: Number }) averageTotal: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxTotal: number | null;
}

export class SummaryResponse extends SummaryFiguresResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() clusterCode: string;
  @ApiProperty() clusterName: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'Tổng điểm tối đa dùng để xếp loại.' }) maxPossibleTotal: number;
  @ApiProperty() displayDecimals: number;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) head: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) deputy: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextHead: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextDeputy: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: SummaryFiguresResponse }) previous: SummaryFiguresResponse | null;
  @ApiProperty({
    nullable: true,
    type: SummaryChangeResponse,
    description: 'Năm nay trừ năm trước (điểm phần trăm cho các tỷ lệ); null khi không có năm trước.',
  })
  change: SummaryChangeResponse | null;
}

export class OverviewRowResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() clusterCode: string;
  @ApiProperty() clusterName: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty() unitCount: number;
  @ApiProperty({ type: FractionResponse }) excellent: FractionResponse;
  @ApiProperty({ type: TargetsResponse }) targets: TargetsResponse;
  @ApiProperty({ type: [UnitRefResponse] }) leadingUnits: UnitRefResponse[];
  @ApiProperty({ nullable: true, type: UnitRefResponse }) head: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) deputy: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextHead: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextDeputy: UnitRefResponse | null;
}

export class OverviewResponse {
  @ApiProperty() year: number;
  @ApiProperty({ type: [OverviewRowResponse] }) clusters: OverviewRowResponse[];
  @ApiProperty({ description: 'Cộng toàn bộ các cụm, khối.' })
  totals: { clusters: number; unitCount: number; excellent: FractionResponse; targets: TargetsResponse };
}
