import { ApiProperty } from '@nestjs/swagger';
import { OneOfField, TextField, VersionField } from '../../common/validation.js';
import { MOTTO_KINDS, type MottoKind } from '../organizer-settings.entity.js';

export class PutOrganizerSettingsDto {
  @VersionField('Phiên bản đã đọc (GET); khác phiên bản hiện tại: 409.')
  version?: number;

  @TextField({
    maxLength: 255,
    example: 'THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH',
    description: 'Cơ quan cấp trên (dòng trên).',
  })
  parentBody: string;

  @TextField({ maxLength: 255, example: 'BAN TUYÊN GIÁO', description: 'Cơ quan ban hành (dòng dưới).' })
  issuingBody: string;

  @OneOfField(MOTTO_KINDS, {
    description: 'state: Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"; party: "ĐẢNG CỘNG SẢN VIỆT NAM".',
  })
  mottoKind: MottoKind;

  @TextField({ maxLength: 120, example: 'TP. Hồ Chí Minh', description: 'Địa danh trong dòng ngày tháng.' })
  place: string;

  @TextField({
    maxLength: 120,
    optional: true,
    example: 'KT. TRƯỞNG BAN',
    description: 'Dòng thẩm quyền ký trên chức danh (KT., TL., TM. …); trống: không in. Bỏ qua: giữ như cũ.',
  })
  signerAuthority?: string | null;

  @TextField({
    maxLength: 120,
    optional: true,
    notNull: true,
    example: 'TRƯỞNG BAN',
    description: 'Chức danh người ký tổng hợp của đơn vị tổ chức. Bỏ qua: giữ như cũ.',
  })
  signerTitle?: string;

  @TextField({
    maxLength: 120,
    optional: true,
    example: 'Nguyễn Văn A',
    description: 'Họ tên người ký; trống: để trống dòng tên. Bỏ qua: giữ như cũ.',
  })
  signerName?: string | null;
}

export class OrganizerSettingsResponse {
  @ApiProperty() parentBody: string;
  @ApiProperty() issuingBody: string;
  @ApiProperty({ enum: MOTTO_KINDS }) mottoKind: MottoKind;
  @ApiProperty() place: string;
  @ApiProperty({ description: 'Hai dòng quốc hiệu / tên Đảng in ở góc phải.' }) mottoLines: string[];
  @ApiProperty({ nullable: true, type: String }) signerAuthority: string | null;
  @ApiProperty() signerTitle: string;
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
}
