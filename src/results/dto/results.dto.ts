import { ApiProperty } from '@nestjs/swagger';
import { DecimalField, NestedField, OneOfField, TextField, VersionField } from '../../common/validation.js';
import { RATINGS, type Rating } from '../../standings/domain/types.js';

export class ResultEntryDto {
  @TextField({ maxLength: 40, example: '1.1', description: 'Mã tiêu chí (lá) trong bảng chấm điểm.' })
  criterionCode: string;

  @DecimalField({
    min: 0,
    optional: true,
    description: 'Kết quả thực hiện: giá trị đạt được (chỉ tiêu), số lần (per-occurrence), 1/0 (có/không).',
  })
  actual?: number | null;

  @DecimalField({ min: 0, optional: true, description: 'Điểm tự chấm.' })
  selfScore?: number | null;

  @DecimalField({ min: 0, optional: true, description: 'Điểm cụm chấm / thẩm định.' })
  reviewedScore?: number | null;

  @TextField({ maxLength: 4000, optional: true })
  note?: string | null;

  @TextField({ maxLength: 4000, optional: true, description: 'Lý do, bắt buộc khi điểm thẩm định khác điểm tự chấm.' })
  reviewReason?: string | null;
}

export class VetoDto {
  @TextField({ maxLength: 4000, description: 'Lý do phủ quyết (vi phạm...).' })
  reason: string;
}

export class RatingOverrideDto {
  @OneOfField(RATINGS)
  rating: Rating;

  @TextField({ maxLength: 4000, description: 'Lý do hội nghị quyết định xếp loại khác.' })
  reason: string;
}

export class PutResultsDto {
  @VersionField('Phiên bản kết quả đã đọc (GET); khác phiên bản hiện tại: 409 kèm giá trị hiện tại, không ghi gì.')
  version?: number;

  @NestedField(() => ResultEntryDto, {
    each: true,
    maxItems: 2000,
    description: 'Toàn bộ kết quả của đơn vị: tiêu chí không có trong danh sách được xóa kết quả.',
  })
  results: ResultEntryDto[];

  @NestedField(() => VetoDto, { optional: true, description: 'Bỏ qua: giữ nguyên; null: bỏ phủ quyết.' })
  veto?: VetoDto | null;

  @NestedField(() => RatingOverrideDto, { optional: true, description: 'Bỏ qua: giữ nguyên; null: bỏ.' })
  ratingOverride?: RatingOverrideDto | null;
}

export class LeafResultResponse {
  @ApiProperty() criterionCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) parentCode: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() method: string;
  @ApiProperty({ nullable: true, type: String }) direction: string | null;
  @ApiProperty({ nullable: true, type: String }) unitOfMeasure: string | null;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty({ nullable: true, type: Number }) actual: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) met: boolean | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Điểm tính theo cách tính điểm.' }) computed: number | null;
  @ApiProperty({ nullable: true, type: Number }) selfScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) reviewedScore: number | null;
  @ApiProperty({ description: 'Điểm được tính.' }) final: number;
  @ApiProperty({ enum: ['reviewed', 'self', 'computed', 'none'], description: 'Điểm nào được tính.' }) source: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewReason: string | null;
}

export class GroupScoreResponse {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() score: number;
  @ApiProperty() maxPoints: number;
}

export class UnitResultsResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() year: number;
  @ApiProperty() unitId: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty() total: number;
  @ApiProperty() base: number;
  @ApiProperty() bonus: number;
  @ApiProperty() penalty: number;
  @ApiProperty() targetsMet: number;
  @ApiProperty() targetsSigned: number;
  @ApiProperty({ enum: RATINGS, nullable: true }) computedRating: Rating | null;
  @ApiProperty({ enum: RATINGS, nullable: true }) rating: Rating | null;
  @ApiProperty({ nullable: true, type: VetoDto }) veto: VetoDto | null;
  @ApiProperty({ nullable: true, type: RatingOverrideDto }) ratingOverride: RatingOverrideDto | null;
  @ApiProperty({ description: 'Phiên bản kết quả: gửi lại khi sửa.' }) version: number;
  @ApiProperty({ type: [GroupScoreResponse] }) groups: GroupScoreResponse[];
  @ApiProperty({ type: [LeafResultResponse] }) results: LeafResultResponse[];
}
