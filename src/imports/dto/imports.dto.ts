import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** Shortest reason accepted for overwriting newer results with a workbook's values. */
export const MIN_OVERWRITE_REASON = 10;

export class ImportQueryDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'phải là true hoặc false' })
  @ApiProperty({
    required: false,
    type: Boolean,
    default: true,
    description:
      'true (mặc định): xem trước, không ghi gì; trả về mọi ô sẽ thay đổi (cũ → mới) và previewToken. ' +
      'false: ghi đúng những gì đã xem trước, cần previewToken của lần xem trước với cùng tệp.',
  })
  dryRun?: boolean;

  @IsOptional()
  @IsString({ message: 'phải là chuỗi' })
  @MaxLength(4000, { message: 'quá dài' })
  @ApiProperty({
    required: false,
    description:
      'Khi dryRun=false: previewToken nhận được khi xem trước. Tệp khác (SHA-256 khác) hoặc kết quả của đơn vị trong tệp ' +
      'đã thay đổi sau khi xem trước: 409 PREVIEW_OUTDATED, không ghi gì.',
  })
  previewToken?: string;

  @IsOptional()
  @IsString({ message: 'phải là chuỗi' })
  @MaxLength(2000, { message: 'quá dài' })
  @ApiProperty({
    required: false,
    example: 'Q1,Q3',
    description:
      'Ghi đè có chủ ý: mã các đơn vị (cách nhau bởi dấu phẩy) hoặc "all", mà ô xung đột (đã được sửa sau khi tải tệp) ' +
      'được ghi bằng giá trị trong tệp. Cần "reason"; được ghi vào nhật ký.',
  })
  overwrite?: string;

  @IsOptional()
  @IsString({ message: 'phải là chuỗi' })
  @MaxLength(4000, { message: 'quá dài' })
  @ApiProperty({
    required: false,
    description: `Lý do ghi đè (ít nhất ${MIN_OVERWRITE_REASON} ký tự), bắt buộc khi có "overwrite".`,
  })
  reason?: string;
}

/** The multipart body of the upload routes, for OpenAPI. */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['file'] as string[],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description:
        'Mẫu nhập kết quả (.xlsx, tối đa 10 MB) tải từ …/entry-template.xlsx, đã điền, lưu bằng Excel hoặc LibreOffice.',
    },
  },
};

const CELL_VALUE = { nullable: true, oneOf: [{ type: 'number' }, { type: 'string' }] };

export class CellChangeResponse {
  @ApiProperty({ example: 'Kết quả' }) sheet: string;
  @ApiProperty({ example: 'K9' }) cell: string;
  @ApiProperty({ example: '2.1' }) criterionCode: string;
  @ApiProperty({ example: 'Chất lượng báo cáo' }) criterionTitle: string;
  @ApiProperty({ enum: ['actual', 'selfScore', 'reviewedScore', 'reviewReason', 'note'] }) field: string;
  @ApiProperty({ description: 'Tên cột trong tệp.', example: 'Điểm cụm chấm' }) column: string;
  @ApiProperty({ ...CELL_VALUE, description: 'Giá trị hiện tại (trước khi nhập).' }) old: number | string | null;
  @ApiProperty({ ...CELL_VALUE, description: 'Giá trị sau khi nhập.' }) new: number | string | null;
}

export class CellConflictResponse {
  @ApiProperty() sheet: string;
  @ApiProperty() cell: string;
  @ApiProperty() criterionCode: string;
  @ApiProperty() criterionTitle: string;
  @ApiProperty({ enum: ['actual', 'selfScore', 'reviewedScore', 'reviewReason', 'note'] }) field: string;
  @ApiProperty({ description: 'Tên cột trong tệp.' }) column: string;
  @ApiProperty({ ...CELL_VALUE, description: 'Giá trị lúc tải tệp.' }) base: number | string | null;
  @ApiProperty({ ...CELL_VALUE, description: 'Giá trị hiện tại (đã được sửa sau khi tải tệp).' }) current:
    number | string | null;
  @ApiProperty({ ...CELL_VALUE, description: 'Giá trị trong tệp.' }) file: number | string | null;
}

export class UnitImportResponse {
  @ApiProperty({ description: 'Mã đơn vị (như trong tệp).' }) unitCode: string;
  @ApiProperty({ description: 'Tên đơn vị trong năm.' }) name: string;
  @ApiProperty({ description: 'Phiên bản kết quả hiện tại của đơn vị.' }) version: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Phiên bản kết quả lúc tải tệp.' })
  baseVersion: number | null;
  @ApiProperty({ description: 'Kết quả của đơn vị đã được sửa sau khi tải tệp.' }) changedSince: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Người sửa kết quả lần cuối.' })
  lastChangedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Lúc sửa lần cuối.' })
  lastChangedAt: string | null;
  @ApiProperty({ description: 'Số dòng của đơn vị trong tệp.' }) rows: number;
  @ApiProperty({ description: 'Tiêu chí chưa có kết quả, nay có.' }) added: number;
  @ApiProperty({ description: 'Tiêu chí có kết quả khác trước.' }) changed: number;
  @ApiProperty({ description: 'Tiêu chí bị xóa kết quả (dòng để trống).' }) cleared: number;
  @ApiProperty({ description: 'Tiêu chí giữ nguyên.' }) unchanged: number;
  @ApiProperty({ type: [CellChangeResponse], description: 'Mọi ô sẽ được ghi (hoặc đã ghi): cũ → mới.' })
  changes: CellChangeResponse[];
  @ApiProperty({
    type: [CellConflictResponse],
    description: 'Ô trong tệp vẫn như lúc tải, nhưng đã được sửa sau đó: giữ giá trị mới hơn, không ghi.',
  })
  keptNewer: CellConflictResponse[];
  @ApiProperty({
    type: [CellConflictResponse],
    description: 'Ô đã được sửa sau khi tải tệp mà tệp lại sửa khác: xung đột, chỉ ghi khi chọn ghi đè.',
  })
  conflicts: CellConflictResponse[];
  @ApiProperty({ description: 'Các ô xung đột được ghi đè có chủ ý.' }) overwritten: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Xung đột, bằng tiếng Việt: ai sửa gì, lúc nào.' })
  conflictMessage: string | null;
}

export class ImportTotalsResponse {
  @ApiProperty({ description: 'Số đơn vị có trong tệp.' }) units: number;
  @ApiProperty({ description: 'Số đơn vị có thay đổi.' }) unitsChanged: number;
  @ApiProperty({ description: 'Số đơn vị có xung đột chưa chọn ghi đè.' }) unitsInConflict: number;
  @ApiProperty({ description: 'Số ô được ghi.' }) cellsChanged: number;
  @ApiProperty() rows: number;
  @ApiProperty() added: number;
  @ApiProperty() changed: number;
  @ApiProperty() cleared: number;
  @ApiProperty() unchanged: number;
}

export class ImportOverwriteResponse {
  @ApiProperty({ type: [String], description: 'Mã các đơn vị được ghi đè.' }) units: string[];
  @ApiProperty() reason: string;
}

export class ImportResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'true: chỉ xem trước, không ghi gì.' }) dryRun: boolean;
  @ApiProperty({ description: 'Đã ghi vào cơ sở dữ liệu.' }) applied: boolean;
  @ApiProperty({ description: 'Có thể ghi (không còn xung đột chưa chọn ghi đè).' }) canApply: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Khi xem trước: gửi lại cùng tệp với dryRun=false&previewToken=… để ghi đúng những gì đã xem.',
  })
  previewToken: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'SHA-256 của tệp (hex).' }) sha256: string;
  @ApiProperty({ description: 'Tóm tắt bằng tiếng Việt.' }) message: string;
  @ApiProperty({ type: ImportOverwriteResponse, nullable: true }) overwrite: ImportOverwriteResponse | null;
  @ApiProperty({ type: [UnitImportResponse] }) units: UnitImportResponse[];
  @ApiProperty({ type: ImportTotalsResponse }) totals: ImportTotalsResponse;
}
