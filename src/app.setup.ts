import type { NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Largest request body accepted (413 above it). */
const BODY_LIMIT = 5 * 1024 * 1024;

/** The HTTP adapter; the API takes JSON only (Nest's form parser is off, see APP_OPTIONS). */
export const createHttpAdapter = (): FastifyAdapter => new FastifyAdapter({ bodyLimit: BODY_LIMIT });

export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

/** What main.ts and the e2e tests both apply to the app. */
export function configureApp(app: NestFastifyApplication): void {
  // JSON only: any other content type is answered 415.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Thi đua — API')
      .setDescription(
        'Cụm, khối thi đua: đơn vị, năm thi đua (thành viên, cụm trưởng, cụm phó, quy định, bảng chấm điểm, chỉ tiêu), ' +
          'kết quả, xếp hạng, xếp loại và số liệu tổng hợp. Lỗi luôn có dạng { statusCode, code, message, errors? }.',
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) => reply.redirect('/api/docs'));
}
