import type { NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { runInRequestContext } from './common/auth/request-context.js';
import { registerLoadShedding } from './common/overload.js';
import { installSecurityHeaders } from './common/security-headers.js';
import { APP_CONFIG, type AppConfig, type TrustProxy } from './config/app-config.js';
import { installRequestLimits, urlIsValidUtf8 } from './common/request-limits.js';
import { registerViews } from './pages/view-setup.js';
import { LoginRateLimiter, loginAttemptHook } from './accounts/login-rate-limiter.js';

/** Largest request body of a route without its own limit (each route gets one: see request-limits.ts). */
const BODY_LIMIT = 5 * 1024 * 1024;

/** Largest uploaded file (an Excel workbook to import). */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

/** The HTTP adapter; the API takes JSON only (Nest's form parser is off, see APP_OPTIONS). */
export const createHttpAdapter = (trustProxy: TrustProxy = false): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: fastifyTrustProxy(trustProxy),
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      // Raised while routing, before any hook: answered here in the API's error shape.
      const invalid = error.code === 'FST_ERR_BAD_URL' && !urlIsValidUtf8(request.url);
      void reply.code(400).send({
        statusCode: 400,
        code: invalid ? 'INVALID_ENCODING' : 'MALFORMED_REQUEST',
        message: invalid
          ? 'Địa chỉ yêu cầu có ký tự mã hóa không phải UTF-8 hợp lệ (ví dụ %FF); hãy gửi lại dưới dạng UTF-8.'
          : 'Địa chỉ yêu cầu không hợp lệ.',
      });
    },
  });

/** A number of hops trusts that many proxies from the right of X-Forwarded-For (as Fastify's own number). */
const fastifyTrustProxy = (trustProxy: TrustProxy) =>
  typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy && [...trustProxy];

export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

/** What main.ts and the e2e tests both apply to the app. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other content type is answered 415.
  fastify.removeContentTypeParser('text/plain');
  // JSON bodies: size per route, depth, control characters, UTF-8; logins counted before parsing.
  installRequestLimits(fastify, { onLoginRequest: loginAttemptHook(app.get(LoginRateLimiter)) });
  // Each request runs in its own context, where the guard puts who is asking (for the audit).
  fastify.addHook('onRequest', (_request, _reply, done) => runInRequestContext(done));
  // Overload: 503 + Retry-After above the configured event-loop delay or memory (src/common/overload.ts).
  await registerLoadShedding(app, app.get<AppConfig>(APP_CONFIG).overload);
  await app.register(fastifyCookie);
  // File uploads (Excel imports): one file per request, at most UPLOAD_LIMIT bytes.
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 } });
  // Security headers, the same on every answer (the API docs page alone may run its inline script).
  installSecurityHeaders(fastify);
  // The OpenAPI document is built on its first request (about 0.1 s and a few MB not spent at start).
  const document = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Thi đua — API')
        .setDescription(
          'Cụm, khối thi đua: đơn vị, năm thi đua (thành viên, cụm trưởng, cụm phó, quy định, bảng chấm điểm, chỉ tiêu), ' +
            'kết quả, xếp hạng, xếp loại và số liệu tổng hợp. Lỗi luôn có dạng { statusCode, code, message, errors? }.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await registerViews(fastify, process.env.NODE_ENV === 'production');
}
