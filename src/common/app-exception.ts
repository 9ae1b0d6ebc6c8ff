/** Stable error codes of the API, with their HTTP status in `statusOf`. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'CSRF_FAILED',
  'USER_NOT_FOUND',
  'USERNAME_TAKEN',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IMPORT_FILE_INVALID',
  'WORKBOOK_MISMATCH',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNIT_NOT_FOUND',
  'CLUSTER_NOT_FOUND',
  'CLUSTER_YEAR_NOT_FOUND',
  'SNAPSHOT_NOT_FOUND',
  'UNIT_CODE_TAKEN',
  'CLUSTER_CODE_TAKEN',
  'CLUSTER_YEAR_EXISTS',
  'CLUSTER_YEAR_FINALIZED',
  'UNIT_NOT_MEMBER',
  'UNIT_CODE_MISSING',
  'IMPORT_CONFLICT',
  'PREVIEW_OUTDATED',
  'CLUSTER_YEAR_CONFLICT',
  'VERSION_CONFLICT',
  'CONFLICT',
  'INTERNAL_ERROR',
  'IMPORT_FILE_TOO_LARGE',
  'IMPORT_FILE_TOO_COMPLEX',
  'IMPORT_BUSY',
  'IMPORT_UNAVAILABLE',
  'SERVER_OVERLOADED',
  'JSON_TOO_DEEP',
  'CONTROL_CHARACTER',
  'INVALID_ENCODING',
  'DATABASE_LOCKED',
  'DATABASE_READ_ONLY',
  'DISK_FULL',
  'DATABASE_UNREACHABLE',
  'PDF_UNAVAILABLE',
  'PDF_CONVERSION_FAILED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field path → messages, e.g. { "scoringTable[2].maxPoints": ["phải lớn hơn 0"] }. */
export type FieldErrors = Record<string, string[]>;

/** The one error body of the API. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldErrors;
  /** With VERSION_CONFLICT: the resource as it is now, so that nothing typed is lost. */
  current?: unknown;
  /** With a refused workbook: every problem, each with its sheet, cell, unit and criterion. */
  problems?: readonly unknown[];
}

/** Thrown by services; the exception filter turns it into an ErrorBody. Never an HttpException. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldErrors,
    readonly current?: unknown,
    readonly problems?: readonly unknown[],
  ) {
    super(message);
    this.name = 'AppException';
  }
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_REQUEST':
    case 'IMPORT_FILE_INVALID':
    case 'WORKBOOK_MISMATCH':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
    case 'CSRF_FAILED':
      return 403;
    case 'USER_NOT_FOUND':
    case 'ROUTE_NOT_FOUND':
    case 'UNIT_NOT_FOUND':
    case 'CLUSTER_NOT_FOUND':
    case 'CLUSTER_YEAR_NOT_FOUND':
    case 'SNAPSHOT_NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'USERNAME_TAKEN':
    case 'UNIT_CODE_TAKEN':
    case 'CLUSTER_CODE_TAKEN':
    case 'CLUSTER_YEAR_EXISTS':
    case 'CLUSTER_YEAR_FINALIZED':
    case 'UNIT_NOT_MEMBER':
    case 'UNIT_CODE_MISSING':
    case 'IMPORT_CONFLICT':
    case 'PREVIEW_OUTDATED':
    case 'CLUSTER_YEAR_CONFLICT':
    case 'VERSION_CONFLICT':
    case 'CONFLICT':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'TOO_MANY_REQUESTS':
      return 429;
    case 'INTERNAL_ERROR':
      return 500;
    case 'IMPORT_FILE_TOO_LARGE':
      return 413;
    case 'IMPORT_FILE_TOO_COMPLEX':
      return 422;
    case 'IMPORT_BUSY':
    case 'IMPORT_UNAVAILABLE':
    case 'SERVER_OVERLOADED':
      return 503;
    case 'JSON_TOO_DEEP':
    case 'CONTROL_CHARACTER':
    case 'INVALID_ENCODING':
      return 400;
    case 'DATABASE_LOCKED':
    case 'DATABASE_READ_ONLY':
    case 'DISK_FULL':
    case 'DATABASE_UNREACHABLE':
      return 503;
    case 'PDF_UNAVAILABLE':
      return 501;
    case 'PDF_CONVERSION_FAILED':
      return 503;
  }
}

/** A refusal that passes with time (503): the filter adds `Retry-After: retryAfterSeconds`. */
export class RetryLaterException extends AppException {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterException';
  }
}

/** Adds messages to a FieldErrors map. */
export function addFieldError(errors: FieldErrors, path: string, message: string): void {
  (errors[path] ??= []).push(message);
}

/** Throws VALIDATION_FAILED with every collected field error, if any. */
export function throwIfFieldErrors(errors: FieldErrors, message = 'Dữ liệu không hợp lệ.'): void {
  if (Object.keys(errors).length > 0) throw new AppException('VALIDATION_FAILED', message, errors);
}
