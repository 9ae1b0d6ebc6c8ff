import { ApiProperty } from '@nestjs/swagger';
import {
  DateField,
  DecimalField,
  IdField,
  IdListField,
  IntField,
  NestedField,
  OneOfField,
  TextField,
  VersionField,
} from '../../common/validation.js';
import {
  DIRECTIONS,
  LEAF_KINDS,
  RATINGS,
  SCORING_METHODS,
  TIE_BREAKER_KINDS,
  type Direction,
  type LeafKind,
  type Rating,
  type ScoringMethod,
  type TieBreakerKind,
} from '../../standings/domain/types.js';

export class ThresholdsDto {
  @DecimalField({
    min: 0,
    max: 100,
    example: 90,
    description: '% điểm tối đa để xếp loại Hoàn thành xuất sắc nhiệm vụ',
  })
  excellent: number;

  @DecimalField({ min: 0, max: 100, example: 70, description: '% điểm tối đa để xếp loại Hoàn thành tốt nhiệm vụ' })
  good: number;

  @DecimalField({ min: 0, max: 100, example: 50, description: '% điểm tối đa để xếp loại Hoàn thành nhiệm vụ' })
  completed: number;
}

export class TieBreakerDto {
  @OneOfField(TIE_BREAKER_KINDS, {
    description:
      'targets-met: nhiều chỉ tiêu đạt hơn; group-score: điểm cao hơn ở nhóm tiêu chí criterionCode; ' +
      'fewer-penalty: ít điểm trừ hơn; women-share: tập thể có từ 70% nữ (NĐ 152/2025, điều 4 khoản 6).',
  })
  kind: TieBreakerKind;

  @TextField({ maxLength: 40, optional: true, description: 'Mã nhóm tiêu chí, chỉ với group-score.' })
  criterionCode?: string | null;
}

export class RuleSetDto {
  @NestedField(() => ThresholdsDto)
  thresholds: ThresholdsDto;

  @OneOfField(RATINGS, { description: 'Đơn vị bị phủ quyết được xếp loại cao nhất là mức này.' })
  vetoCap: Rating;

  @NestedField(() => TieBreakerDto, {
    each: true,
    maxItems: 10,
    description: 'Tiêu chí phụ khi bằng điểm, theo thứ tự.',
  })
  tieBreakers: TieBreakerDto[];

  @IntField({ min: 0, max: 4, description: 'Số chữ số thập phân khi hiển thị.' })
  displayDecimals: number;

  @DecimalField({
    min: 0,
    optional: true,
    description: 'Tổng điểm tối đa (cơ sở xếp loại); trống: tổng điểm tối đa của các tiêu chí chỉ tiêu và chấm điểm.',
  })
  maxTotal?: number | null;
}

export class TargetValueDto {
  @IdField()
  unitId: number;

  @DecimalField({ min: 0, description: 'Giá trị chỉ tiêu đơn vị ký kết.' })
  value: number;
}

export class CriterionDto {
  @TextField({ maxLength: 40, example: '1.1', description: 'Mã tiêu chí, duy nhất trong bảng.' })
  code: string;

  @TextField({ maxLength: 500 })
  title: string;

  @TextField({ maxLength: 40, optional: true, description: 'Mã tiêu chí cha; trống: cấp cao nhất.' })
  parentCode?: string | null;

  @DecimalField({ min: 0, optional: true, description: 'Điểm tối đa; bắt buộc với tiêu chí lá.' })
  maxPoints?: number | null;

  @OneOfField(LEAF_KINDS, {
    optional: true,
    description: 'Trống: nhóm tiêu chí. target: chỉ tiêu; graded: chấm điểm; bonus: điểm cộng; penalty: điểm trừ.',
  })
  kind?: LeafKind | null;

  @OneOfField(SCORING_METHODS, { optional: true })
  method?: ScoringMethod | null;

  @OneOfField(DIRECTIONS, { optional: true, description: 'Với chỉ tiêu: at-least (≥) hoặc at-most (≤).' })
  direction?: Direction | null;

  @DecimalField({ min: 0, optional: true, description: 'Chỉ tiêu mặc định cho đơn vị không ký giá trị riêng.' })
  defaultTarget?: number | null;

  @TextField({ maxLength: 100, optional: true, example: '%' })
  unitOfMeasure?: string | null;

  @DecimalField({ min: 0, optional: true, description: 'Điểm mỗi lần, với per-occurrence.' })
  pointsPerOccurrence?: number | null;

  @NestedField(() => TargetValueDto, { each: true, optional: true, maxItems: 5000 })
  targets?: TargetValueDto[];
}

export class MovementDto {
  @IdField()
  unitId: number;

  @DateField({ optional: true, description: 'Ngày vào cụm giữa năm.' })
  joinedOn?: string | null;

  @DateField({ optional: true, description: 'Ngày rời cụm giữa năm: đơn vị không được xếp hạng, xếp loại trong cụm.' })
  leftOn?: string | null;
}

export class PutClusterYearDto {
  @VersionField('Phiên bản đã đọc (GET) khi sửa một năm đã có; khác phiên bản hiện tại: 409, không ghi gì.')
  version?: number;

  @IdListField({ maxItems: 2000, description: 'Mã số các đơn vị thành viên, theo thứ tự STT.' })
  members: number[];

  @NestedField(() => MovementDto, { each: true, optional: true, maxItems: 2000 })
  movements?: MovementDto[];

  @IdField({ optional: true, description: 'Cụm trưởng' })
  headUnitId?: number | null;

  @IdField({ optional: true, description: 'Cụm phó' })
  deputyUnitId?: number | null;

  @DateField({ optional: true, description: 'Ngày ký giao ước thi đua' })
  covenantDate?: string | null;

  @DateField({ optional: true, description: 'Ngày hội nghị tổng kết' })
  conferenceDate?: string | null;

  @IdField({ optional: true, description: 'Cụm trưởng năm sau (bầu tại hội nghị)' })
  nextHeadUnitId?: number | null;

  @IdField({ optional: true, description: 'Cụm phó năm sau' })
  nextDeputyUnitId?: number | null;

  @NestedField(() => RuleSetDto, { optional: true, description: 'Trống: quy định mặc định (90/70/50%).' })
  ruleSet?: RuleSetDto | null;

  @NestedField(() => CriterionDto, { each: true, maxItems: 2000, description: 'Bảng chấm điểm, theo thứ tự hiển thị.' })
  scoringTable: CriterionDto[];
}

/** Longest strengths or shortcomings text: about two printed pages. */
export const REPORT_TEXT_MAX = 6000;

export class PutReportTextsDto {
  @VersionField('Phiên bản của năm đã đọc (GET); khác phiên bản hiện tại: 409, không ghi gì.')
  version?: number;

  @TextField({
    maxLength: 120,
    optional: true,
    example: 'Nguyễn Văn A',
    description: 'Người ký thay mặt cụm (lãnh đạo đơn vị cụm trưởng); trống: để trống dòng tên.',
  })
  signerName?: string | null;

  @TextField({
    maxLength: REPORT_TEXT_MAX,
    optional: true,
    description: 'Ưu điểm (báo cáo tổng kết); mỗi dòng một đoạn.',
  })
  strengths?: string | null;

  @TextField({
    maxLength: REPORT_TEXT_MAX,
    optional: true,
    description: 'Hạn chế, tồn tại (báo cáo tổng kết); mỗi dòng một đoạn.',
  })
  shortcomings?: string | null;
}

export class ReportTextsResponse {
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) strengths: string | null;
  @ApiProperty({ nullable: true, type: String }) shortcomings: string | null;
}

export class UnitRefResponse {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'Tên của đơn vị trong năm này.' }) name: string;
}

export class MemberResponse {
  @ApiProperty() unitId: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) joinedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) leftOn: string | null;
}

export class ClusterYearResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() clusterCode: string;
  @ApiProperty() clusterName: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['open', 'finalized'] }) status: string;
  @ApiProperty({ type: [Number] }) members: number[];
  @ApiProperty({ type: [MemberResponse] }) memberDetails: MemberResponse[];
  @ApiProperty({ type: [MovementDto] }) movements: MovementDto[];
  @ApiProperty({ nullable: true, type: Number }) headUnitId: number | null;
  @ApiProperty({ nullable: true, type: Number }) deputyUnitId: number | null;
  @ApiProperty({ nullable: true, type: String }) covenantDate: string | null;
  @ApiProperty({ nullable: true, type: String }) conferenceDate: string | null;
  @ApiProperty({ nullable: true, type: Number }) nextHeadUnitId: number | null;
  @ApiProperty({ nullable: true, type: Number }) nextDeputyUnitId: number | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) head: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) deputy: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextHead: UnitRefResponse | null;
  @ApiProperty({ nullable: true, type: UnitRefResponse }) nextDeputy: UnitRefResponse | null;
  @ApiProperty({ type: RuleSetDto }) ruleSet: RuleSetDto;
  @ApiProperty({ description: 'Tổng điểm tối đa dùng để xếp loại.' }) effectiveMaxTotal: number;
  @ApiProperty({ type: [CriterionDto] }) scoringTable: CriterionDto[];
  @ApiProperty({ type: ReportTextsResponse, description: 'Người ký, ưu điểm, hạn chế in trên báo cáo tổng kết.' })
  report: ReportTextsResponse;
  @ApiProperty({ description: 'Gửi lại khi sửa, để không ghi đè thay đổi của người khác.' }) version: number;
  @ApiProperty({ nullable: true, type: String }) finalizedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finalizedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}
