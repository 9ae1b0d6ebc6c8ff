/**
 * Finalize (chốt kết quả) and reopen: a secretary of the cluster adopts the year's standings and
 * summary; from then on every write to that year is refused (409 CLUSTER_YEAR_FINALIZED, naming
 * who finalized it) while reads go on. Only an admin reopens, with a reason (audited). The
 * snapshot keeps the adopted figures and lists what has changed since; finalizing again takes a
 * new snapshot.
 *
 * Scoring table (simpleScoringTable): 1.1 target, proportional, at least, MS 60, default target 100;
 * 1.2 graded, direct, MS 40. Ratings 90/70/50 of 100.
 *   A: 1.1 actual 100 → 60; 1.2 self 35 → total 95 EXCELLENT, rank 1
 *   B: 1.1 actual 80 → 48;  1.2 self 30 → total 78 GOOD, rank 2
 *   D: 1.1 actual 50 → 30;  1.2 self 25 → total 55 COMPLETED, rank 3
 * After reopening, D enters 1.1 actual 100 → 60, 1.2 self 40 → 100 EXCELLENT, rank 1 (A 2nd, B 3rd).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp, tokenFor, type ApiResponse } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnit } from '../factories/units.factory.js';
import { auditAll, auditTotal, latestAudit, whoAmI } from '../factories/audit-trail.factory.js';

type Body = Record<string, any>;

const omit = (value: Body, ...keys: string[]): Body =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));

const figures = (row: Body): Body => ({ rank: row.rank, total: row.total, rating: row.rating });

describe('finalize and reopen a cluster-year', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let ownSec: ReturnType<typeof api>;
  let otherSec: ReturnType<typeof api>;
  let leader: ReturnType<typeof api>;
  let adminUser: { id: number; username: string };
  let ownSecUser: { id: number; username: string };
  let clusterId: number;
  let A: number;
  let B: number;
  let D: number;
  /** The first finalize's answer. */
  let adopted: Body;
  /** Everything a client sees of 2024, as finalized. */
  let frozen: Body;

  const year = (y: number): string => `/api/clusters/${clusterId}/years/${y}`;
  const Y = (): string => year(2024);
  const resultsUrl = (unitId: number): string => `${Y()}/results/${unitId}`;

  const enter = async (client: ReturnType<typeof api>, unitId: number, actual: number, self: number) => {
    const response = await client.put(resultsUrl(unitId), {
      results: [
        { criterionCode: '1.1', actual },
        { criterionCode: '1.2', selfScore: self },
      ],
    });
    expect(response.status).toBe(200);
    return response.body;
  };

  /** What a client can read of 2024. */
  const view = async (): Promise<Body> => {
    const urls = [Y(), `${Y()}/standings`, `${Y()}/summary`, ...[A, B, D].map(resultsUrl)];
    const out: Body = {};
    for (const url of urls) {
      const response = await admin.get(url);
      out[url] = { status: response.status, body: response.body };
    }
    return out;
  };

  const expectFinalizedError = (response: ApiResponse): void => {
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'CLUSTER_YEAR_FINALIZED' });
    expect(Object.keys(response.body).sort()).toEqual(['code', 'message', 'statusCode']);
    const message = String(response.body.message);
    expect(message).toContain('Năm 2024');
    expect(message).toContain('đã chốt');
    expect(message).toContain(ownSecUser.username);
  };

  beforeAll(async () => {
    app = await createTestApp();
    admin = api(app);
    adminUser = await whoAmI(admin);
    clusterId = await createCluster(admin, { code: 'FIN-1', name: 'Cụm chốt kết quả' });
    const otherCluster = await createCluster(admin, { code: 'FIN-2', name: 'Cụm khác' });
    ownSec = api(app, await tokenFor(app, 'secretary', [clusterId]));
    ownSecUser = await whoAmI(ownSec);
    otherSec = api(app, await tokenFor(app, 'secretary', [otherCluster]));
    leader = api(app, await tokenFor(app, 'leader'));
    A = await createUnit(admin, 'Ban Tuyên giáo Quận 1');
    B = await createUnit(admin, 'Ban Tuyên giáo Quận 3');
    D = await createUnit(admin, 'Ban Tuyên giáo Quận 10');
    await putClusterYear(admin, clusterId, 2023, clusterYearBody([A, B, D]));
    await putClusterYear(admin, clusterId, 2024, clusterYearBody([A, B, D]));
    // a second write, so that the year is at version 2 and version 1 is stale
    await putClusterYear(admin, clusterId, 2024, clusterYearBody([A, B, D], { conferenceDate: '2024-12-20' }));
    await enter(ownSec, A, 100, 35);
    await enter(ownSec, B, 80, 30);
    await enter(ownSec, D, 50, 25);
  });

  afterAll(async () => {
    await app.close();
  });

  it('the standings are as worked out in the header', async () => {
    const standings = (await admin.get(`${Y()}/standings`)).body;
    expect(standings.rows.map((r: Body) => [r.unit.id, figures(r)])).toEqual([
      [A, { rank: 1, total: 95, rating: 'EXCELLENT' }],
      [B, { rank: 2, total: 78, rating: 'GOOD' }],
      [D, { rank: 3, total: 55, rating: 'COMPLETED' }],
    ]);
    expect((await admin.get(Y())).body).toMatchObject({ status: 'open', version: 2, finalizedBy: null });
  });

  it('a secretary of another cluster and a leader cannot finalize (403); a stale version is refused (409)', async () => {
    const before = await view();
    const audits = await auditTotal(admin);
    for (const client of [otherSec, leader]) {
      expect((await client.post(`${Y()}/finalize`, {})).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    }
    const stale = await ownSec.post(`${Y()}/finalize`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', current: { year: 2024, status: 'open', version: 2 } });
    expect(await view()).toEqual(before);
    expect(await auditTotal(admin)).toBe(audits);
    expect((await admin.get(`${Y()}/snapshot`)).body).toMatchObject({ statusCode: 404, code: 'SNAPSHOT_NOT_FOUND' });
  });

  it('a secretary of the cluster finalizes: 200 with the adopted standings and summary', async () => {
    const standings = (await admin.get(`${Y()}/standings`)).body;
    const summary = (await admin.get(`${Y()}/summary`)).body;
    const start = Date.now();
    const response = await ownSec.post(`${Y()}/finalize`, { version: 2 });
    expect(response.status).toBe(200);
    adopted = response.body;
    expect(adopted).toMatchObject({
      clusterId,
      year: 2024,
      status: 'finalized',
      takenBy: ownSecUser.username,
      changesSince: [],
    });
    const takenAt = Date.parse(adopted.takenAt);
    expect(takenAt).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000);
    expect(takenAt).toBeLessThanOrEqual(Date.now());
    expect(omit(adopted.standings, 'status')).toEqual(omit(standings, 'status'));
    expect(omit(adopted.summary, 'status')).toEqual(omit(summary, 'status'));
    expect(adopted.summary.sentence).toEqual(expect.any(String));

    const clusterYear = (await admin.get(Y())).body;
    expect(clusterYear).toMatchObject({ status: 'finalized', finalizedBy: ownSecUser.username, version: 3 });
    expect(Date.parse(clusterYear.finalizedAt)).toBe(takenAt);
    expect((await admin.get(`${Y()}/snapshot`)).body).toEqual(adopted);
    frozen = await view();
  });

  it('every write to the finalized year is refused: 409 CLUSTER_YEAR_FINALIZED, saying by whom', async () => {
    const audits = await auditTotal(admin);
    const current = (await admin.get(Y())).body;
    const resultsVersion = (await admin.get(resultsUrl(A))).body.version;
    const attempts: (() => Promise<ApiResponse>)[] = [
      () => admin.put(Y(), clusterYearBody([A, B, D], { version: current.version })),
      () => ownSec.put(Y(), clusterYearBody([A, B])),
      () => admin.put(resultsUrl(A), { version: resultsVersion, results: [{ criterionCode: '1.1', actual: 10 }] }),
      () => ownSec.put(resultsUrl(D), { results: [], veto: { reason: 'Vi phạm' } }),
      () => ownSec.put(resultsUrl(B), { results: [], ratingOverride: { rating: 'EXCELLENT', reason: 'Hội nghị' } }),
      () => ownSec.post(`${Y()}/finalize`, {}),
      () => admin.post(`${Y()}/finalize`, { version: current.version }),
    ];
    for (const attempt of attempts) expectFinalizedError(await attempt());
    // a copy into it is refused anyway: the year exists
    const copy = await admin.post(`${Y()}/copy-from/2023`);
    expect(copy.body).toMatchObject({ statusCode: 409, code: 'CLUSTER_YEAR_EXISTS' });
    expect(await view()).toEqual(frozen);
    expect(await auditTotal(admin)).toBe(audits);
  });

  it('reads still work, and show the year as finalized', async () => {
    for (const url of [`${Y()}/standings`, `${Y()}/summary`, Y()]) {
      const response = await leader.get(url);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('finalized');
    }
    expect((await leader.get(resultsUrl(D))).body).toEqual(frozen[resultsUrl(D)].body);
    expect((await leader.get(`${Y()}/snapshot`)).body).toEqual(adopted);
    expect((await leader.get(`/api/clusters/${clusterId}`)).body.years).toEqual([
      { year: 2023, status: 'open' },
      { year: 2024, status: 'finalized' },
    ]);
    // and a new year can still be started from it
    const next = await ownSec.post(`${year(2025)}/copy-from/2024`);
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ year: 2025, status: 'open', members: [A, B, D] });
  });

  describe('reopen', () => {
    it.each([
      ['no body', undefined],
      ['no reason', {}],
      ['a blank reason', { reason: '   ' }],
      ['a reason that is not text', { reason: 42 }],
    ])('%s → 400 VALIDATION_FAILED on reason, still finalized', async (_label, body) => {
      const audits = await auditTotal(admin);
      const response = await admin.post(`${Y()}/reopen`, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(Object.keys(response.body.errors ?? {})).toEqual(['reason']);
      expect((await admin.get(Y())).body.status).toBe('finalized');
      expect(await auditTotal(admin)).toBe(audits);
    });

    it('by a secretary of the cluster, another secretary or a leader → 403', async () => {
      const audits = await auditTotal(admin);
      for (const client of [ownSec, otherSec, leader]) {
        const response = await client.post(`${Y()}/reopen`, { reason: 'Muốn sửa lại' });
        expect(response.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      }
      expect(await view()).toEqual(frozen);
      expect(await auditTotal(admin)).toBe(audits);
    });

    it('a year that is open → 409; a year that does not exist → 404', async () => {
      const audits = await auditTotal(admin);
      const open = await admin.post(`${year(2023)}/reopen`, { reason: 'Thử' });
      expect(open.body).toMatchObject({ statusCode: 409, code: 'CLUSTER_YEAR_CONFLICT' });
      const missing = await admin.post(`${year(2030)}/reopen`, { reason: 'Thử' });
      expect(missing.body).toMatchObject({ statusCode: 404, code: 'CLUSTER_YEAR_NOT_FOUND' });
      expect(await auditTotal(admin)).toBe(audits);
    });

    it('by an admin with a reason → 204: open and writable again, and the audit shows the reason', async () => {
      const reason = 'Ban Tuyên giáo Quận 10 bổ sung minh chứng sau hội nghị';
      const response = await admin.post(`${Y()}/reopen`, { reason: `  ${reason}  ` });
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      const clusterYear = (await admin.get(Y())).body;
      expect(clusterYear).toMatchObject({ status: 'open', finalizedAt: null, finalizedBy: null, version: 4 });
      expect(await latestAudit(admin, { clusterId, year: 2024 })).toMatchObject({
        action: 'reopen',
        entityType: 'cluster-year',
        entityId: `${clusterId}/2024`,
        userId: adminUser.id,
        username: adminUser.username,
        reason,
      });

      const changed = await enter(ownSec, D, 100, 40);
      expect(changed).toMatchObject({ rank: 1, total: 100, rating: 'EXCELLENT' });
      const put = await ownSec.put(Y(), clusterYearBody([A, B, D], { version: clusterYear.version }));
      expect(put.status).toBe(200);
    });

    it('the snapshot still holds the adopted figures; changesSince lists each unit that differs', async () => {
      const snapshot = (await admin.get(`${Y()}/snapshot`)).body;
      expect(snapshot).toMatchObject({
        clusterId,
        year: 2024,
        status: 'open',
        takenAt: adopted.takenAt,
        takenBy: ownSecUser.username,
        standings: adopted.standings,
        summary: adopted.summary,
      });
      const current = (await admin.get(`${Y()}/standings`)).body;
      expect(current.rows.map((r: Body) => [r.unit.id, figures(r)])).toEqual([
        [D, { rank: 1, total: 100, rating: 'EXCELLENT' }],
        [A, { rank: 2, total: 95, rating: 'EXCELLENT' }],
        [B, { rank: 3, total: 78, rating: 'GOOD' }],
      ]);
      const byId = (changes: Body[]) => new Map(changes.map((c) => [c.unitId, c]));
      const changes = byId(snapshot.changesSince);
      expect([...changes.keys()].sort()).toEqual([A, B, D].sort());
      expect(changes.get(D)).toEqual({
        unitId: D,
        name: 'Ban Tuyên giáo Quận 10',
        adopted: { rank: 3, total: 55, rating: 'COMPLETED' },
        current: { rank: 1, total: 100, rating: 'EXCELLENT' },
      });
      expect(changes.get(A)).toMatchObject({
        adopted: { rank: 1, total: 95, rating: 'EXCELLENT' },
        current: { rank: 2, total: 95, rating: 'EXCELLENT' },
      });
      expect(changes.get(B)).toMatchObject({
        adopted: { rank: 2, total: 78, rating: 'GOOD' },
        current: { rank: 3, total: 78, rating: 'GOOD' },
      });
    });

    it('finalizing again takes a new snapshot of the figures as they are now', async () => {
      const current = (await admin.get(`${Y()}/standings`)).body;
      const response = await admin.post(`${Y()}/finalize`, {});
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'finalized',
        takenBy: adminUser.username,
        changesSince: [],
      });
      expect(Date.parse(response.body.takenAt)).toBeGreaterThanOrEqual(Date.parse(adopted.takenAt));
      expect(omit(response.body.standings, 'status')).toEqual(omit(current, 'status'));
      expect(response.body.standings.rows).not.toEqual(adopted.standings.rows);
      expect((await admin.get(`${Y()}/snapshot`)).body).toEqual(response.body);

      const message = (await ownSec.put(resultsUrl(A), { results: [] })).body.message;
      expect(message).toContain(adminUser.username);

      const entries = (await auditAll(admin, { clusterId, year: 2024, entityType: 'cluster-year' })).map((e) => [
        e.action,
        e.username,
      ]);
      expect(entries.slice(0, 4)).toEqual([
        ['finalize', adminUser.username],
        ['update', ownSecUser.username],
        ['reopen', adminUser.username],
        ['finalize', ownSecUser.username],
      ]);
    });
  });

  it('a year never finalized has no snapshot (404); nor a year that does not exist', async () => {
    expect((await admin.get(`${year(2023)}/snapshot`)).body).toMatchObject({
      statusCode: 404,
      code: 'SNAPSHOT_NOT_FOUND',
    });
    expect((await admin.get(`${year(2031)}/snapshot`)).body).toMatchObject({
      statusCode: 404,
      code: 'CLUSTER_YEAR_NOT_FOUND',
    });
  });
});
