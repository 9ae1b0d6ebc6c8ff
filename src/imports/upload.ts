import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../common/app-exception.js';
import { UPLOAD_LIMIT } from '../app.setup.js';
import { findForbiddenControl } from '../common/json-scan.js';

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

/** 400 for anything but the one file in field "file" (a second file, another field), naming it. */
const unexpectedPart = (what: string): AppException =>
  new AppException(
    'VALIDATION_FAILED',
    `Chỉ gửi một tệp .xlsx, trong trường "file": ${what} không được nhận; hãy gửi lại chỉ với một tệp.`,
    { file: ['chỉ nhận một tệp, trong trường "file"'] },
  );

const multipartCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/**
 * The one file of a multipart/form-data request (field "file"); 415 for another content type,
 * 400 without a file, with a second file or any other field, 413 above the limit.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppException('UNSUPPORTED_MEDIA_TYPE', 'Gửi tệp .xlsx bằng multipart/form-data, trong trường "file".');
  }
  let content: Buffer | undefined;
  let fileName = 'tep-tai-len.xlsx';
  let strayField: string | undefined;
  try {
    // Every part is read, so that a second file or a stray field is refused, not silently ignored.
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        strayField ??= part.fieldname;
        continue;
      }
      if (part.fieldname !== 'file') throw unexpectedPart(`tệp trong trường "${part.fieldname}"`);
      if (content !== undefined) throw unexpectedPart(`tệp thứ hai "${part.filename}"`);
      if (findForbiddenControl(part.filename) >= 0) {
        throw new AppException('CONTROL_CHARACTER', 'Tên tệp chứa ký tự điều khiển; hãy đổi tên tệp rồi gửi lại.', {
          file: ['tên tệp chứa ký tự điều khiển'],
        });
      }
      fileName = part.filename || fileName;
      content = await part.toBuffer();
    }
  } catch (error) {
    if (error instanceof AppException) throw error;
    const code = multipartCode(error);
    if (code === 'FST_FILES_LIMIT') throw unexpectedPart('tệp thứ hai');
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw unexpectedPart('các trường khác');
    throw uploadError(error);
  }
  if (content === undefined) {
    throw new AppException('VALIDATION_FAILED', 'Thiếu tệp: gửi tệp .xlsx trong trường "file".', {
      file: ['cần một tệp .xlsx'],
    });
  }
  if (strayField !== undefined) throw unexpectedPart(`trường "${strayField}"`);
  if (content.length === 0) {
    throw new AppException('VALIDATION_FAILED', 'Tệp tải lên rỗng.', { file: ['tệp rỗng (0 byte)'] });
  }
  return { fileName, content };
}
