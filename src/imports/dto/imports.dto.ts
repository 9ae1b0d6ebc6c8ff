import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ImportQueryDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'phải là true hoặc false' })
  @ApiProperty({
    required: false,
    type: Boolean,
    default: false,
    description: 'true: chỉ kiểm tra và cho biết sẽ thay đổi gì, không ghi gì; false (mặc định): ghi toàn bộ tệp.',
  })
  dryRun?: boolean;
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

export class UnitImportResponse {
  @ApiProperty({ description: 'Mã đơn vị (như trong tệp).' }) unitCode: string;
  @ApiProperty({ description: 'Tên đơn vị trong năm.' }) name: string;
  @ApiProperty({ description: 'Số dòng của đơn vị trong tệp.' }) rows: number;
  @ApiProperty({ description: 'Tiêu chí chưa có kết quả, nay có.' }) added: number;
  @ApiProperty({ description: 'Tiêu chí có kết quả khác trước.' }) changed: number;
  @ApiProperty({ description: 'Tiêu chí bị xóa kết quả (dòng để trống).' }) cleared: number;
  @ApiProperty({ description: 'Tiêu chí giữ nguyên.' }) unchanged: number;
}

export class ImportTotalsResponse {
  @ApiProperty({ description: 'Số đơn vị có trong tệp.' }) units: number;
  @ApiProperty({ description: 'Số đơn vị có thay đổi.' }) unitsChanged: number;
  @ApiProperty() rows: number;
  @ApiProperty() added: number;
  @ApiProperty() changed: number;
  @ApiProperty() cleared: number;
  @ApiProperty() unchanged: number;
}

export class ImportResponse {
  @ApiProperty() clusterId: number;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'true: chỉ kiểm tra, không ghi gì.' }) dryRun: boolean;
  @ApiProperty({ description: 'Đã ghi vào cơ sở dữ liệu.' }) applied: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'SHA-256 của tệp (hex).' }) sha256: string;
  @ApiProperty({ description: 'Tóm tắt bằng tiếng Việt.' }) message: string;
  @ApiProperty({ type: [UnitImportResponse] }) units: UnitImportResponse[];
  @ApiProperty({ type: ImportTotalsResponse }) totals: ImportTotalsResponse;
}
