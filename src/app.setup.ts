import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What main.ts and the e2e tests both apply to the app. */
export function configureApp(app: NestFastifyApplication): void {
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
