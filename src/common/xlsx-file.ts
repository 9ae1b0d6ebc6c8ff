import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download name in plain ASCII: Vietnamese letters lose their marks, anything else becomes "-". */
export const asciiFileName = (text: string, fallback = 'tep'): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '') || fallback;

/** An .xlsx download (a buffer, or a stream that is still being written). */
export function xlsxDownload(fileName: string, content: Buffer | Readable): StreamableFile {
  const options = { type: XLSX_TYPE, disposition: `attachment; filename="${fileName}"` };
  return Buffer.isBuffer(content)
    ? new StreamableFile(content, { ...options, length: content.length })
    : new StreamableFile(content, options);
}
