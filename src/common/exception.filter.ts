import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { databaseFaultOf, FAULT_ANSWERS } from '../database/database-faults.js';
import { payloadTooLarge } from './request-limits.js';
import {
  AppException,
  RetryLaterException,
  statusOf,
  type ErrorBody,
  type ErrorCode,
  type FieldErrors,
} from './app-exception.js';

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'MALFORMED_REQUEST',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  MALFORMED_REQUEST: 'Yêu cầu không đúng định dạng (cần JSON hợp lệ).',
  FORBIDDEN: 'Không được phép truy cập địa chỉ này.',
  ROUTE_NOT_FOUND: 'Không có địa chỉ này trong API.',
  METHOD_NOT_ALLOWED: 'Địa chỉ này không nhận phương thức đó.',
  PAYLOAD_TOO_LARGE: 'Dữ liệu gửi lên quá lớn.',
  UNSUPPORTED_MEDIA_TYPE: 'Kiểu dữ liệu không được hỗ trợ: gửi JSON (Content-Type: application/json).',
  CONFLICT: 'Dữ liệu xung đột với dữ liệu đã có; tải lại và thử lại.',
  TOO_MANY_REQUESTS: 'Quá nhiều lần thử; vui lòng đợi một phút rồi thử lại.',
};

/** Unique-constraint violations on either database (SQLite, PostgreSQL 23505). */
const isUniqueViolation = (error: QueryFailedError<Error>): boolean => {
  const driverError = error.driverError as { code?: string } | undefined;
  return driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE';
};

/** Turns every error into `{ statusCode, code, message, errors? }`; unknown ones are logged, never leaked. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (isPageRequest(request)) {
      this.page(body, request, reply);
      return;
    }
    if (exception instanceof RetryLaterException) void reply.header('retry-after', String(exception.retryAfterSeconds));
    // A database fault (locked, read-only, disk full, unreachable) passes: say when to try again.
    const fault = Object.values(FAULT_ANSWERS).find((answer) => answer.code === body.code);
    if (fault !== undefined) void reply.header('retry-after', String(fault.retryAfterSeconds));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof AppException) {
      return {
        ...this.body(exception.code, exception.message, exception.errors),
        ...(exception.current === undefined ? {} : { current: exception.current }),
        ...(exception.problems === undefined ? {} : { problems: exception.problems }),
      };
    }
    const fault = databaseFaultOf(exception);
    if (fault !== undefined) {
      const answer = FAULT_ANSWERS[fault];
      this.logger.warn(`Cơ sở dữ liệu: ${fault} (${request.method} ${request.url}): ${String(exception)}`);
      return this.body(answer.code, answer.message);
    }
    if (exception instanceof QueryFailedError && isUniqueViolation(exception as QueryFailedError<Error>)) {
      return this.body('CONFLICT', MESSAGE_BY_CODE.CONFLICT ?? '');
    }
    const status = exception instanceof HttpException ? exception.getStatus() : httpStatusOf(exception);
    if (status === 413 && request.routeOptions.bodyLimit !== undefined) {
      return this.body('PAYLOAD_TOO_LARGE', payloadTooLarge(request.routeOptions.bodyLimit).message);
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const code = CODE_BY_STATUS[status] ?? 'MALFORMED_REQUEST';
      return { statusCode: status, code, message: MESSAGE_BY_CODE[code] ?? 'Yêu cầu không hợp lệ.' };
    }
    const requestId = randomUUID();
    this.logger.error(
      `Lỗi không xác định, mã yêu cầu ${requestId}, ${request.method} ${request.url}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return this.body('INTERNAL_ERROR', `Lỗi hệ thống. Mã yêu cầu: ${requestId}.`);
  }

  /** A page's error: to the sign-in page when not signed in; otherwise a plain page saying what is wrong. */
  private page(body: ErrorBody, request: FastifyRequest, reply: FastifyReply): void {
    if (body.code === 'UNAUTHENTICATED') {
      void reply.redirect(`/dang-nhap?tiep=${encodeURIComponent(request.url)}`, 303);
      return;
    }
    const title =
      body.statusCode === 403
        ? 'Không có quyền xem trang này'
        : body.statusCode === 404
          ? 'Không có trang này'
          : body.statusCode >= 500
            ? 'Có lỗi khi mở trang'
            : 'Không mở được trang';
    const message =
      body.code === 'ROUTE_NOT_FOUND'
        ? 'Địa chỉ này không có trong ứng dụng; hãy kiểm tra lại đường dẫn.'
        : body.message;
    const viewable = reply as FastifyReply & { viewAsync?: (page: string, data: object) => Promise<string> };
    const send = (html: string): void => {
      void reply.status(body.statusCode).header('content-type', 'text/html; charset=utf-8').send(html);
    };
    if (typeof viewable.viewAsync !== 'function') {
      send(`<!doctype html><meta charset="utf-8"><title>${title}</title><p>${escapeHtml(message)}</p>`);
      return;
    }
    const actor = (request as FastifyRequest & { actor?: { username: string } }).actor;
    viewable
      .viewAsync('error', {
        title,
        message,
        status: body.statusCode,
        code: body.code,
        user: actor ?? null,
        nav: [],
        csrfToken: '',
      })
      .then(send, (error: unknown) => {
        this.logger.error('Không hiển thị được trang lỗi', error instanceof Error ? error.stack : String(error));
        send(`<!doctype html><meta charset="utf-8"><title>${title}</title><p>${escapeHtml(message)}</p>`);
      });
  }

  private body(code: ErrorCode, message: string, errors?: FieldErrors): ErrorBody {
    return { statusCode: statusOf(code), code, message, ...(errors ? { errors } : {}) };
  }
}

/** Fastify's own errors (bad JSON, wrong content type, too large) carry a statusCode. */
function httpStatusOf(exception: unknown): number | undefined {
  if (typeof exception === 'object' && exception !== null && 'statusCode' in exception) {
    const status = exception.statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** A page of the app (not the API, not an asset): its errors are answered as HTML. */
function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url;
  return !url.startsWith('/api') && !url.startsWith('/assets/');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
