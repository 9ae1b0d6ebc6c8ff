/**
 * Hostile workbook uploads and overload: a secretary's login suffices to upload, so a file must
 * not be able to exhaust the server. Zip bombs, lying headers, too many entries or rows are
 * refused before parsing (413); reads run in worker threads, a few at a time (503 + Retry-After
 * beyond), under a timeout (422); above the load thresholds every route but /api/health answers
 * 503 + Retry-After. Every refusal is in the error shape and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DEFAULT_IMPORT_LIMITS } from '../../src/config/app-config.js';
import { ROW_SLACK } from '../../src/imports/xlsx-archive.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createCluster } from '../factories/clusters.factory.js';
import { createUnits } from '../factories/units.factory.js';
import { downloadTemplate, multipart, upload } from '../factories/workbook.factory.js';
import { deflated, entriesOf, withEntries } from '../factories/zip.factory.js';
import { api, createTestApp, tokenFor } from '../test-app.js';

const YEAR = 2024;
const MB = 1024 * 1024;

interface Fixture {
  app: NestFastifyApplication;
  admin: ReturnType<typeof api>;
  secretary: ReturnType<typeof api>;
  cluster: number;
  template: Buffer;
}

async function fixture(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<Fixture> {
  const app = await createTestApp(overrides);
  const admin = api(app);
  const units = await createUnits(admin, 3, 'Phường', 'P');
  const cluster = await createCluster(admin);
  await putClusterYear(admin, cluster, YEAR, clusterYearBody(units));
  const secretary = api(app, await tokenFor(app, 'secretary', [cluster]));
  return { app, admin, secretary, cluster, template: await downloadTemplate(admin, cluster, YEAR) };
}

const importUrl = (cluster: number, apply = false): string =>
  `/api/clusters/${cluster}/years/${YEAR}/import${apply ? '?dryRun=false&previewToken=x' : ''}`;

/** What an import could change, read from the database: results, versions, the audit trail. */
async function snapshot(f: { app: NestFastifyApplication }): Promise<unknown> {
  const db = f.app.get(DataSource);
  return {
    results: await db.query('SELECT * FROM result ORDER BY id'),
    versions: await db.query('SELECT id, version FROM membership ORDER BY id'),
    audit: Number((await db.query('SELECT COUNT(*) AS n FROM audit_entry'))[0].n),
  };
}

function expectErrorShape(body: any, status: number, code: string): void {
  expect(body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
  expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['code', 'message', 'statusCode']));
}

/** A worksheet of `rows` empty rows (numbered, or not: then tiny once compressed). */
const sheetWithRows = (rows: number, numbered = true): string => {
  const body: string[] = [];
  for (let r = 1; r <= rows; r += 1) body.push(numbered ? `<row r="${r}"/>` : '<row/>');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    `${body.join('')}</sheetData></worksheet>`
  );
};

describe('hostile workbooks are refused before parsing', () => {
  let f: Fixture;
  let sheetName: string;

  beforeAll(async () => {
    f = await fixture();
    sheetName = entriesOf(f.template).find((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))?.name ?? '';
    expect(sheetName).not.toBe('');
  });
  afterAll(async () => {
    await f.app.close();
  });

  it('accepts the cluster-year’s own template (the limits leave room for it)', async () => {
    const response = await upload(f.secretary, importUrl(f.cluster), f.template);
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a hidden 1 GiB entry (declared honestly)',
      () => deflated('xl/media/image1.bin', Buffer.alloc(1), 1024 * MB),
      /giải nén ra 1\.024 MB/,
    ],
    [
      'a 64 MB entry of zeros (compressed 64 KB)',
      () => deflated('xl/media/zeros.bin', Buffer.alloc(64 * MB)),
      /giải nén/,
    ],
  ])('refuses %s: 413, nothing written', async (_label, part, message) => {
    const before = await snapshot(f);
    const bomb = withEntries(f.template, [part()]);
    expect(bomb.length).toBeLessThan(1 * MB);
    const response = await upload(f.secretary, importUrl(f.cluster, true), bomb);
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413, 'IMPORT_FILE_TOO_LARGE');
    expect(response.body.message).toMatch(message);
    expect(await snapshot(f)).toEqual(before);
  });

  it('refuses a sheet expanding to 2 million rows: 413 before exceljs sees it', async () => {
    const before = await snapshot(f);
    const bomb = withEntries(f.template, [deflated(sheetName, sheetWithRows(2_000_000, false))]);
    expect(bomb.length).toBeLessThan(1 * MB);
    const response = await upload(f.secretary, importUrl(f.cluster, true), bomb);
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413, 'IMPORT_FILE_TOO_LARGE');
    expect(await snapshot(f)).toEqual(before);
  });

  it('refuses an entry whose header lies about its size (inflating stops at the declared size): 413', async () => {
    const before = await snapshot(f);
    const liar = withEntries(f.template, [deflated(sheetName, sheetWithRows(2_000_000, false), 100_000)]);
    const response = await upload(f.secretary, importUrl(f.cluster, true), liar);
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413, 'IMPORT_FILE_TOO_LARGE');
    expect(response.body.message).toContain('nhiều hơn kích thước ghi trong tệp');
    expect(await snapshot(f)).toEqual(before);
  });

  it('refuses more rows than the cluster-year can hold (3 units × 3 criteria + slack): 413 naming the limit', async () => {
    const before = await snapshot(f);
    const rows = 3 * 3 + ROW_SLACK + 1;
    const response = await upload(
      f.secretary,
      importUrl(f.cluster, true),
      withEntries(f.template, [deflated(sheetName, sheetWithRows(rows))]),
    );
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413, 'IMPORT_FILE_TOO_LARGE');
    expect(response.body.message).toContain('3 đơn vị × 3 tiêu chí');
    expect(response.body.message).toContain('dòng');
    expect(await snapshot(f)).toEqual(before);
  });

  it('refuses too many entries: 413', async () => {
    const before = await snapshot(f);
    const parts = Array.from({ length: 150 }, (_, i) => deflated(`customXml/item${i}.xml`, '<a/>'));
    const response = await upload(f.secretary, importUrl(f.cluster, true), withEntries(f.template, parts));
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413, 'IMPORT_FILE_TOO_LARGE');
    expect(response.body.message).toContain('thành phần nén');
    expect(await snapshot(f)).toEqual(before);
  });

  it('refuses a truncated archive (no central directory) as damaged: 400', async () => {
    const response = await upload(f.secretary, importUrl(f.cluster), f.template.subarray(0, 2000));
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400, 'IMPORT_FILE_INVALID');
  });

  it('still reads the template and answers health after all of this', async () => {
    expect((await upload(f.secretary, importUrl(f.cluster), f.template)).status).toBe(200);
    expect((await f.admin.get('/api/health')).status).toBe(200);
  });
});

describe('reading in workers: concurrency bound and timeout', () => {
  it(`one read at a time (IMPORT_MAX_CONCURRENT=1): of 3 simultaneous uploads, the extra ones answer 503 IMPORT_BUSY with Retry-After`, async () => {
    const f = await fixture({ imports: { ...DEFAULT_IMPORT_LIMITS, maxConcurrent: 1 } });
    try {
      const token = await tokenFor(f.app, 'secretary', [f.cluster]);
      const before = await snapshot(f);
      const { payload, headers } = multipart({ name: 'ket-qua.xlsx', content: f.template });
      const responses = await Promise.all(
        [1, 2, 3].map(() =>
          f.app.inject({
            method: 'POST',
            url: importUrl(f.cluster),
            payload,
            headers: { ...headers, authorization: `Bearer ${token}` },
          }),
        ),
      );
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses[0]).toBe(200);
      const busy = responses.filter((r) => r.statusCode === 503);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      for (const response of busy) {
        expect(response.headers['retry-after']).toBe('10');
        expectErrorShape(JSON.parse(response.body), 503, 'IMPORT_BUSY');
      }
      expect(await snapshot(f)).toEqual(before);
      // The slot is given back: the next upload is read.
      expect((await upload(f.secretary, importUrl(f.cluster), f.template)).status).toBe(200);
    } finally {
      await f.app.close();
    }
  });

  it('a read that outlives IMPORT_TIMEOUT_MS is stopped (its worker is terminated): 422, nothing written, the server answers', async () => {
    const f = await fixture({ imports: { ...DEFAULT_IMPORT_LIMITS, timeoutMs: 1 } });
    try {
      const before = await snapshot(f);
      const response = await upload(f.secretary, importUrl(f.cluster, true), f.template);
      expect(response.status).toBe(422);
      expectErrorShape(response.body, 422, 'IMPORT_FILE_TOO_COMPLEX');
      expect(response.body.message).toContain('không có gì được ghi');
      expect(await snapshot(f)).toEqual(before);
      expect((await f.admin.get('/api/health')).status).toBe(200);
    } finally {
      await f.app.close();
    }
  });

  it('a worker that runs out of memory is stopped: 422, nothing written, the server answers', async () => {
    // A heap far below what exceljs needs (the configuration allows 64 MB and more; set here directly).
    const f = await fixture({ imports: { ...DEFAULT_IMPORT_LIMITS, workerMemoryMb: 4 } });
    try {
      const before = await snapshot(f);
      const response = await upload(f.secretary, importUrl(f.cluster, true), f.template);
      expect(response.status).toBe(422);
      expectErrorShape(response.body, 422, 'IMPORT_FILE_TOO_COMPLEX');
      expect(response.body.message).toContain('bộ nhớ');
      expect(await snapshot(f)).toEqual(before);
      expect((await f.admin.get('/api/health')).status).toBe(200);
    } finally {
      await f.app.close();
    }
  });
});

describe('load shedding', () => {
  it('above OVERLOAD_MAX_HEAP_MB every route answers 503 SERVER_OVERLOADED with Retry-After; /api/health still answers', async () => {
    const app = await createTestApp({
      overload: { maxEventLoopDelayMs: 0, maxHeapUsedMb: 1, maxRssMb: 0, retryAfterSeconds: 7 },
    });
    try {
      const token = await tokenFor(app, 'admin');
      const before = (await snapshot({ app })) as { audit: number };
      const createUnit = () =>
        app.inject({
          method: 'POST',
          url: '/api/units',
          headers: { authorization: `Bearer ${token}` },
          payload: { name: 'Đơn vị mới' },
        });
      // The plugin samples memory every second: wait for the first sample (a unit may be created before it).
      let response = await createUnit();
      let created = response.statusCode === 201 ? 1 : 0;
      for (let i = 0; i < 50 && response.statusCode !== 503; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        response = await createUnit();
        if (response.statusCode === 201) created += 1;
      }
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('7');
      const body = JSON.parse(response.body);
      expectErrorShape(body, 503, 'SERVER_OVERLOADED');
      expect(body.message).toContain('quá tải');
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      // Once shed, nothing more is written.
      const shedAt = await snapshot({ app });
      expect((shedAt as { audit: number }).audit).toBe(before.audit + created);
      expect((await createUnit()).statusCode).toBe(503);
      expect(await snapshot({ app })).toEqual(shedAt);
    } finally {
      await app.close();
    }
  });
});
