/**
 * POST /api/clusters/:id/years/:year/results/:unitId/preview: what a PUT of the same body would make
 * of the unit (points, total, rating, rank among the others), with the same checks, writing nothing.
 * On the demo data: CUM5 (id 1) in 2022, unit 1 (Quận 1) ranks 9th of 12 with 96,67 points.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp, tokenFor } from '../test-app.js';

const URL_2022 = '/api/clusters/1/years/2022/results/1';

describe('results preview', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let stored: { version: number; total: number; rank: number; results: Array<Record<string, unknown>> };

  /** The unit's stored entries as a PUT body, with some leaves changed. */
  const body = (changes: Record<string, Record<string, unknown>> = {}) => ({
    version: stored.version,
    results: stored.results.map((r) => ({
      criterionCode: r.criterionCode,
      actual: r.method === 'direct' ? null : r.actual,
      selfScore: r.selfScore,
      reviewedScore: r.reviewedScore,
      note: r.note,
      reviewReason: r.reviewReason,
      ...changes[String(r.criterionCode)],
    })),
  });

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    admin = api(app);
    stored = (await admin.get(URL_2022)).body;
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('computes the new points, total, rating and rank, and writes nothing', async () => {
    expect(stored).toMatchObject({ rank: 9, total: expect.closeTo(96.667, 3) });
    const audit = (await admin.get('/api/audit?clusterId=1&year=2022')).body;
    // Two initiatives (2,5 points each) in the bonus leaf 3.1: +5 → 101,67, first of the cluster.
    const preview = await admin.post(`${URL_2022}/preview`, body({ '3.1': { actual: 2 } }));
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ unitId: 1, rank: 1, bonus: 5, rating: 'EXCELLENT', version: stored.version });
    expect(preview.body.total).toBeCloseTo(101.667, 3);
    expect(preview.body.results.find((r: { criterionCode: string }) => r.criterionCode === '3.1')).toMatchObject({
      actual: 2,
      computed: 5,
      final: 5,
      source: 'computed',
    });
    expect(preview.body.groups.find((g: { code: string }) => g.code === 'III')).toMatchObject({ score: 5 });

    const after = await admin.get(URL_2022);
    expect(after.body).toEqual(stored);
    const standings = await admin.get('/api/clusters/1/years/2022/standings');
    expect(standings.body.rows.find((r: { unit: { id: number } }) => r.unit.id === 1)).toMatchObject({ rank: 9 });
    expect((await admin.get('/api/audit?clusterId=1&year=2022')).body).toEqual(audit);
  });

  it('a reviewed score and a veto are previewed too: 9 points less is good, capped by the veto, last', async () => {
    const preview = await admin.post(`${URL_2022}/preview`, {
      ...body({ '2.1': { reviewedScore: 10, reviewReason: 'Thiếu hồ sơ minh chứng' } }),
      veto: { reason: 'Vi phạm quy chế' },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ rank: 12, computedRating: 'GOOD', rating: 'COMPLETED' });
    expect(preview.body.veto).toEqual({ reason: 'Vi phạm quy chế' });
    expect(preview.body.results.find((r: { criterionCode: string }) => r.criterionCode === '2.1')).toMatchObject({
      final: 10,
      source: 'reviewed',
      reviewReason: 'Thiếu hồ sơ minh chứng',
    });
    expect((await admin.get(URL_2022)).body.veto).toBeNull();
  });

  it('checks the body as PUT does: field errors per entry, a reason required when scores differ', async () => {
    const preview = await admin.post(
      `${URL_2022}/preview`,
      body({ '2.1': { selfScore: 25 }, '2.3': { reviewedScore: 5 } }),
    );
    expect(preview.status).toBe(400);
    expect(preview.body.code).toBe('VALIDATION_FAILED');
    const index = (code: string) => stored.results.findIndex((r) => r.criterionCode === code);
    expect(preview.body.errors[`results[${index('2.1')}].selfScore`][0]).toContain('phải từ 0 đến 20');
    expect(preview.body.errors[`results[${index('2.3')}].reviewReason`][0]).toContain('hãy ghi lý do');
  });

  it('the same access as PUT: the cluster’s secretary yes, another cluster’s secretary and a leader no', async () => {
    const own = api(app, await tokenFor(app, 'secretary', [1]));
    const other = api(app, await tokenFor(app, 'secretary', [2]));
    const leader = api(app, await tokenFor(app, 'leader'));
    expect((await own.post(`${URL_2022}/preview`, body())).status).toBe(200);
    expect((await other.post(`${URL_2022}/preview`, body())).status).toBe(403);
    expect((await leader.post(`${URL_2022}/preview`, body())).status).toBe(403);
    expect((await api(app, null).post(`${URL_2022}/preview`, body())).status).toBe(401);
  });

  it('a finalized year is refused as PUT refuses it; a unit outside the cluster is refused', async () => {
    const outsider = await admin.post('/api/clusters/1/years/2022/results/13/preview', { results: [] });
    expect(outsider.status).toBe(409);
    expect(outsider.body.code).toBe('UNIT_NOT_MEMBER');
    expect((await admin.post('/api/clusters/1/years/2021/finalize', {})).status).toBe(200);
    const finalized = await admin.post('/api/clusters/1/years/2021/results/1/preview', { results: [] });
    expect(finalized.status).toBe(409);
    expect(finalized.body.code).toBe('CLUSTER_YEAR_FINALIZED');
  });
});
