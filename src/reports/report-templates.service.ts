import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../common/exceljs.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { REQUIRED_PLACEHOLDERS } from './template/template-files.js';
import { missingIn, placeholdersBySheet } from './template/xlsx-placeholders.js';
import { StreamedSheetTemplate } from './template/xlsx-stream.js';
import { docxTags, templateProblem } from './template/docx-fill.js';
import { DOCX_REQUIRED_TAGS } from './template/docx-template.js';

/** A template that cannot be used: the app refuses to start with this message. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * The report templates in REPORT_TEMPLATES_DIR. Checked once at start (a template without a
 * required placeholder stops the app, naming it); each report loads a fresh copy to fill.
 */
@Injectable()
export class ReportTemplatesService implements OnModuleInit {
  private readonly files = new Map<string, Buffer>();
  /** Excel templates read for streaming, by file: parsed once, on first use. */
  private readonly streamed = new Map<string, Promise<ReadonlyMap<string, StreamedSheetTemplate>>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    for (const [file, required] of Object.entries(REQUIRED_PLACEHOLDERS)) {
      const fullPath = path.join(this.config.reportTemplatesDir, file);
      const bytes = await this.read(fullPath);
      // Read from the file's XML: exceljs is loaded by the first report, not at start.
      let present: Map<string, Set<string>>;
      try {
        present = placeholdersBySheet(bytes);
      } catch {
        throw new TemplateError(`Mẫu báo cáo ${fullPath} không phải là tệp .xlsx đọc được.`);
      }
      const missing = missingIn(present, required);
      if (missing.length > 0) {
        throw new TemplateError(`Mẫu báo cáo ${fullPath} thiếu chỗ điền bắt buộc: ${missing.join(', ')}.`);
      }
      this.files.set(file, bytes);
    }
    for (const [file, required] of Object.entries(DOCX_REQUIRED_TAGS)) {
      const fullPath = path.join(this.config.reportTemplatesDir, file);
      const bytes = await this.read(fullPath);
      let tags: Set<string>;
      try {
        tags = docxTags(bytes);
      } catch (error) {
        throw new TemplateError(`Mẫu báo cáo ${fullPath} không dùng được: ${templateProblem(error)}.`);
      }
      const missing = required.filter((tag) => !tags.has(tag));
      if (missing.length > 0) {
        throw new TemplateError(
          `Mẫu báo cáo ${fullPath} thiếu chỗ điền bắt buộc: ${missing.map((tag) => `{${tag}}`).join(', ')}.`,
        );
      }
      this.files.set(file, bytes);
    }
  }

  private async read(fullPath: string): Promise<Buffer> {
    try {
      return await readFile(fullPath);
    } catch {
      throw new TemplateError(
        `Thiếu mẫu báo cáo ${fullPath} (REPORT_TEMPLATES_DIR). Tạo lại mẫu mặc định: npm run cli -- templates:write-defaults`,
      );
    }
  }

  /** The bytes of a Word template, to fill. */
  docx(file: string): Buffer {
    const bytes = this.files.get(file);
    if (!bytes) throw new TemplateError(`Chưa nạp mẫu báo cáo ${file}.`);
    return bytes;
  }

  /** The sheets of an Excel template by name, read once to be written filled many times (xlsx-stream.ts). */
  streamedSheets(file: string): Promise<ReadonlyMap<string, StreamedSheetTemplate>> {
    let sheets = this.streamed.get(file);
    if (sheets === undefined) {
      sheets = this.open(file).then(
        (workbook) => new Map(workbook.worksheets.map((sheet) => [sheet.name, StreamedSheetTemplate.of(sheet)])),
      );
      this.streamed.set(file, sheets);
    }
    return sheets;
  }

  /** A fresh, unfilled copy of a template. */
  async open(file: string): Promise<ExcelJS.Workbook> {
    const bytes = this.files.get(file);
    if (!bytes) throw new TemplateError(`Chưa nạp mẫu báo cáo ${file}.`);
    const workbook = new (await loadExcel()).Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook;
  }
}
