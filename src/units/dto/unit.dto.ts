import { ApiProperty } from '@nestjs/swagger';
import {
  DateField,
  DecimalField,
  IdField,
  NestedField,
  OneOfField,
  QueryInt,
  TextField,
  YearField,
  VersionField,
} from '../../common/validation.js';
import { UNIT_LINK_KINDS, type UnitLinkKind } from '../unit-link.entity.js';

export class UnitNameDto {
  @TextField({ maxLength: 255, example: 'Ban Tuyên giáo Quận 1' })
  name: string;

  @DateField({ optional: true, description: 'Ngày bắt đầu dùng tên (trống: từ trước).' })
  validFrom?: string | null;

  @DateField({ optional: true, description: 'Ngày thôi dùng tên (trống: đến nay).' })
  validTo?: string | null;
}

export class WomenShareDto {
  @YearField()
  year: number;

  @DecimalField({ min: 0, max: 100, optional: true, description: 'Tỷ lệ nữ (%); null xóa số liệu của năm.' })
  percent: number | null;
}

export class UnitLinkDto {
  @IdField({ description: 'Đơn vị tiền thân.' })
  unitId: number;

  @OneOfField(UNIT_LINK_KINDS)
  kind: UnitLinkKind;

  @DateField({ optional: true })
  effectiveOn?: string | null;
}

export class RenameDto {
  @TextField({ maxLength: 255 })
  name: string;

  @DateField({ description: 'Ngày tên mới có hiệu lực; tên cũ kết thúc ngày hôm trước.' })
  from: string;
}

export class CreateUnitDto {
  @TextField({ maxLength: 40, optional: true, description: 'Mã đơn vị (duy nhất), dùng khi nhập Excel.' })
  code?: string | null;

  @TextField({
    maxLength: 255,
    optional: true,
    notNull: true,
    description: 'Tên hiện tại (hoặc gửi cả lịch sử trong "names").',
  })
  name?: string;

  @NestedField(() => UnitNameDto, { each: true, optional: true, maxItems: 100 })
  names?: UnitNameDto[];

  @TextField({ maxLength: 2000, optional: true })
  note?: string | null;

  @NestedField(() => WomenShareDto, { each: true, optional: true, maxItems: 200 })
  womenShares?: WomenShareDto[];

  @NestedField(() => UnitLinkDto, { each: true, optional: true, maxItems: 100 })
  predecessors?: UnitLinkDto[];
}

export class UpdateUnitDto {
  @VersionField('Phiên bản đã đọc (GET); khác phiên bản hiện tại: 409, không ghi gì.')
  version?: number;

  @TextField({ maxLength: 40, optional: true })
  code?: string | null;

  @NestedField(() => UnitNameDto, {
    each: true,
    optional: true,
    maxItems: 100,
    description: 'Thay toàn bộ lịch sử tên.',
  })
  names?: UnitNameDto[];

  @NestedField(() => RenameDto, { optional: true, description: 'Đổi tên từ một ngày, giữ lịch sử.' })
  rename?: RenameDto;

  @TextField({ maxLength: 2000, optional: true })
  note?: string | null;

  @NestedField(() => WomenShareDto, { each: true, optional: true, maxItems: 200, description: 'Cập nhật theo năm.' })
  womenShares?: WomenShareDto[];

  @NestedField(() => UnitLinkDto, {
    each: true,
    optional: true,
    maxItems: 100,
    description: 'Thay danh sách tiền thân.',
  })
  predecessors?: UnitLinkDto[];
}

export class UnitListQueryDto {
  @QueryInt()
  @YearField({ optional: true, description: 'Hiện tên của năm này.' })
  year?: number;

  @TextField({ maxLength: 100, optional: true, description: 'Tìm theo tên hoặc mã.' })
  q?: string;
}

export class UnitLinkResponse {
  @ApiProperty() unitId: number;
  @ApiProperty({ enum: UNIT_LINK_KINDS }) kind: UnitLinkKind;
  @ApiProperty({ nullable: true, type: String }) effectiveOn: string | null;
}

export class UnitResponse {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty({ description: 'Tên hiện tại, hoặc tên của năm được hỏi.' }) name: string;
  @ApiProperty({ type: [UnitNameDto] }) names: UnitNameDto[];
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: [WomenShareDto] }) womenShares: WomenShareDto[];
  @ApiProperty({ type: [UnitLinkResponse] }) predecessors: UnitLinkResponse[];
  @ApiProperty({ type: [UnitLinkResponse] }) successors: UnitLinkResponse[];
  @ApiProperty({ description: 'Gửi lại khi sửa, để không ghi đè thay đổi của người khác.' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class UnitSummaryResponse {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() name: string;
}
