import type { ErrorCode } from '../common/app-exception.js';

/** What can keep the database from answering, as the health check names it. */
export type DatabaseFault = 'locked' | 'read-only' | 'full' | 'unreachable';

/** How each fault is answered: 503 with this code, message and Retry-After (seconds). */
export const FAULT_ANSWERS: Readonly<
  Record<DatabaseFault, { readonly code: ErrorCode; readonly message: string; readonly retryAfterSeconds: number }>
> = {
  locked: {
    code: 'DATABASE_LOCKED',
    message:
      'Cơ sở dữ liệu đang bị một chương trình khác khóa (ví dụ một lệnh nhập hay sao lưu đang chạy); ' +
      'chưa có gì được ghi. Vui lòng thử lại sau vài giây.',
    retryAfterSeconds: 5,
  },
  'read-only': {
    code: 'DATABASE_READ_ONLY',
    message:
      'Cơ sở dữ liệu đang ở chế độ chỉ đọc nên không ghi được; chưa có gì được ghi. ' +
      'Quản trị viên cần cấp lại quyền ghi cho tệp cơ sở dữ liệu (và các tệp -wal, -shm bên cạnh) hoặc cho máy chủ cơ sở dữ liệu.',
    retryAfterSeconds: 30,
  },
  full: {
    code: 'DISK_FULL',
    message:
      'Ổ đĩa chứa cơ sở dữ liệu đã đầy nên không ghi được; chưa có gì được ghi. ' +
      'Quản trị viên cần giải phóng dung lượng, sau đó thử lại.',
    retryAfterSeconds: 60,
  },
  unreachable: {
    code: 'DATABASE_UNREACHABLE',
    message:
      'Không truy cập được cơ sở dữ liệu (máy chủ cơ sở dữ liệu không trả lời, hoặc lỗi đọc/ghi đĩa); ' +
      'chưa có gì được ghi. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị viên kiểm tra máy chủ cơ sở dữ liệu và ổ đĩa.',
    retryAfterSeconds: 10,
  },
};

/** SQLite result codes (better-sqlite3 names them, extended codes included, e.g. SQLITE_READONLY_DBMOVED). */
const SQLITE_FAULTS: ReadonlyArray<readonly [prefix: string, fault: DatabaseFault]> = [
  ['SQLITE_BUSY', 'locked'],
  ['SQLITE_LOCKED', 'locked'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_CANTOPEN', 'read-only'],
  ['SQLITE_PERM', 'read-only'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_IOERR', 'unreachable'],
];

/** PostgreSQL SQLSTATEs: exact codes first, then whole classes. */
const POSTGRES_CODES: Readonly<Record<string, DatabaseFault>> = {
  '25006': 'read-only', // read_only_sql_transaction (a standby, or default_transaction_read_only)
  '53100': 'full', // disk_full
  '55P03': 'locked', // lock_not_available
  '57P01': 'unreachable', // admin_shutdown
  '57P02': 'unreachable', // crash_shutdown
  '57P03': 'unreachable', // cannot_connect_now (starting up, shutting down)
  '53300': 'unreachable', // too_many_connections
};
const POSTGRES_CLASSES: Readonly<Record<string, DatabaseFault>> = { '08': 'unreachable' }; // connection_exception

/** Network errors of the pg driver when the server is down or gone. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const NETWORK_MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
];

/**
 * Which fault, if any, an error of either database driver reports; undefined for every other error
 * (constraint violations, bad SQL…). Looks through TypeORM's QueryFailedError to the driver's error.
 */
export function databaseFaultOf(error: unknown, depth = 0): DatabaseFault | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, message, driverError, cause } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    for (const [prefix, fault] of SQLITE_FAULTS) if (code === prefix || code.startsWith(`${prefix}_`)) return fault;
    if (POSTGRES_CODES[code] !== undefined) return POSTGRES_CODES[code];
    if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_CLASSES[code.slice(0, 2)] !== undefined) {
      return POSTGRES_CLASSES[code.slice(0, 2)];
    }
    if (NETWORK_CODES.has(code)) return 'unreachable';
  }
  const inner = databaseFaultOf(driverError, depth + 1) ?? databaseFaultOf(cause, depth + 1);
  if (inner !== undefined) return inner;
  if (typeof message === 'string' && NETWORK_MESSAGES.some((pattern) => pattern.test(message))) return 'unreachable';
  return undefined;
}
