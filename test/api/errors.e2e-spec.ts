/**
 * Every bad input gets the one error shape `{ statusCode, code, message, errors? }` and writes
 * nothing: each case compares a snapshot of everything the API shows before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp, type ApiResponse } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear, ruleSetBody } from '../factories/cluster-year.factory.js';
import { createUnit, createUnits } from '../factories/units.factory.js';

type Body = Record<string, any>;

const MISSING = 999_999;

/** A table of 100 points: I › 1.1 (target, 60), 1.2 (per occurrence, 20), 1.3 (direct, 20). */
function table(): Body[] {
  return [
    { code: 'I', title: 'Công tác chuyên môn' },
    {
      code: '1.1',
      title: 'Tỷ lệ học tập nghị quyết',
      parentCode: 'I',
      kind: 'target',
      method: 'proportional',
      direction: 'at-least',
      maxPoints: 60,
      defaultTarget: 100,
    },
    {
      code: '1.2',
      title: 'Tập huấn',
      parentCode: 'I',
      kind: 'graded',
      method: 'per-occurrence',
      maxPoints: 20,
      pointsPerOccurrence: 5,
    },
    { code: '1.3', title: 'Chất lượng báo cáo', parentCode: 'I', kind: 'graded', method: 'direct', maxPoints: 20 },
  ];
}

/** Checks the error shape: status, code, a non-empty message and, where given, the field paths. */
function expectError(response: ApiResponse, status: number, code: string, paths: string[] = []): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  const body = response.body as Body;
  expect(body.statusCode).toBe(status);
  expect(typeof body.message).toBe('string');
  expect(body.message.trim().length).toBeGreaterThan(0);
  expect(Object.keys(body).every((key) => ['statusCode', 'code', 'message', 'errors'].includes(key))).toBe(true);
  if (paths.length > 0) {
    expect(Object.keys(body.errors ?? {})).toEqual(expect.arrayContaining(paths));
    for (const messages of Object.values(body.errors as Record<string, unknown>)) {
      expect(Array.isArray(messages) && messages.length > 0).toBe(true);
      for (const message of messages as unknown[]) expect(typeof message === 'string' && message.length > 0).toBe(true);
    }
  }
  if (body.errors !== undefined) expect(typeof body.errors).toBe('object');
}

describe('bad input: the error shape, and nothing written', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;
  let clusterId: number;
  let u: number[]; // u[0..3] members of 2024, u[4] an existing unit that is not a member
  let year: string;

  /** Everything a client can see of the data this file creates. */
  const snapshot = async (): Promise<Body> => {
    const urls = [
      '/api/units',
      ...u.map((id) => `/api/units/${id}`),
      '/api/clusters',
      `/api/clusters/${clusterId}`,
      year,
      `/api/clusters/${clusterId}/years/2025`,
      ...u.slice(0, 4).map((id) => `${year}/results/${id}`),
      `${year}/standings`,
      `${year}/summary`,
    ];
    const bodies: Body = {};
    for (const url of urls) {
      const response = await client.get(url);
      bodies[url] = { status: response.status, body: response.body };
    }
    return bodies;
  };

  /** Runs a bad request and checks its error and that the snapshot did not change. */
  const rejects = async (
    request: () => Promise<ApiResponse>,
    status: number,
    code: string,
    paths: string[] = [],
  ): Promise<ApiResponse> => {
    const before = await snapshot();
    const response = await request();
    expectError(response, status, code, paths);
    expect(await snapshot()).toEqual(before);
    return response;
  };

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
    u = await createUnits(client, 5, 'Ban Tuyên giáo Quận');
    await client.patch(`/api/units/${u[0]}`, { code: 'DV01' });
    clusterId = await createCluster(client, { code: 'CUM-ERR', name: 'Cụm lỗi' });
    year = `/api/clusters/${clusterId}/years/2024`;
    await putClusterYear(client, clusterId, 2024, clusterYearBody(u.slice(0, 4), { scoringTable: table() }));
    const results = await client.put(`${year}/results/${u[0]}`, {
      results: [
        { criterionCode: '1.1', actual: 80 },
        { criterionCode: '1.3', selfScore: 15 },
      ],
    });
    expect(results.status).toBe(200);
    expect((await client.post(`/api/clusters/${clusterId}/years/2025/copy-from/2024`)).status).toBe(201);
  });

  afterAll(async () => {
    await app.close();
  });

  const validYear = (overrides: Body = {}): Body =>
    clusterYearBody(u.slice(0, 4), { scoringTable: table(), ...overrides });
  const withTable = (change: (t: Body[]) => void): Body => {
    const t = table();
    change(t);
    return validYear({ scoringTable: t });
  };

  describe('the request itself', () => {
    it('malformed JSON → 400 MALFORMED_REQUEST', async () => {
      await rejects(
        async () => {
          const response = await client.raw({
            method: 'POST',
            url: '/api/units',
            payload: '{"name": "Ban Tuyên giáo',
            headers: { 'content-type': 'application/json' },
          });
          return { status: response.statusCode, body: JSON.parse(response.body) };
        },
        400,
        'MALFORMED_REQUEST',
      );
    });

    it.each([
      ['application/x-www-form-urlencoded', 'name=Ban+Tuyen+giao'],
      ['text/plain', 'name=Ban Tuyên giáo'],
      ['application/xml', '<unit><name>Ban Tuyên giáo</name></unit>'],
    ])('wrong content type %s → 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, payload) => {
      await rejects(
        async () => {
          const response = await client.raw({
            method: 'POST',
            url: '/api/units',
            payload,
            headers: { 'content-type': contentType },
          });
          return { status: response.statusCode, body: JSON.parse(response.body) };
        },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('a body over the 5 MB limit → 413 PAYLOAD_TOO_LARGE', async () => {
      await rejects(
        async () => {
          const response = await client.raw({
            method: 'POST',
            url: '/api/units',
            payload: JSON.stringify({ name: 'Ban', note: 'x'.repeat(6 * 1024 * 1024) }),
            headers: { 'content-type': 'application/json' },
          });
          return { status: response.statusCode, body: JSON.parse(response.body) };
        },
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('unknown route → 404 ROUTE_NOT_FOUND', async () => {
      await rejects(() => client.get('/api/nothing-here'), 404, 'ROUTE_NOT_FOUND');
      await rejects(() => client.post('/api/units/1/merge', { into: 2 }), 404, 'ROUTE_NOT_FOUND');
    });

    it.each([
      ['/api/units/abc', 'id'],
      ['/api/units/0', 'id'],
      ['/api/units/1.5', 'id'],
      ['/api/units/99999999999', 'id'],
      ['/api/clusters/abc', 'id'],
      ['/api/clusters/1/years/1999', 'year'],
      ['/api/clusters/1/years/2101', 'year'],
      ['/api/clusters/1/years/20x4/standings', 'year'],
      ['/api/clusters/1/years/2024/results/-3', 'unitId'],
      ['/api/years/1999/summary', 'year'],
    ])('bad path parameter %s → 400 VALIDATION_FAILED on "%s"', async (url, param) => {
      await rejects(() => client.get(url), 400, 'VALIDATION_FAILED', [param]);
    });

    it('bad query parameter → 400 VALIDATION_FAILED', async () => {
      await rejects(() => client.get('/api/units?year=1800'), 400, 'VALIDATION_FAILED', ['year']);
      await rejects(() => client.get('/api/units?sort=name'), 400, 'VALIDATION_FAILED', ['sort']);
    });
  });

  describe('units', () => {
    it('unknown field → 400 (forbidNonWhitelisted)', async () => {
      await rejects(() => client.post('/api/units', { name: 'Ban mới', colour: 'red' }), 400, 'VALIDATION_FAILED', [
        'colour',
      ]);
      await rejects(() => client.patch(`/api/units/${u[1]}`, { note: 'x', owner: 1 }), 400, 'VALIDATION_FAILED', [
        'owner',
      ]);
    });

    it('wrong types → 400 naming each field', async () => {
      await rejects(
        () => client.post('/api/units', { name: 42, code: ['DV09'], womenShares: 'many' }),
        400,
        'VALIDATION_FAILED',
        ['name', 'code', 'womenShares'],
      );
      await rejects(
        () => client.patch(`/api/units/${u[1]}`, { womenShares: [{ year: 2024, percent: 120 }] }),
        400,
        'VALIDATION_FAILED',
        ['womenShares[0].percent'],
      );
      await rejects(
        () => client.patch(`/api/units/${u[1]}`, { rename: { name: 'Tên mới', from: '2025-02-30' } }),
        400,
        'VALIDATION_FAILED',
        ['rename.from'],
      );
    });

    it('missing name → 400', async () => {
      await rejects(() => client.post('/api/units', {}), 400, 'VALIDATION_FAILED', ['name']);
      await rejects(() => client.post('/api/units', { name: '   ' }), 400, 'VALIDATION_FAILED', ['name']);
    });

    it('unknown unit → 404 UNIT_NOT_FOUND', async () => {
      await rejects(() => client.get(`/api/units/${MISSING}`), 404, 'UNIT_NOT_FOUND');
      await rejects(() => client.patch(`/api/units/${MISSING}`, { note: 'x' }), 404, 'UNIT_NOT_FOUND');
      await rejects(
        () => client.patch(`/api/units/${u[1]}`, { predecessors: [{ unitId: MISSING, kind: 'merger' }] }),
        404,
        'UNIT_NOT_FOUND',
        ['predecessors[0].unitId'],
      );
    });

    it('duplicate unit code → 409 UNIT_CODE_TAKEN', async () => {
      await rejects(() => client.post('/api/units', { name: 'Ban khác', code: 'DV01' }), 409, 'UNIT_CODE_TAKEN', [
        'code',
      ]);
      await rejects(
        () => client.patch(`/api/units/${u[1]}`, { code: 'DV01', note: 'đổi mã' }),
        409,
        'UNIT_CODE_TAKEN',
        ['code'],
      );
    });
  });

  describe('clusters', () => {
    it('missing required fields, wrong types, unknown field → 400', async () => {
      await rejects(() => client.post('/api/clusters', {}), 400, 'VALIDATION_FAILED', ['code', 'name', 'kind']);
      await rejects(
        () => client.post('/api/clusters', { code: 5, name: 'Cụm', kind: 'province' }),
        400,
        'VALIDATION_FAILED',
        ['code', 'kind'],
      );
      await rejects(
        () => client.post('/api/clusters', { code: 'CUM-X', name: 'Cụm', kind: 'bloc', leader: 1 }),
        400,
        'VALIDATION_FAILED',
        ['leader'],
      );
    });

    it('duplicate cluster code → 409 CLUSTER_CODE_TAKEN', async () => {
      await rejects(
        () => client.post('/api/clusters', { code: 'CUM-ERR', name: 'Cụm trùng mã', kind: 'bloc' }),
        409,
        'CLUSTER_CODE_TAKEN',
        ['code'],
      );
      const other = await createCluster(client, { code: 'CUM-OTHER' });
      await rejects(() => client.patch(`/api/clusters/${other}`, { code: 'CUM-ERR' }), 409, 'CLUSTER_CODE_TAKEN', [
        'code',
      ]);
    });

    it('unknown cluster → 404 CLUSTER_NOT_FOUND; unknown cluster-year → 404 CLUSTER_YEAR_NOT_FOUND', async () => {
      await rejects(() => client.get(`/api/clusters/${MISSING}`), 404, 'CLUSTER_NOT_FOUND');
      await rejects(() => client.patch(`/api/clusters/${MISSING}`, { name: 'x' }), 404, 'CLUSTER_NOT_FOUND');
      await rejects(() => client.get(`/api/clusters/${MISSING}/years/2024`), 404, 'CLUSTER_NOT_FOUND');
      await rejects(() => client.put(`/api/clusters/${MISSING}/years/2024`, validYear()), 404, 'CLUSTER_NOT_FOUND');
      for (const suffix of ['', '/standings', '/summary', `/results/${u[0]}`]) {
        await rejects(
          () => client.get(`/api/clusters/${clusterId}/years/2030${suffix}`),
          404,
          'CLUSTER_YEAR_NOT_FOUND',
        );
      }
      await rejects(
        () => client.put(`/api/clusters/${clusterId}/years/2030/results/${u[0]}`, { results: [] }),
        404,
        'CLUSTER_YEAR_NOT_FOUND',
      );
    });
  });

  // A required text may be omitted in a PATCH but never blanked; a blank optional code or note means "none".
  describe('blank texts', () => {
    it.each<[string, () => string, Body, string]>([
      ['PATCH cluster name ""', () => `/api/clusters/${clusterId}`, { name: '' }, 'name'],
      ['PATCH cluster code "   "', () => `/api/clusters/${clusterId}`, { code: '   ' }, 'code'],
      ['PATCH cluster name null', () => `/api/clusters/${clusterId}`, { name: null }, 'name'],
      ['POST unit with a blank name', () => '/api/units', { name: '  ' }, 'name'],
    ])('%s → 400', async (_name, url, body, path) => {
      const send = url() === '/api/units' ? client.post : client.patch;
      await rejects(() => send(url(), body), 400, 'VALIDATION_FAILED', [path]);
    });

    it('a blank unit code is stored as no code, so two units without a code do not clash', async () => {
      const first = await client.post('/api/units', { name: 'Ban không mã 1', code: ' ' });
      const second = await client.post('/api/units', { name: 'Ban không mã 2', code: '' });
      expect([first.status, first.body.code, second.status, second.body.code]).toEqual([201, null, 201, null]);
      const cleared = await client.patch(`/api/units/${first.body.id}`, { code: '' });
      expect([cleared.status, cleared.body.code]).toEqual([200, null]);
    });
  });

  describe('cluster-year: members, head and deputy', () => {
    it('missing or mistyped fields → 400', async () => {
      await rejects(() => client.put(year, { members: u.slice(0, 4) }), 400, 'VALIDATION_FAILED', ['scoringTable']);
      await rejects(
        () => client.put(year, validYear({ members: 'all', headUnitId: 'first' })),
        400,
        'VALIDATION_FAILED',
        ['members', 'headUnitId'],
      );
      await rejects(() => client.put(year, validYear({ secretary: u[0] })), 400, 'VALIDATION_FAILED', ['secretary']);
    });

    it('duplicate member → 400', async () => {
      await rejects(
        () => client.put(year, validYear({ members: [u[0], u[1], u[1], u[2], u[3]] })),
        400,
        'VALIDATION_FAILED',
        ['members[2]'],
      );
    });

    it('head not a member, head equal to deputy → 409 UNIT_NOT_MEMBER', async () => {
      await rejects(() => client.put(year, validYear({ headUnitId: u[4] })), 409, 'UNIT_NOT_MEMBER', ['headUnitId']);
      await rejects(() => client.put(year, validYear({ deputyUnitId: u[4] })), 409, 'UNIT_NOT_MEMBER', [
        'deputyUnitId',
      ]);
      await rejects(
        () => client.put(year, validYear({ headUnitId: u[1], deputyUnitId: u[1] })),
        409,
        'UNIT_NOT_MEMBER',
        ['deputyUnitId'],
      );
      await rejects(
        () => client.put(year, validYear({ nextHeadUnitId: u[2], nextDeputyUnitId: u[2] })),
        409,
        'UNIT_NOT_MEMBER',
        ['nextDeputyUnitId'],
      );
    });

    it('a movement for a non-member or outside the year → 400', async () => {
      await rejects(
        () => client.put(year, validYear({ movements: [{ unitId: u[4], leftOn: '2024-05-01' }] })),
        400,
        'VALIDATION_FAILED',
        ['movements[0].unitId'],
      );
      await rejects(
        () => client.put(year, validYear({ movements: [{ unitId: u[3], leftOn: '2023-05-01' }] })),
        400,
        'VALIDATION_FAILED',
        ['movements[0].leftOn'],
      );
    });

    it('an unknown unit among valid members leaves the previous cluster-year exactly as it was (404)', async () => {
      await rejects(
        () =>
          client.put(
            year,
            validYear({
              members: [...u.slice(0, 4), MISSING],
              headUnitId: u[2],
              deputyUnitId: u[3],
              ruleSet: ruleSetBody({ displayDecimals: 1 }),
            }),
          ),
        404,
        'UNIT_NOT_FOUND',
        ['members[4]'],
      );
    });

    it('removing a member that has results → 409 CLUSTER_YEAR_CONFLICT, after the year row was already changed: rolled back', async () => {
      await rejects(
        () =>
          client.put(
            year,
            validYear({
              members: [u[1], u[2], u[3]],
              headUnitId: u[2],
              deputyUnitId: u[3],
              conferenceDate: '2024-12-01',
              ruleSet: ruleSetBody({ thresholds: { excellent: 95, good: 80, completed: 60 } }),
            }),
          ),
        409,
        'CLUSTER_YEAR_CONFLICT',
      );
    });

    it('removing a criterion that has results → 409 CLUSTER_YEAR_CONFLICT, after members were already saved: rolled back', async () => {
      const t = table().filter((c) => c.code !== '1.3');
      t[1].maxPoints = 80;
      await rejects(
        () =>
          client.put(
            year,
            validYear({
              members: [u[3], u[2], u[1], u[0], u[4]],
              headUnitId: u[4],
              deputyUnitId: u[0],
              movements: [{ unitId: u[1], leftOn: '2024-09-30' }],
              scoringTable: t,
            }),
          ),
        409,
        'CLUSTER_YEAR_CONFLICT',
      );
    });
  });

  describe('cluster-year: scoring table', () => {
    it.each<[string, () => Body, string[]]>([
      [
        'duplicate code',
        () =>
          withTable((t) =>
            t.push({ code: '1.3', title: 'Trùng', parentCode: 'I', kind: 'bonus', method: 'direct', maxPoints: 5 }),
          ),
        ['scoringTable[4].code'],
      ],
      ['unknown parent', () => withTable((t) => (t[3].parentCode = 'IX')), ['scoringTable[3].parentCode']],
      [
        'a three-level tree whose top group declares a maximum its children do not sum to',
        () =>
          validYear({
            scoringTable: [
              { code: 'I', title: 'Nhóm I', maxPoints: 90 }, // children: I.1 (60 + 20) + 1.3 (20) = 100
              { code: 'I.1', title: 'Nhóm I.1', parentCode: 'I' },
              ...table()
                .slice(1)
                .map((c) => ({ ...c, parentCode: c.code === '1.3' ? 'I' : 'I.1' })),
            ],
          }),
        ['scoringTable[0].maxPoints'],
      ],
      ['a leaf without maxPoints', () => withTable((t) => delete t[3].maxPoints), ['scoringTable[3].maxPoints']],
      [
        'a method not allowed for the kind',
        () => withTable((t) => (t[3].method = 'relative-to-leader')),
        ['scoringTable[3].method'],
      ],
      [
        'per-occurrence without pointsPerOccurrence',
        () => withTable((t) => delete t[2].pointsPerOccurrence),
        ['scoringTable[2].pointsPerOccurrence'],
      ],
      [
        'relative-to-leader on an at-most target',
        () => withTable((t) => Object.assign(t[1], { method: 'relative-to-leader', direction: 'at-most' })),
        ['scoringTable[1].direction'],
      ],
      ['an unknown kind', () => withTable((t) => (t[3].kind = 'extra')), ['scoringTable[3].kind']],
      ['a negative maxPoints', () => withTable((t) => (t[2].maxPoints = -20)), ['scoringTable[2].maxPoints']],
      ['an empty table', () => validYear({ scoringTable: [] }), ['scoringTable']],
    ])('%s → 400', async (_name, body, paths) => {
      await rejects(() => client.put(year, body()), 400, 'VALIDATION_FAILED', paths);
    });
  });

  describe('cluster-year: rule set and targets', () => {
    it.each<[string, () => Body, string[]]>([
      [
        'thresholds not descending',
        () => validYear({ ruleSet: ruleSetBody({ thresholds: { excellent: 70, good: 80, completed: 50 } }) }),
        ['ruleSet.thresholds.excellent'],
      ],
      [
        'maxTotal different from the table maximum (100)',
        () => validYear({ ruleSet: ruleSetBody({ maxTotal: 120 }) }),
        ['ruleSet.maxTotal'],
      ],
      [
        'a group-score tie-breaker with an unknown code',
        () => validYear({ ruleSet: ruleSetBody({ tieBreakers: [{ kind: 'group-score', criterionCode: 'IX' }] }) }),
        ['ruleSet.tieBreakers'],
      ],
      [
        'displayDecimals 7',
        () => validYear({ ruleSet: ruleSetBody({ displayDecimals: 7 }) }),
        ['ruleSet.displayDecimals'],
      ],
      ['an unknown veto cap', () => validYear({ ruleSet: ruleSetBody({ vetoCap: 'BRONZE' }) }), ['ruleSet.vetoCap']],
      [
        'a target for a unit that is not a member',
        () => withTable((t) => (t[1].targets = [{ unitId: u[4], value: 90 }])),
        ['scoringTable[1].targets[0].unitId'],
      ],
      [
        'a target of 0 on an at-least proportional leaf',
        () => withTable((t) => (t[1].targets = [{ unitId: u[1], value: 0 }])),
        ['scoringTable[1].targets[0].value'],
      ],
      [
        'a default target of 0 on an at-least proportional leaf',
        () => withTable((t) => (t[1].defaultTarget = 0)),
        ['scoringTable[1].defaultTarget'],
      ],
      [
        'a target on a graded leaf',
        () => withTable((t) => (t[3].targets = [{ unitId: u[1], value: 5 }])),
        ['scoringTable[3].targets[0]'],
      ],
    ])('%s → 400', async (_name, body, paths) => {
      await rejects(() => client.put(year, body()), 400, 'VALIDATION_FAILED', paths);
    });
  });

  describe('results', () => {
    const good = { criterionCode: '1.1', actual: 50 };

    it.each<[string, Body, string]>([
      ['an unknown criterion code', { criterionCode: '9.9', actual: 1 }, 'results[1].criterionCode'],
      ['a group code', { criterionCode: 'I', selfScore: 10 }, 'results[1].criterionCode'],
      ['a self-score above the maximum', { criterionCode: '1.3', selfScore: 25 }, 'results[1].selfScore'],
      [
        'a reviewed score above the maximum',
        { criterionCode: '1.3', selfScore: 20, reviewedScore: 21, reviewReason: 'x' },
        'results[1].reviewedScore',
      ],
      ['a negative actual', { criterionCode: '1.2', actual: -1 }, 'results[1].actual'],
      ['a non-integer count on a per-occurrence leaf', { criterionCode: '1.2', actual: 1.5 }, 'results[1].actual'],
      ['an actual value on a direct leaf', { criterionCode: '1.3', actual: 3 }, 'results[1].actual'],
      [
        'a reviewed score that differs from the self-score without a reason',
        { criterionCode: '1.3', selfScore: 15, reviewedScore: 12 },
        'results[1].reviewReason',
      ],
      ['a score given as text', { criterionCode: '1.3', selfScore: '15' }, 'results[1].selfScore'],
      ['an unknown field', { criterionCode: '1.3', selfScore: 15, evidence: 'x.pdf' }, 'results[1].evidence'],
    ])('%s → 400', async (_name, bad, path) => {
      await rejects(() => client.put(`${year}/results/${u[0]}`, { results: [good, bad] }), 400, 'VALIDATION_FAILED', [
        path,
      ]);
    });

    it('the same criterion twice, or no results list → 400', async () => {
      await rejects(
        () => client.put(`${year}/results/${u[0]}`, { results: [good, { criterionCode: '1.1', actual: 60 }] }),
        400,
        'VALIDATION_FAILED',
        ['results[1].criterionCode'],
      );
      await rejects(() => client.put(`${year}/results/${u[0]}`, { veto: { reason: 'x' } }), 400, 'VALIDATION_FAILED', [
        'results',
      ]);
      await rejects(
        () =>
          client.put(`${year}/results/${u[0]}`, { results: [good], ratingOverride: { rating: 'GOLD', reason: 'x' } }),
        400,
        'VALIDATION_FAILED',
        ['ratingOverride.rating'],
      );
    });

    it('results for an existing unit that is not a member → 409 UNIT_NOT_MEMBER; for an unknown unit → 404', async () => {
      await rejects(() => client.put(`${year}/results/${u[4]}`, { results: [good] }), 409, 'UNIT_NOT_MEMBER', [
        'unitId',
      ]);
      await rejects(() => client.get(`${year}/results/${u[4]}`), 409, 'UNIT_NOT_MEMBER', ['unitId']);
      await rejects(() => client.put(`${year}/results/${MISSING}`, { results: [good] }), 404, 'UNIT_NOT_FOUND');
    });
  });

  describe('copy-from', () => {
    it('onto an existing year → 409 CLUSTER_YEAR_EXISTS', async () => {
      await rejects(
        () => client.post(`/api/clusters/${clusterId}/years/2025/copy-from/2024`),
        409,
        'CLUSTER_YEAR_EXISTS',
      );
    });

    it('from a missing year → 404 CLUSTER_YEAR_NOT_FOUND; from an unknown cluster → 404 CLUSTER_NOT_FOUND', async () => {
      await rejects(
        () => client.post(`/api/clusters/${clusterId}/years/2026/copy-from/2023`),
        404,
        'CLUSTER_YEAR_NOT_FOUND',
      );
      expect((await client.get(`/api/clusters/${clusterId}/years/2026`)).status).toBe(404);
      await rejects(() => client.post(`/api/clusters/${MISSING}/years/2026/copy-from/2024`), 404, 'CLUSTER_NOT_FOUND');
    });

    it('onto the same year, or a bad year → 400', async () => {
      await rejects(
        () => client.post(`/api/clusters/${clusterId}/years/2024/copy-from/2024`),
        400,
        'VALIDATION_FAILED',
        ['prev'],
      );
      await rejects(
        () => client.post(`/api/clusters/${clusterId}/years/2026/copy-from/1990`),
        400,
        'VALIDATION_FAILED',
        ['prev'],
      );
    });
  });

  it('the setup itself was accepted (a unit outside the cluster exists and can be fetched)', async () => {
    expect((await client.get(`/api/units/${u[4]}`)).status).toBe(200);
    expect((await client.get(`${year}/results/${u[0]}`)).body.total).toBe(48 + 15); // 60 × 80/100 + 15
    expect(await createUnit(client, 'Ban cuối cùng')).toBeGreaterThan(u[4]);
  });
});
