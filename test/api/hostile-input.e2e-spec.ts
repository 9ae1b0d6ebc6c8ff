/**
 * Hostile input, as an anonymous attacker or a careless client would send it: deep JSON, huge
 * bodies, control characters, invalid UTF-8, bad ids, odd multipart uploads, and a fast-check
 * fuzz of every JSON write route's body. Every answer is a 4xx in the error shape, nothing is
 * written, and the app still answers /api/health afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { api, createTestApp, tokenFor } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnits } from '../factories/units.factory.js';
import { multipart, XLSX_TYPE } from '../factories/workbook.factory.js';

type Client = ReturnType<typeof api>;
type Inject = Awaited<ReturnType<Client['raw']>>;

/** `[[[…0…]]]`, `depth` arrays deep. */
const nested = (depth: number): string => `${'['.repeat(depth)}0${']'.repeat(depth)}`;

/** Every row of every table the entities map, the audit trail included. */
async function snapshot(dataSource: DataSource): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const { tableName } of dataSource.entityMetadatas) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${tableName}"`);
    tables[tableName] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return tables;
}

/** A refusal in the API's error shape, with this status (and code, when given). */
function expectRefused(response: Inject, status: number, code?: string): Record<string, unknown> {
  expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toEqual({
    status,
    body: expect.any(String),
  });
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toEqual(
    expect.objectContaining({ statusCode: status, code: code ?? expect.any(String), message: expect.any(String) }),
  );
  expect(Object.keys(body).every((key) => ['statusCode', 'code', 'message', 'errors'].includes(key))).toBe(true);
  return body;
}

const json = { 'content-type': 'application/json' };

describe('Hostile input', () => {
  let app: NestFastifyApplication;
  let client: Client;
  let dataSource: DataSource;
  let clusterId: number;
  let units: number[];

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
    dataSource = app.get(DataSource);
    units = await createUnits(client, 3, 'Đơn vị thử', 'DVT');
    clusterId = await createCluster(client);
    await putClusterYear(client, clusterId, 2024, clusterYearBody(units));
  });

  afterAll(async () => {
    await app.close();
  });

  describe('deep JSON', () => {
    it('a 5 MB body nested 2.5 million deep to the login is refused at once, without reading it (413)', async () => {
      const response = await client.raw({
        method: 'POST',
        url: '/api/auth/login',
        headers: json,
        payload: nested(2_500_000),
      });
      const body = expectRefused(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(body.message).toContain('4 KB');
    });

    it('a 5 MB body nested 2.5 million deep to a JSON route is refused (413: above the route limit)', async () => {
      const response = await client.raw({
        method: 'POST',
        url: '/api/units',
        headers: json,
        payload: nested(2_500_000),
      });
      expectRefused(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each([33, 2000, 100_000])('nesting %i deep within the size limit answers 400 JSON_TOO_DEEP', async (depth) => {
      const payload = `{"name":"Đơn vị sâu","note":${nested(depth - 1)}}`;
      const before = await snapshot(dataSource);
      const response = await client.raw({ method: 'POST', url: '/api/units', headers: json, payload });
      const body = expectRefused(response, 400, 'JSON_TOO_DEEP');
      expect(body.message).toContain('32');
      expect(await snapshot(dataSource)).toEqual(before);
    });

    it('nesting 32 deep passes the parser and meets validation (400 VALIDATION_FAILED, not a 500)', async () => {
      const payload = `{"name":"Đơn vị sâu","note":${nested(31)}}`;
      const response = await client.raw({ method: 'POST', url: '/api/units', headers: json, payload });
      expectRefused(response, 400, 'VALIDATION_FAILED');
    });

    it('brackets inside strings do not count as nesting', async () => {
      const response = await client.post('/api/units', { name: `Đơn vị ${'['.repeat(100)}`, code: 'NGOAC' });
      expect(response.status).toBe(201);
    });
  });

  describe('body size per route', () => {
    it('a login body above 4 KB answers 413 naming the limit', async () => {
      const payload = JSON.stringify({ username: 'a'.repeat(5000), password: 'x' });
      const body = expectRefused(
        await client.raw({ method: 'POST', url: '/api/auth/login', headers: json, payload }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(body.message).toBe(
        'Dữ liệu gửi lên quá lớn: địa chỉ này nhận tối đa 4 KB. Hãy gửi ít dữ liệu hơn mỗi lần.',
      );
    });

    it('a unit body above 256 KB answers 413; a cluster-year PUT of 300 KB gets through to validation', async () => {
      const big = JSON.stringify({ name: 'Đơn vị', note: 'x'.repeat(300 * 1024) });
      const unit = await client.raw({ method: 'POST', url: '/api/units', headers: json, payload: big });
      expect(JSON.parse(unit.body).message).toContain('256 KB');
      expectRefused(unit, 413, 'PAYLOAD_TOO_LARGE');
      const year = clusterYearBody(units, { padding: 'x'.repeat(300 * 1024) });
      const put = await client.raw({
        method: 'PUT',
        url: `/api/clusters/${clusterId}/years/2030`,
        headers: json,
        payload: JSON.stringify(year),
      });
      expectRefused(put, 400, 'VALIDATION_FAILED');
    });

    it('a cluster-year PUT above 1 MB answers 413', async () => {
      const year = JSON.stringify(clusterYearBody(units, { padding: 'x'.repeat(1100 * 1024) }));
      const put = await client.raw({
        method: 'PUT',
        url: `/api/clusters/${clusterId}/years/2030`,
        headers: json,
        payload: year,
      });
      expectRefused(put, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('refused logins count against the login limit', () => {
    let limited: NestFastifyApplication;

    beforeAll(async () => {
      limited = await createTestApp({ loginAttemptsPerMinute: 4 });
    });

    afterAll(async () => {
      await limited.close();
    });

    it('malformed, too deep, too large and invalid logins use up the limit; the next login gets 429 with Retry-After', async () => {
      const client = api(limited, null);
      const attempts = [
        { payload: '{"username":', status: 400 },
        { payload: `{"username":${nested(40)}}`, status: 400 },
        { payload: JSON.stringify({ username: 'a'.repeat(5000), password: 'x' }), status: 413 },
        { payload: JSON.stringify({ username: 'a\u0000', password: 'x' }), status: 400 },
      ];
      for (const { payload, status } of attempts) {
        expectRefused(await client.raw({ method: 'POST', url: '/api/auth/login', headers: json, payload }), status);
      }
      const fifth = await client.raw({
        method: 'POST',
        url: '/api/auth/session',
        headers: json,
        payload: JSON.stringify({ username: 'admin', password: 'mat-khau-bat-ky' }),
      });
      expectRefused(fifth, 429, 'TOO_MANY_REQUESTS');
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('control characters and encodings', () => {
    it.each([
      ['U+0000 in the login username', '/api/auth/login', { username: 'admin\u0000', password: 'x' }, 'U+0000'],
      ['U+001B in a unit name', '/api/units', { name: 'Đơn vị \u001b[31m' }, 'U+001B'],
      ['U+007F in a unit code', '/api/units', { name: 'Đơn vị', code: 'A\u007f' }, 'U+007F'],
      ['U+0008 (\\b) in a key', '/api/units', { ['na\bme']: 'Đơn vị' }, 'U+0008'],
    ])('%s answers 400 CONTROL_CHARACTER and writes nothing', async (_label, url, body, codePoint) => {
      const before = await snapshot(dataSource);
      const response = await api(app).raw({ method: 'POST', url, headers: json, payload: JSON.stringify(body) });
      const error = expectRefused(response, 400, 'CONTROL_CHARACTER');
      expect(error.message).toContain(codePoint);
      expect(await snapshot(dataSource)).toEqual(before);
    });

    it('tab, line feed and carriage return are allowed in text (multi-line notes)', async () => {
      const response = await client.post('/api/units', { name: 'Đơn vị nhiều dòng', note: 'dòng 1\r\ndòng 2\tcột' });
      expect(response.status).toBe(201);
      expect((await client.get(`/api/units/${response.body.id}`)).body.note).toBe('dòng 1\r\ndòng 2\tcột');
    });

    it('a control character in the query string answers 400', async () => {
      const response = await client.raw({ method: 'GET', url: '/api/units?q=a%00b' });
      const body = expectRefused(response, 400, 'CONTROL_CHARACTER');
      expect(body.errors).toEqual({ q: ['chứa ký tự điều khiển'] });
    });

    it.each(['/api/units?q=%FF', '/api/units?q=%C0%AF', '/api/units?q=%E1%BA', '/api/clusters/%FF'])(
      'invalid UTF-8 in the URL (%p) answers 400 INVALID_ENCODING',
      async (url) => {
        expectRefused(await client.raw({ method: 'GET', url }), 400, 'INVALID_ENCODING');
      },
    );

    it('escaped Vietnamese in the URL still works', async () => {
      const response = await client.raw({ method: 'GET', url: `/api/units?q=${encodeURIComponent('Phường')}` });
      expect(response.statusCode).toBe(200);
    });

    it('invalid UTF-8 is refused with 400 INVALID_ENCODING, not stored as U+FFFD', async () => {
      const before = await snapshot(dataSource);
      const payload = Buffer.concat([Buffer.from('{"name":"Đơn vị '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      expectRefused(
        await client.raw({ method: 'POST', url: '/api/units', headers: json, payload }),
        400,
        'INVALID_ENCODING',
      );
      const overlong = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
      expectRefused(
        await client.raw({ method: 'POST', url: '/api/units', headers: json, payload: overlong }),
        400,
        'INVALID_ENCODING',
      );
      expect(await snapshot(dataSource)).toEqual(before);
    });

    it('a lone surrogate escape (\\ud800) is refused with 400 INVALID_ENCODING; a real pair is fine', async () => {
      const lone = await client.raw({
        method: 'POST',
        url: '/api/units',
        headers: json,
        payload: '{"name":"A\\ud800"}',
      });
      expectRefused(lone, 400, 'INVALID_ENCODING');
      const pair = await client.raw({
        method: 'POST',
        url: '/api/units',
        headers: json,
        payload: '{"name":"Đơn vị \\ud83c\\udfc6"}',
      });
      expect(pair.statusCode).toBe(201);
      expect(JSON.parse(pair.body).name).toBe('Đơn vị 🏆');
    });
  });

  describe('ids: decimal digits only', () => {
    it.each(['0x10', '1e0', '0b1', '0o7', '1.0', '+1', '-1', '%201', 'Infinity', '1_000'])(
      'path id %s answers 400 naming the parameter',
      async (id) => {
        const body = expectRefused(
          await client.raw({ method: 'GET', url: `/api/units/${id}` }),
          400,
          'VALIDATION_FAILED',
        );
        expect(body.errors).toEqual({ id: [expect.any(String)] });
      },
    );

    it.each(['0x10', '1e0', '0b1', '', ' 1', '1.5'])('query id clusterId=%p answers 400', async (id) => {
      const response = await client.raw({ method: 'GET', url: `/api/audit?clusterId=${encodeURIComponent(id)}` });
      const body = expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(Object.keys(body.errors as object)).toEqual(['clusterId']);
    });

    it('query year=2e3 answers 400; year=2024 works', async () => {
      expectRefused(await client.raw({ method: 'GET', url: '/api/units?year=2e3' }), 400, 'VALIDATION_FAILED');
      expect((await client.get('/api/units?year=2024')).status).toBe(200);
    });
  });

  describe('multipart uploads', () => {
    const url = () => `/api/clusters/${clusterId}/years/2024/import`;
    const boundary = '----thidua-hostile';
    const part = (name: string, content: string, fileName?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
      (fileName === undefined ? '\r\n\r\n' : `; filename="${fileName}"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`) +
      `${content}\r\n`;
    const send = (parts: string[]) =>
      client.raw({
        method: 'POST',
        url: url(),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${parts.join('')}--${boundary}--\r\n`,
      });

    it('a second file is refused with 400', async () => {
      const before = await snapshot(dataSource);
      const body = expectRefused(
        await send([part('file', 'PK', 'a.xlsx'), part('file', 'PK', 'b.xlsx')]),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.message).toContain('một tệp');
      expect(await snapshot(dataSource)).toEqual(before);
    });

    it('an unexpected field (before or after the file) is refused with 400', async () => {
      expectRefused(await send([part('ghichu', 'xin chào'), part('file', 'PK', 'a.xlsx')]), 400, 'VALIDATION_FAILED');
      expectRefused(await send([part('file', 'PK', 'a.xlsx'), part('ghichu', 'xin chào')]), 400, 'VALIDATION_FAILED');
    });

    it('a file in another field than "file" is refused with 400', async () => {
      const { payload, headers } = multipart({ name: 'a.xlsx', content: Buffer.from('PK'), field: 'tep' });
      expectRefused(await client.raw({ method: 'POST', url: url(), payload, headers }), 400, 'VALIDATION_FAILED');
    });
  });

  it.each(['/api/docs/..%5c..%5cpackage.json', '/api/docs/%00'])(
    'a refused traversal under /api/docs (%s) answers 403 with code FORBIDDEN',
    async (path) => {
      const body = expectRefused(await client.raw({ method: 'GET', url: path }), 403, 'FORBIDDEN');
      expect(body.message).toBe('Không được phép truy cập địa chỉ này.');
    },
  );

  describe('predecessor/successor cycles between units', () => {
    it('A↔B and A→B→C→A are refused with 400 naming the cycle; nothing is written', async () => {
      const [a, b, c] = await createUnits(client, 3, 'Ban vòng', 'VONG');
      expect(
        (await client.patch(`/api/units/${b}`, { predecessors: [{ unitId: a, kind: 'succession' }] })).status,
      ).toBe(200);
      let before = await snapshot(dataSource);
      const pair = await client.patch(`/api/units/${a}`, { predecessors: [{ unitId: b, kind: 'merger' }] });
      expect(pair.status).toBe(400);
      expect(pair.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message:
          'Liên kết tiền thân tạo thành vòng: "Ban vòng 1" → "Ban vòng 2" → "Ban vòng 1". Một đơn vị không thể là tiền thân ' +
          '(trực tiếp hay gián tiếp) của chính nó; hãy bỏ liên kết này.',
        errors: { 'predecessors[0].unitId': ['tạo thành vòng: "Ban vòng 1" → "Ban vòng 2" → "Ban vòng 1"'] },
      });
      expect(await snapshot(dataSource)).toEqual(before);

      expect((await client.patch(`/api/units/${c}`, { predecessors: [{ unitId: b, kind: 'split' }] })).status).toBe(
        200,
      );
      before = await snapshot(dataSource);
      const three = await client.patch(`/api/units/${a}`, {
        predecessors: [
          { unitId: units[0], kind: 'merger' },
          { unitId: c, kind: 'merger' },
        ],
      });
      expect(three.status).toBe(400);
      expect(three.body.errors).toEqual({
        'predecessors[1].unitId': ['tạo thành vòng: "Ban vòng 1" → "Ban vòng 2" → "Ban vòng 3" → "Ban vòng 1"'],
      });
      expect(await snapshot(dataSource)).toEqual(before);
      // without the cycle, the same unit takes predecessors
      expect(
        (await client.patch(`/api/units/${a}`, { predecessors: [{ unitId: units[0], kind: 'merger' }] })).status,
      ).toBe(200);
    });
  });

  describe('"version": null', () => {
    it('is refused with 400 on every versioned write (omit the field to write without the check); nothing is written', async () => {
      const writes: [string, string, Record<string, unknown>][] = [
        ['PATCH', `/api/units/${units[0]}`, { note: 'x' }],
        ['PATCH', `/api/clusters/${clusterId}`, { description: 'x' }],
        ['PUT', `/api/clusters/${clusterId}/years/2024`, clusterYearBody(units)],
        ['PUT', `/api/clusters/${clusterId}/years/2024/results/${units[0]}`, { results: [] }],
        ['PUT', '/api/settings/organizer', { parentBody: 'A', issuingBody: 'B', mottoKind: 'state', place: 'C' }],
        ['POST', `/api/clusters/${clusterId}/years/2024/finalize`, {}],
      ];
      const before = await snapshot(dataSource);
      for (const [method, url, body] of writes) {
        const response = await client.raw({
          method: method as 'PUT',
          url,
          headers: json,
          payload: JSON.stringify({ ...body, version: null }),
        });
        const error = expectRefused(response, 400, 'VALIDATION_FAILED');
        expect({ url, errors: error.errors }).toEqual({
          url,
          errors: {
            version: ['phải là số nguyên ≥ 1: phiên bản đã đọc (GET); bỏ hẳn trường này nếu không cần kiểm tra'],
          },
        });
      }
      expect(await snapshot(dataSource)).toEqual(before);
      const document = (await client.get('/api/docs/openapi.json')).body;
      for (const schema of ['UpdateUnitDto', 'UpdateClusterDto', 'PutClusterYearDto', 'PutResultsDto', 'FinalizeDto']) {
        expect({ schema, version: document.components.schemas[schema].properties.version }).toEqual({
          schema,
          version: expect.not.objectContaining({ nullable: true }),
        });
      }
    });
  });

  describe('fuzz: every JSON write route', () => {
    /** Hostile bodies that no route may accept: each carries at least one thing every DTO refuses. */
    const hostileBody = (knownKeys: readonly string[]): fc.Arbitrary<string> => {
      const controls = fc
        .integer({ min: 0, max: 0x1f })
        .filter((c) => c !== 9 && c !== 10 && c !== 13)
        .map((c) => String.fromCharCode(c));
      const text = fc.string({ maxLength: 40 });
      const withControl = fc.tuple(text, controls, text).map(([a, c, b]) => a + c + b);
      const value = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        withControl,
        fc.string({ minLength: 1000, maxLength: 20_000 }),
      );
      const known = knownKeys.length === 0 ? fc.constant('x') : fc.constantFrom(...knownKeys);
      const object = fc.dictionary(fc.oneof(known, fc.string({ maxLength: 10 })), value, { maxKeys: 8 });
      return fc.oneof(
        // an unknown field (forbidNonWhitelisted), with anything else around it
        fc.tuple(object, value).map(([o, v]) => JSON.stringify({ ...o, x_fuzz_khong_co: v })),
        // a control character somewhere in a string
        fc.tuple(object, known, withControl).map(([o, k, v]) => JSON.stringify({ ...o, [k]: v })),
        // nesting deeper than 32
        fc.tuple(known, fc.integer({ min: 33, max: 5000 })).map(([k, depth]) => `{"${k}":${nested(depth)}}`),
        // not an object at all
        fc
          .oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(object, { maxLength: 3 }))
          .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
          .map((v) => JSON.stringify(v)),
        // broken JSON
        fc.string({ maxLength: 200 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
      );
    };

    it('answers 4xx in the error shape, never 500, writes nothing, and the app stays up', async () => {
      const document = (await client.get('/api/docs/openapi.json')).body as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: any }> } }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const secretary = await tokenFor(app, 'secretary', [clusterId]);
      const routes: { method: string; url: string; keys: string[] }[] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const content = operation.requestBody?.content ?? {};
          if (!('application/json' in content)) continue;
          const ref = String(content['application/json']?.schema?.$ref ?? '');
          const schema = document.components.schemas[ref.split('/').pop() ?? ''];
          const url = path
            .replace('{id}', String(path.startsWith('/api/units') ? units[0] : clusterId))
            .replace('{year}', '2024')
            .replace('{prev}', '2023')
            .replace('{unitId}', String(units[0]));
          routes.push({ method: method.toUpperCase(), url, keys: Object.keys(schema?.properties ?? {}) });
        }
      }
      expect(routes.length).toBeGreaterThanOrEqual(12);
      const before = await snapshot(dataSource);
      const statuses = new Map<number, number>();
      for (const route of routes) {
        for (const token of [null, secretary, undefined]) {
          const caller = token === undefined ? client : api(app, token);
          await fc.assert(
            fc.asyncProperty(hostileBody(route.keys), async (payload) => {
              const response = await caller.raw({
                method: route.method as 'POST',
                url: route.url,
                headers: json,
                payload,
              });
              statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
              const status = response.statusCode;
              expect({ route: `${route.method} ${route.url}`, status, is4xx: status >= 400 && status < 500 }).toEqual({
                route: `${route.method} ${route.url}`,
                status,
                is4xx: true,
              });
              const body = JSON.parse(response.body) as Record<string, unknown>;
              expect(body).toEqual(
                expect.objectContaining({
                  statusCode: response.statusCode,
                  code: expect.any(String),
                  message: expect.any(String),
                }),
              );
            }),
            { numRuns: token === undefined ? 60 : 15, seed: 8_2026 },
          );
        }
      }
      expect(await snapshot(dataSource)).toEqual(before);
      expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
      const health = await client.get('/api/health');
      expect(health.status).toBe(200);
    });
  });
});
