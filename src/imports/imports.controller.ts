import { applyDecorators, Controller, Get, HttpCode, Post, Query, Req, type StreamableFile } from '@nestjs/common';
import { XLSX_TYPE, xlsxDownload } from '../common/xlsx-file.js';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ClusterWriters } from '../common/auth/access.decorator.js';
import { ErrorResponse } from '../common/openapi.js';
import { IdParam, YearParam } from '../common/params.js';
import { ImportQueryDto, ImportResponse, UPLOAD_BODY_SCHEMA } from './dto/imports.dto.js';
import { ImportsService } from './imports.service.js';
import { readUpload } from './upload.js';

const ApiErrors = (statuses: Record<number, string>): MethodDecorator =>
  applyDecorators(
    ...Object.entries(statuses).map(([status, description]) =>
      ApiResponse({ status: Number(status), type: ErrorResponse, description }),
    ),
  );

const UPLOAD_ERRORS = {
  400: 'Thiếu tệp, tệp hỏng, không phải mẫu nhập kết quả, mẫu của cụm/năm khác (WORKBOOK_MISMATCH), hoặc ô sai (VALIDATION_FAILED, "errors" theo từng ô)',
  404: 'Không có cụm hoặc năm này',
  413:
    'Tệp lớn hơn 10 MB; hoặc (IMPORT_FILE_TOO_LARGE) tệp giải nén ra quá lớn, quá nhiều thành phần nén, nén bất thường, ' +
    'hay nhiều dòng/ô hơn cụm năm có thể có (số đơn vị × số tiêu chí + 500 dòng)',
  415: 'Không phải tệp .xlsx, hoặc không gửi multipart/form-data',
  422: 'Tệp quá phức tạp để đọc trong giới hạn thời gian hoặc bộ nhớ (IMPORT_FILE_TOO_COMPLEX); không có gì được ghi',
  503:
    'Đang đọc đủ số tệp cùng lúc (IMPORT_BUSY), lỗi tạm thời khi đọc tệp (IMPORT_UNAVAILABLE) hoặc máy chủ quá tải ' +
    '(SERVER_OVERLOADED); có Retry-After',
};

@ApiTags('Nhập kết quả từ Excel (imports)')
@ApiBearerAuth()
@Controller('api/clusters/:id/years/:year')
@ClusterWriters()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('entry-template.xlsx')
  @ApiOperation({
    summary:
      'Tải mẫu nhập kết quả (.xlsx): mỗi đơn vị × tiêu chí một dòng, kèm điểm tối đa, chỉ tiêu ký kết và kết quả đã nhập',
  })
  @ApiProduces(XLSX_TYPE)
  @ApiResponse({ status: 200, description: 'Tệp .xlsx', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({
    400: 'Tham số không hợp lệ',
    404: 'Không có cụm hoặc năm này',
    409: 'Có đơn vị chưa có mã đơn vị (UNIT_CODE_MISSING): mẫu nhận biết đơn vị bằng mã',
  })
  async template(@IdParam('id') id: number, @YearParam('year') year: number): Promise<StreamableFile> {
    const file = await this.imports.entryTemplate(id, year);
    return xlsxDownload(file.fileName, file.content);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Nhập kết quả từ mẫu .xlsx đã điền. Mặc định xem trước (dryRun=true): kiểm tra mọi ô, báo mọi lỗi cùng lúc, liệt kê mọi ô sẽ thay đổi (cũ → mới) và các xung đột với kết quả đã sửa sau khi tải tệp, trả về previewToken. dryRun=false&previewToken=…: ghi đúng những gì đã xem trước (cả tệp hoặc không gì)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiResponse({ status: 200, type: ImportResponse })
  @ApiErrors({
    ...UPLOAD_ERRORS,
    400: `${UPLOAD_ERRORS[400]}; dryRun=false không có previewToken; ghi đè không có lý do`,
    409:
      'Năm đã chốt kết quả (CLUSTER_YEAR_FINALIZED); tệp hoặc dữ liệu đã thay đổi sau khi xem trước (PREVIEW_OUTDATED); ' +
      'xung đột với kết quả đã sửa sau khi tải tệp mà không chọn ghi đè (IMPORT_CONFLICT)',
  })
  async import(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ImportResponse> {
    this.imports.assertCanRead();
    return this.imports.import(id, year, await readUpload(request), {
      dryRun: query.dryRun ?? true,
      previewToken: query.previewToken,
      overwrite: query.overwrite,
      reason: query.reason,
    });
  }

  @Post('import/errors.xlsx')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Nhận lại tệp đã gửi, các ô lỗi được tô màu và ghi chú lý do (không ghi gì vào dữ liệu)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiProduces(XLSX_TYPE)
  @ApiResponse({ status: 200, description: 'Tệp .xlsx đã đánh dấu', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(UPLOAD_ERRORS)
  async errors(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    this.imports.assertCanRead();
    const file = await this.imports.errorsWorkbook(id, year, await readUpload(request));
    return xlsxDownload(file.fileName, file.content);
  }
}
