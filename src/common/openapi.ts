import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './app-exception.js';

export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ enum: ERROR_CODES }) code: ErrorCode;
  @ApiProperty({ example: 'Dữ liệu không hợp lệ: xem từng trường trong "errors".' }) message: string;
  @ApiProperty({
    required: false,
    description: 'Đường dẫn trường → các thông báo lỗi.',
    example: { 'scoringTable[2].maxPoints': ['phải từ 0 trở lên'] },
    type: Object,
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  errors?: Record<string, string[]>;
  @ApiProperty({
    required: false,
    description:
      'Khi tệp nhập kết quả bị từ chối: mọi lỗi, mỗi lỗi có sheet, cell, unitCode, unitName, criterionCode, criterionTitle, message.',
    type: 'array',
    items: { type: 'object' },
  })
  problems?: unknown[];
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Dữ liệu không hợp lệ (VALIDATION_FAILED, MALFORMED_REQUEST, IMPORT_FILE_INVALID, WORKBOOK_MISMATCH)',
  404: 'Không tìm thấy (UNIT_NOT_FOUND, CLUSTER_NOT_FOUND, CLUSTER_YEAR_NOT_FOUND)',
  409: 'Xung đột (mã trùng, cụm trưởng/cụm phó không phải thành viên, năm đã chốt, dữ liệu đã có kết quả)',
};

/** Documents the success body and the error responses of a route. */
export function ApiResult(
  type: Type<unknown>,
  options: { status?: number; isArray?: boolean; errors?: readonly (400 | 404 | 409)[] } = {},
): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: options.status ?? 200, type, isArray: options.isArray ?? false }),
    ...(options.errors ?? [400, 404]).map((status) =>
      ApiResponse({ status, type: ErrorResponse, description: ERROR_DESCRIPTIONS[status] }),
    ),
  );
}
