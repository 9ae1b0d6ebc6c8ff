import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

export type DatabaseConfig =
  { readonly type: 'sqlite'; readonly path: string } | { readonly type: 'postgres'; readonly url: string };

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  /** auto: seed the demo data when the database is empty; off: never. */
  readonly demoSeed: 'auto' | 'off';
  readonly logLevel: LogLevel;
  /** How long a login (bearer token or session cookie) lasts. */
  readonly tokenTtlHours: number;
  /** Send the session cookie with `Secure` (behind HTTPS). */
  readonly cookieSecure: boolean;
  /** Login attempts allowed per client address and minute. */
  readonly loginAttemptsPerMinute: number;
  /**
   * Behind a reverse proxy: which hops of X-Forwarded-For to trust for the client address —
   * false (none), a number of proxies in front of the app, or the proxies' addresses/CIDRs.
   */
  readonly trustProxy: TrustProxy;
  /** Folder of the report templates (.xlsx with placeholders). */
  readonly reportTemplatesDir: string;
  /** LibreOffice's soffice for PDF documents (SOFFICE_PATH); absent: the first on PATH. */
  readonly libreOffice?: string;
  /** Longest a PDF conversion may take (default 90 s). */
  readonly pdfTimeoutMs?: number;
  /** Workbook imports: parsed in worker threads, a few at a time. */
  readonly imports: ImportLimits;
  /** Load shedding (503 + Retry-After) before the process falls over; 0 turns a check off. */
  readonly overload: OverloadLimits;
  /** Automatic daily backups (BACKUP_DIR set), or none. */
  readonly backup?: BackupConfig;
}

export type TrustProxy = false | number | readonly string[];

export interface BackupConfig {
  /** Folder of the backups (made if missing). */
  readonly dir: string;
  /** How many automatic backups are kept; older ones are deleted. */
  readonly keep: number;
  /** Hour of the day (UTC, 0–23) of the daily backup. */
  readonly hour: number;
}

export interface ImportLimits {
  /** Imports read at once (more: 503 IMPORT_BUSY with Retry-After). */
  readonly maxConcurrent: number;
  /** Longest a workbook may take to read in its worker. */
  readonly timeoutMs: number;
  /** Old-generation heap of each worker (resourceLimits.maxOldGenerationSizeMb). */
  readonly workerMemoryMb: number;
}

export interface OverloadLimits {
  /** Event-loop delay above which requests are shed. */
  readonly maxEventLoopDelayMs: number;
  /** Heap used above which requests are shed. */
  readonly maxHeapUsedMb: number;
  /** Resident memory above which requests are shed. */
  readonly maxRssMb: number;
  /** Retry-After of a shed request (and of a busy import). */
  readonly retryAfterSeconds: number;
}

/**
 * Imports read at once by default: 2, but never every core, so that one stays for answering
 * requests (on a 2-core machine, 2 reads at once made /api/health wait over 100 ms; 1 does not).
 */
export const defaultImportConcurrency = (cores: number): number => Math.max(1, Math.min(2, cores - 1));

/** Defaults: 2 imports at once (1 on a 2-core machine), 60 s, 512 MB per worker. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxConcurrent: defaultImportConcurrency(os.availableParallelism()),
  timeoutMs: 60_000,
  workerMemoryMb: 512,
};

export const APP_CONFIG = Symbol('APP_CONFIG');

/** A wrong environment: every message names its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cấu hình không hợp lệ (invalid configuration):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/** Reads and validates the environment once; throws ConfigError listing every wrong variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const portText = blankToUndefined(env.PORT) ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    problems.push(`PORT="${portText}": cần một số nguyên từ 1 đến 65535 (an integer from 1 to 65535).`);
  }

  const host = blankToUndefined(env.HOST) ?? '127.0.0.1';

  let database: DatabaseConfig;
  const url = blankToUndefined(env.DATABASE_URL);
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\/.+/.test(url)) {
      problems.push(
        'DATABASE_URL: cần dạng postgres://user:password@host:port/database (a PostgreSQL URL); bỏ trống để dùng SQLite.',
      );
    }
    database = { type: 'postgres', url };
  } else {
    const file = blankToUndefined(env.SQLITE_PATH) ?? 'data/thidua.sqlite';
    database = { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(file) };
  }

  const nodeEnv = blankToUndefined(env.NODE_ENV) ?? 'development';
  const demoSeedText = blankToUndefined(env.DEMO_SEED) ?? (nodeEnv === 'production' ? 'off' : 'auto');
  if (demoSeedText !== 'auto' && demoSeedText !== 'off') {
    problems.push(`DEMO_SEED="${demoSeedText}": cần "auto" hoặc "off".`);
  }

  const logLevelText = blankToUndefined(env.LOG_LEVEL) ?? 'log';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelText)) {
    problems.push(`LOG_LEVEL="${logLevelText}": cần một trong ${LOG_LEVELS.join(', ')}.`);
  }

  const positiveInt = (name: string, fallback: number, max: number): number => {
    const text = blankToUndefined(env[name]) ?? String(fallback);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > max) {
      problems.push(`${name}="${text}": cần một số nguyên từ 1 đến ${max}.`);
    }
    return value;
  };
  const tokenTtlHours = positiveInt('TOKEN_TTL_HOURS', 12, 24 * 90);
  const loginAttemptsPerMinute = positiveInt('LOGIN_ATTEMPTS_PER_MINUTE', 10, 10_000);
  const cookieSecureText = blankToUndefined(env.COOKIE_SECURE) ?? (nodeEnv === 'production' ? 'true' : 'false');
  if (cookieSecureText !== 'true' && cookieSecureText !== 'false') {
    problems.push(`COOKIE_SECURE="${cookieSecureText}": cần "true" hoặc "false".`);
  }

  const trustProxy = parseTrustProxy(blankToUndefined(env.TRUST_PROXY) ?? 'false', problems);

  const backupDir = blankToUndefined(env.BACKUP_DIR);
  const backupKeep = positiveInt('BACKUP_KEEP', 14, 10_000);
  const backupHourText = blankToUndefined(env.BACKUP_HOUR) ?? '19';
  const backupHour = Number(backupHourText);
  if (!/^\d{1,2}$/.test(backupHourText) || backupHour > 23) {
    problems.push(`BACKUP_HOUR="${backupHourText}": cần giờ UTC từ 0 đến 23 (19 giờ UTC là 2 giờ sáng giờ Việt Nam).`);
  }

  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const text = blankToUndefined(env[name]) ?? String(fallback);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      problems.push(`${name}="${text}": cần một số nguyên từ ${min} đến ${max}.`);
    }
    return value;
  };
  const imports: ImportLimits = {
    maxConcurrent: whole('IMPORT_MAX_CONCURRENT', DEFAULT_IMPORT_LIMITS.maxConcurrent, 1, 64),
    timeoutMs: whole('IMPORT_TIMEOUT_MS', DEFAULT_IMPORT_LIMITS.timeoutMs, 1, 3_600_000),
    workerMemoryMb: whole('IMPORT_WORKER_MEMORY_MB', DEFAULT_IMPORT_LIMITS.workerMemoryMb, 64, 65_536),
  };
  // Heap: by default 90 % of what V8 allows this process (its --max-old-space-size).
  const heapLimitMb = Math.floor((v8.getHeapStatistics().heap_size_limit / (1024 * 1024)) * 0.9);
  const overload: OverloadLimits = {
    maxEventLoopDelayMs: whole('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 1000, 0, 600_000),
    maxHeapUsedMb: whole('OVERLOAD_MAX_HEAP_MB', heapLimitMb, 0, 1_048_576),
    maxRssMb: whole('OVERLOAD_MAX_RSS_MB', 0, 0, 1_048_576),
    retryAfterSeconds: whole('OVERLOAD_RETRY_AFTER_SECONDS', 10, 1, 3600),
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    database,
    demoSeed: demoSeedText as 'auto' | 'off',
    logLevel: logLevelText as LogLevel,
    tokenTtlHours,
    cookieSecure: cookieSecureText === 'true',
    loginAttemptsPerMinute,
    trustProxy,
    reportTemplatesDir: path.resolve(blankToUndefined(env.REPORT_TEMPLATES_DIR) ?? 'templates/reports'),
    ...(blankToUndefined(env.SOFFICE_PATH) === undefined ? {} : { libreOffice: blankToUndefined(env.SOFFICE_PATH) }),
    imports,
    overload,
    ...(backupDir === undefined
      ? {}
      : { backup: { dir: path.resolve(backupDir), keep: backupKeep, hour: backupHour } }),
  };
}

/** One IPv4/IPv6 address, optionally with a /prefix. */
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(?:\/\d{1,3})?$/i;

/**
 * TRUST_PROXY: "false", a number of proxy hops (1 = one reverse proxy in front), or a comma-separated
 * list of the proxies' addresses/CIDRs (or loopback, linklocal, uniquelocal). "true" is refused: it
 * would take the leftmost X-Forwarded-For address, which any client can write.
 */
function parseTrustProxy(text: string, problems: string[]): TrustProxy {
  if (text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops <= 10) return hops;
  } else if (text !== 'true') {
    const list = text.split(',').map((part) => part.trim());
    const named = ['loopback', 'linklocal', 'uniquelocal'];
    if (list.every((part) => named.includes(part) || ADDRESS.test(part))) return list;
  }
  problems.push(
    `TRUST_PROXY="${text}": cần "false", số proxy đứng trước ứng dụng (1 đến 10) hoặc danh sách địa chỉ/CIDR của các proxy, ` +
      'cách nhau bởi dấu phẩy (ví dụ 1 hoặc 10.0.0.5,10.0.1.0/24). Không nhận "true": khi đó địa chỉ ngoài cùng bên trái ' +
      'của X-Forwarded-For do chính người dùng ghi, ai cũng vượt được giới hạn đăng nhập.',
  );
  return false;
}
