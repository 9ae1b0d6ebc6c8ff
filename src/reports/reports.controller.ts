import { Body, Controller, Get, Header, Put, Query, type StreamableFile } from '@nestjs/common';
import { DOCX_TYPE, PDF_TYPE, documentDownload } from '../common/docx-file.js';
import { DocumentQueryDto, documentOptions } from './dto/document-query.dto.js';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, AnyRole } from '../common/auth/access.decorator.js';
import { ApiResult } from '../common/openapi.js';
import { IdParam, YearParam } from '../common/params.js';
import { OrganizerSettingsResponse, PutOrganizerSettingsDto } from './dto/settings.dto.js';
import { ReportsService } from './reports.service.js';
import { XLSX_TYPE, xlsxDownload } from '../common/xlsx-file.js';
import { SettingsService } from './settings.service.js';

const PDF_SUMMARY = (what: string): string => `${what} (PDF)`;
const PDF_DESCRIPTION =
  'Chuyển từ bản .docx/.xlsx bằng LibreOffice trên máy chủ (mỗi lần một văn bản). Máy chủ chưa cài LibreOffice: 501 PDF_UNAVAILABLE, kèm gói cần cài.';

@ApiTags('Báo cáo (reports)')
@ApiBearerAuth()
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly settings: SettingsService,
  ) {}

  @Get('clusters/:id/years/:year/report.xlsx')
  @AnyRole()
  @ApiProduces(XLSX_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Báo cáo năm của cụm (Excel): Tổng hợp, Chi tiết tiêu chí, So sánh năm trước' })
  async clusterReport(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: DocumentQueryDto,
  ): Promise<StreamableFile> {
    const { fileName, content } = await this.reports.clusterReport(id, year, documentOptions(query));
    return xlsxDownload(fileName, content);
  }

  @Get('clusters/:id/years/:year/report.docx')
  @AnyRole()
  @ApiProduces(DOCX_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Báo cáo tổng kết công tác thi đua của cụm (Word)',
    description:
      'Điền mẫu templates/reports/summary-report.docx: đầu văn bản, câu kết quả, bảng xếp hạng, ưu điểm, hạn chế, ' +
      'cụm trưởng và cụm phó năm sau, khối chữ ký. Năm chưa chốt in chữ "DỰ THẢO" trên mọi trang.',
  })
  async summaryReport(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: DocumentQueryDto,
  ): Promise<StreamableFile> {
    const { fileName, content } = await this.reports.summaryReport(id, year, documentOptions(query));
    return documentDownload(fileName, DOCX_TYPE, content);
  }

  @Get('clusters/:id/years/:year/report.pdf')
  @AnyRole()
  @ApiProduces(PDF_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: PDF_SUMMARY('Báo cáo tổng kết của cụm'), description: PDF_DESCRIPTION })
  async summaryReportPdf(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: DocumentQueryDto,
  ): Promise<StreamableFile> {
    const { fileName, content } = await this.reports.pdf(
      { kind: 'summary', clusterId: id },
      year,
      documentOptions(query),
    );
    return documentDownload(fileName, PDF_TYPE, content);
  }

  @Get('clusters/:id/years/:year/report.xlsx.pdf')
  @AnyRole()
  @ApiProduces(PDF_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: PDF_SUMMARY('Báo cáo năm của cụm (bảng Excel)'), description: PDF_DESCRIPTION })
  async clusterReportPdf(
    @IdParam('id') id: number,
    @YearParam('year') year: number,
    @Query() query: DocumentQueryDto,
  ): Promise<StreamableFile> {
    const { fileName, content } = await this.reports.pdf(
      { kind: 'workbook', clusterId: id },
      year,
      documentOptions(query),
    );
    return documentDownload(fileName, PDF_TYPE, content);
  }

  @Get('years/:year/report.xlsx.pdf')
  @AnyRole()
  @ApiProduces(PDF_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: PDF_SUMMARY('Tổng hợp của đơn vị tổ chức'), description: PDF_DESCRIPTION })
  async overviewPdf(@YearParam('year') year: number, @Query() query: DocumentQueryDto): Promise<StreamableFile> {
    const { fileName, content } = await this.reports.pdf({ kind: 'overview' }, year, documentOptions(query));
    return documentDownload(fileName, PDF_TYPE, content);
  }

  @Get('years/:year/report.xlsx')
  @AnyRole()
  @ApiProduces(XLSX_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Tổng hợp của đơn vị tổ chức (Excel): mỗi cụm một dòng, rồi mỗi cụm một trang' })
  async overview(@YearParam('year') year: number, @Query() query: DocumentQueryDto): Promise<StreamableFile> {
    const { fileName, stream } = await this.reports.overview(year, undefined, documentOptions(query));
    return xlsxDownload(fileName, stream);
  }

  @Get('settings/organizer')
  @AnyRole()
  @ApiOperation({
    summary: 'Thông tin đơn vị tổ chức in trên báo cáo (cơ quan, quốc hiệu, địa danh)',
    description:
      'Mọi vai trò đã đăng nhập đều đọc được (các thông tin này in công khai trên mọi báo cáo); chỉ quản trị sửa (PUT).',
  })
  @ApiResult(OrganizerSettingsResponse, { errors: [] })
  getSettings(): Promise<OrganizerSettingsResponse> {
    return this.settings.get();
  }

  @Put('settings/organizer')
  @Allow('admin')
  @ApiOperation({ summary: 'Sửa thông tin đơn vị tổ chức (quản trị)' })
  @ApiResult(OrganizerSettingsResponse, { errors: [400, 409] })
  putSettings(@Body() dto: PutOrganizerSettingsDto): Promise<OrganizerSettingsResponse> {
    return this.settings.put(dto);
  }
}
