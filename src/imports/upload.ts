import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../common/app-exception.js';
import { UPLOAD_LIMIT } from '../app.setup.js';

/** An uploaded file, read whole (at most UPLOAD_LIMIT bytes). */
export interface Upload {
  readonly fileName: string;
  readonly content: Buffer;
}

const limitText = `${UPLOAD_LIMIT / (1024 * 1024)} MB`;

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;

function uploadError(error: unknown): AppException {
  const status = statusOf(error);
  if (status === 413) {
    return new AppException('PAYLOAD_TOO_LARGE', `Tệp quá lớn: tối đa ${limitText}.`);
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppException(
      'MALFORMED_REQUEST',
      'Dữ liệu tải lên (multipart/form-data) không đọc được; hãy gửi lại tệp.',
    );
  }
  throw error;
}

/** The one file of a multipart/form-data request (field "file"); 415 for another content type, 400 without a file, 413 above the limit. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppException('UNSUPPORTED_MEDIA_TYPE', 'Gửi tệp .xlsx bằng multipart/form-data, trong trường "file".');
  }
  let content: Buffer;
  let fileName: string;
  try {
    const part = await request.file();
    if (part === undefined) {
      throw new AppException('VALIDATION_FAILED', 'Thiếu tệp: gửi tệp .xlsx trong trường "file".', {
        file: ['cần một tệp .xlsx'],
      });
    }
    fileName = part.filename || 'tep-tai-len.xlsx';
    content = await part.toBuffer();
  } catch (error) {
    if (error instanceof AppException) throw error;
    throw uploadError(error);
  }
  if (content.length === 0) {
    throw new AppException('VALIDATION_FAILED', 'Tệp tải lên rỗng.', { file: ['tệp rỗng (0 byte)'] });
  }
  return { fileName, content };
}
