/**
 * Limits on what a request may carry, enforced before any handler runs: the body size of each
 * route (413), JSON nesting depth, control characters and invalid UTF-8 (400), control characters
 * in the query string and escapes in the URL that are not UTF-8 (400). Every refusal is an AppException, so it has the API's error shape.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppException } from './app-exception.js';
import { findForbiddenControl, JSON_MAX_DEPTH, scanJson, type JsonScanProblem } from './json-scan.js';

const KB = 1024;

/** Login, page session, own password: a few hundred bytes in real use. */
export const CREDENTIALS_BODY_LIMIT = 4 * KB;
/** A whole cluster-year (members, scoring table, targets) or a unit's results: ~300 KB at most in real use. */
export const LARGE_BODY_LIMIT = 1024 * KB;
/** Every other JSON route (a unit, a cluster, a user, a reason…). */
export const DEFAULT_BODY_LIMIT = 256 * KB;

/** Routes whose body is a login (counted against the login limit, refused or not). */
export const LOGIN_ROUTES: ReadonlySet<string> = new Set(['/api/auth/login', '/api/auth/session']);

const CREDENTIAL_ROUTES: ReadonlySet<string> = new Set([...LOGIN_ROUTES, '/api/auth/password']);
const LARGE_ROUTES: ReadonlySet<string> = new Set([
  'PUT /api/clusters/:id/years/:year',
  'PUT /api/clusters/:id/years/:year/results/:unitId',
]);

/** The largest JSON body a route accepts. (Uploads are multipart, bounded by UPLOAD_LIMIT instead.) */
export function bodyLimitFor(method: string, url: string): number {
  if (CREDENTIAL_ROUTES.has(url)) return CREDENTIALS_BODY_LIMIT;
  if (LARGE_ROUTES.has(`${method} ${url}`)) return LARGE_BODY_LIMIT;
  return DEFAULT_BODY_LIMIT;
}

const sizeText = (bytes: number): string =>
  bytes >= 1024 * KB ? `${bytes / (1024 * KB)} MB` : `${Math.round(bytes / KB)} KB`;

/** 413 for a body above the route's limit, naming the limit. */
export const payloadTooLarge = (limit: number): AppException =>
  new AppException(
    'PAYLOAD_TOO_LARGE',
    `Dữ liệu gửi lên quá lớn: địa chỉ này nhận tối đa ${sizeText(limit)}. Hãy gửi ít dữ liệu hơn mỗi lần.`,
  );

const codePointText = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

function scanProblem(problem: JsonScanProblem): AppException {
  switch (problem.kind) {
    case 'too-deep':
      return new AppException(
        'JSON_TOO_DEEP',
        `JSON lồng nhau quá sâu (quá ${JSON_MAX_DEPTH} cấp, ở ký tự thứ ${problem.position + 1}); dữ liệu của API không cần sâu như vậy.`,
      );
    case 'control-character':
      return new AppException(
        'CONTROL_CHARACTER',
        `Văn bản gửi lên chứa ký tự điều khiển ${codePointText(problem.codePoint)} (ở ký tự thứ ${problem.position + 1}); ` +
          'hãy xóa ký tự đó rồi gửi lại (chỉ được dùng xuống dòng và tab).',
      );
    case 'lone-surrogate':
      return new AppException(
        'INVALID_ENCODING',
        `Văn bản gửi lên có ký tự Unicode không hợp lệ (nửa cặp surrogate, ở ký tự thứ ${problem.position + 1}); hãy gõ lại đoạn văn bản đó.`,
      );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes, scans and parses a JSON body; throws AppException on any problem. */
export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new AppException(
      'INVALID_ENCODING',
      'Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ; hãy lưu hoặc gửi lại dưới dạng UTF-8.',
    );
  }
  const problem = scanJson(text);
  if (problem) throw scanProblem(problem);
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppException('MALFORMED_REQUEST', 'Yêu cầu không đúng định dạng (cần JSON hợp lệ).');
  }
  // Every route takes an object: `null`, `5` or `[…]` would otherwise reach the DTO as an empty patch.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppException('MALFORMED_REQUEST', 'Nội dung gửi lên phải là một đối tượng JSON ({ … }).');
  }
  return value;
}

/**
 * Whether the URL's percent-escapes decode to valid UTF-8. Fastify would turn `%FF` (in a reason
 * for the audit trail, a search…) into U+FFFD without a word.
 */
export function urlIsValidUtf8(url: string): boolean {
  if (!url.includes('%')) return true;
  const bytes: number[] = [];
  for (let i = 0; i < url.length; i += 1) {
    const char = url.charCodeAt(i);
    if (char === 0x25 && /^[0-9a-fA-F]{2}$/.test(url.slice(i + 1, i + 3))) {
      bytes.push(parseInt(url.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char < 0x80) {
      bytes.push(char);
    } else {
      bytes.push(...Buffer.from(url[i], 'utf8'));
    }
  }
  try {
    utf8.decode(Uint8Array.from(bytes));
    return true;
  } catch {
    return false;
  }
}

/** 400 when the URL's escapes are not UTF-8 (e.g. `?reason=%FF`). */
function checkUrlEncoding(request: FastifyRequest): void {
  if (urlIsValidUtf8(request.url)) return;
  throw new AppException(
    'INVALID_ENCODING',
    'Địa chỉ yêu cầu có ký tự mã hóa không phải UTF-8 hợp lệ (ví dụ %FF); hãy gửi lại tham số dưới dạng UTF-8.',
  );
}

/** 400 when a query-string value holds a control character (e.g. `?q=%00`). */
function checkQuery(request: FastifyRequest): void {
  const query = request.query;
  if (typeof query !== 'object' || query === null) return;
  for (const [name, raw] of Object.entries(query as Record<string, unknown>)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') continue;
      const at = findForbiddenControl(value);
      if (at >= 0 || findForbiddenControl(name) >= 0) {
        throw new AppException(
          'CONTROL_CHARACTER',
          `Tham số "${name}" chứa ký tự điều khiển ${codePointText(value.charCodeAt(Math.max(at, 0)))}; hãy xóa ký tự đó rồi gửi lại.`,
          { [name]: ['chứa ký tự điều khiển'] },
        );
      }
    }
  }
}

export interface RequestLimitsOptions {
  /** Runs first on each login route, before the body is read: counts the attempt (429 beyond). */
  readonly onLoginRequest?: onRequestHookHandler;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Installs the JSON parser and the per-route limits. Call before the app's routes are registered
 * (configureApp runs before app.init / listen).
 */
export function installRequestLimits(fastify: FastifyInstance, options: RequestLimitsOptions = {}): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('onRoute', (route) => {
    const methods = asArray(route.method).map((method) => method.toUpperCase());
    const limit = Math.min(...methods.map((method) => bodyLimitFor(method, route.url ?? route.path)));
    route.bodyLimit = route.bodyLimit === undefined ? limit : Math.min(route.bodyLimit, limit);
    const onRequest = asArray(route.onRequest);
    if (options.onLoginRequest && LOGIN_ROUTES.has(route.url ?? route.path)) onRequest.unshift(options.onLoginRequest);
    route.onRequest = onRequest;
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    try {
      checkUrlEncoding(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      checkQuery(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
