import { StreamableFile } from '@nestjs/common';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

/** A finished document to download (.docx or .pdf). */
export function documentDownload(fileName: string, type: string, content: Buffer): StreamableFile {
  return new StreamableFile(content, {
    type,
    disposition: `attachment; filename="${fileName}"`,
    length: content.length,
  });
}
