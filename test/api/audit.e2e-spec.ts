/**
 * The audit trail: every change (units, clusters, cluster-years, results, accounts, finalize and
 * reopen) leaves one entry written in the change's own transaction — who, when, what, before →
 * after, and a reason where one is required. Filters and pages of GET /api/audit; a failed change
 * leaves nothing; an audit that cannot be written fails the change; and nothing changes the audit.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { api, createTestApp, tokenFor, type ApiResponse } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, ruleSetBody, simpleScoringTable } from '../factories/cluster-year.factory.js';
import { createUnit } from '../factories/units.factory.js';
import {
  auditAll,
  auditPage,
  auditTotal,
  latestAudit,
  whoAmI,
  type AuditItem,
} from '../factories/audit-trail.factory.js';

type Body = Record<string, any>;

const ENTITY_TYPES = ['unit', 'cluster', 'cluster-year', 'results', 'user'] as const;

/** The scoring table with signed targets for criterion 1.1 (index 1). */
const tableWithTargets = (targets: { unitId: number; value: number }[]): Body[] => {
  const table = simpleScoringTable();
  table[1] = { ...table[1], targets };
  return table;
};

/** `at` is a real ISO time, between the moments just before and just after the request (to the second). */
const expectAtBetween = (entry: AuditItem, start: number, end: number): void => {
  const at = Date.parse(entry.at);
  expect(Number.isNaN(at)).toBe(false);
  expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
  expect(at).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000);
  expect(at).toBeLessThanOrEqual(end);
};

const withoutTimestamps = (value: Body): Body => {
  const { createdAt: _c, updatedAt: _u, ...rest } = value;
  return rest;
};

/** Every object key anywhere in a JSON value. */
const keysOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
};

/** The day `offset` days from an ISO date. */
const day = (isoDate: string, offset: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** The day in Vietnam (UTC+7) of an ISO timestamp. */
const vietnamDay = (at: string): string => new Date(Date.parse(at) + 7 * 3_600_000).toISOString().slice(0, 10);

describe('audit trail', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let secretary: ReturnType<typeof api>;
  let leader: ReturnType<typeof api>;
  let reporter: ReturnType<typeof api>;
  let adminUser: { id: number; username: string };
  let secretaryUser: { id: number; username: string };
  let clusterId: number;
  let otherClusterId: number;
  /** u[0..2]: members of the cluster in 2024; u[3]: a unit with a code, in no cluster. */
  let u: number[];
  const year = (y: number): string => `/api/clusters/${clusterId}/years/${y}`;

  beforeAll(async () => {
    app = await createTestApp();
    admin = api(app);
    adminUser = await whoAmI(admin);
    clusterId = await createCluster(admin, { code: 'AUD-1', name: 'Cụm nhật ký' });
    otherClusterId = await createCluster(admin, { code: 'AUD-2', name: 'Cụm khác' });
    secretary = api(app, await tokenFor(app, 'secretary', [clusterId]));
    secretaryUser = await whoAmI(secretary);
    leader = api(app, await tokenFor(app, 'leader'));
    reporter = api(app, await tokenFor(app, 'reporter'));
    u = [
      await createUnit(admin, 'Ban Tuyên giáo Quận 3'),
      await createUnit(admin, 'Ban Tuyên giáo Quận 5'),
      await createUnit(admin, 'Ban Tuyên giáo Quận 10'),
      await createUnit(admin, 'Ban Tuyên giáo Quận 11', { code: 'Q11' }),
    ];
  });

  afterAll(async () => {
    await app.close();
  });

  describe('what each change records', () => {
    it('a unit created, renamed and annotated: who, when, which unit, before → after', async () => {
      const start = Date.now();
      const created = await admin.post('/api/units', { name: 'Ban Tuyên giáo Quận 1', note: 'Đơn vị mẫu' });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const entry = await latestAudit(admin, { entityType: 'unit', unitId: id });
      expectAtBetween(entry, start, Date.now());
      expect(entry).toMatchObject({
        userId: adminUser.id,
        username: adminUser.username,
        action: 'create',
        entityType: 'unit',
        entityId: String(id),
        unitId: id,
        clusterId: null,
        year: null,
        reason: null,
        before: null,
      });
      expect(entry.after).toEqual(created.body);
      expect(entry.changes).toEqual([{ path: '(toàn bộ)', from: null, to: created.body }]);

      const renamed = await admin.patch(`/api/units/${id}`, {
        rename: { name: 'Ban Tuyên giáo và Dân vận Quận 1', from: '2025-03-01' },
      });
      expect(renamed.status).toBe(200);
      const rename = await latestAudit(admin, { entityType: 'unit', unitId: id });
      expect(rename.id).toBeGreaterThan(entry.id);
      expect(rename).toMatchObject({ action: 'update', entityId: String(id), username: adminUser.username });
      expect(rename.before).toEqual(created.body);
      expect(rename.after).toEqual(renamed.body);
      expect(rename.changes).toEqual(
        expect.arrayContaining([
          { path: 'name', from: 'Ban Tuyên giáo Quận 1', to: 'Ban Tuyên giáo và Dân vận Quận 1' },
          { path: 'names[0].validTo', from: null, to: '2025-02-28' },
          {
            path: 'names[1]',
            from: null,
            to: { name: 'Ban Tuyên giáo và Dân vận Quận 1', validFrom: '2025-03-01', validTo: null },
          },
        ]),
      );
      expect(rename.changes).toHaveLength(3);

      const noted = await admin.patch(`/api/units/${id}`, { note: 'Cụm trưởng 2025' });
      expect(noted.status).toBe(200);
      // version and updatedAt change on every write and are left out of `changes`
      expect((await latestAudit(admin, { entityType: 'unit', unitId: id })).changes).toEqual([
        { path: 'note', from: 'Đơn vị mẫu', to: 'Cụm trưởng 2025' },
      ]);
    });

    it('a cluster created and renamed', async () => {
      const created = await admin.post('/api/clusters', { code: 'AUD-3', name: 'Cụm số 3', kind: 'cluster' });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const entry = await latestAudit(admin, { entityType: 'cluster', clusterId: id });
      expect(entry).toMatchObject({
        action: 'create',
        entityId: String(id),
        clusterId: id,
        year: null,
        username: adminUser.username,
        before: null,
        after: created.body,
      });
      const renamed = await admin.patch(`/api/clusters/${id}`, { name: 'Khối số 3', kind: 'bloc' });
      expect(renamed.status).toBe(200);
      const update = await latestAudit(admin, { entityType: 'cluster', clusterId: id });
      expect(update).toMatchObject({ action: 'update', before: created.body, after: renamed.body });
      expect(update.changes).toEqual([
        { path: 'name', from: 'Cụm số 3', to: 'Khối số 3' },
        { path: 'kind', from: 'cluster', to: 'bloc' },
        { path: 'kindLabel', from: 'Cụm thi đua', to: 'Khối thi đua' },
      ]);
    });

    it('a cluster-year created, then its rule set, head and deputy, and a signed target changed (by a secretary)', async () => {
      const start = Date.now();
      const createdBody = clusterYearBody(u.slice(0, 3), {
        scoringTable: tableWithTargets([{ unitId: u[0], value: 90 }]),
      });
      const created = await secretary.put(year(2024), createdBody);
      expect(created.status).toBe(201);
      const entry = await latestAudit(admin, { entityType: 'cluster-year', clusterId, year: 2024 });
      expectAtBetween(entry, start, Date.now());
      expect(entry).toMatchObject({
        userId: secretaryUser.id,
        username: secretaryUser.username,
        action: 'create',
        entityType: 'cluster-year',
        entityId: `${clusterId}/2024`,
        clusterId,
        year: 2024,
        unitId: null,
        reason: null,
        before: null,
      });
      expect(withoutTimestamps(entry.after)).toEqual(withoutTimestamps(created.body));

      const changed = await secretary.put(
        year(2024),
        clusterYearBody(u.slice(0, 3), {
          headUnitId: u[1],
          deputyUnitId: u[0],
          ruleSet: ruleSetBody({ thresholds: { excellent: 85, good: 70, completed: 50 } }),
          scoringTable: tableWithTargets([{ unitId: u[0], value: 80 }]),
        }),
      );
      expect(changed.status).toBe(200);
      const update = await latestAudit(admin, { entityType: 'cluster-year', clusterId, year: 2024 });
      expect(update).toMatchObject({
        action: 'update',
        username: secretaryUser.username,
        entityId: `${clusterId}/2024`,
      });
      expect(withoutTimestamps(update.before)).toEqual(withoutTimestamps(created.body));
      expect(withoutTimestamps(update.after)).toEqual(withoutTimestamps(changed.body));
      const names = new Map(created.body.memberDetails.map((m: Body) => [m.unitId, m.name]));
      expect(update.changes).toEqual(
        expect.arrayContaining([
          { path: 'headUnitId', from: u[0], to: u[1] },
          { path: 'deputyUnitId', from: u[1], to: u[0] },
          { path: 'head.id', from: u[0], to: u[1] },
          { path: 'head.name', from: names.get(u[0]), to: names.get(u[1]) },
          { path: 'ruleSet.thresholds.excellent', from: 90, to: 85 },
          { path: 'scoringTable[1].targets[0].value', from: 90, to: 80 },
        ]),
      );
      const paths = update.changes.map((c) => c.path);
      expect(paths.filter((p) => p.startsWith('members') || p === 'version' || p === 'updatedAt')).toEqual([]);
    });

    it('a year copied from another, with its reason', async () => {
      const copied = await admin.post(`${year(2025)}/copy-from/2024`);
      expect(copied.status).toBe(201);
      const entry = await latestAudit(admin, { entityType: 'cluster-year', clusterId, year: 2025 });
      expect(entry).toMatchObject({
        action: 'copy',
        entityId: `${clusterId}/2025`,
        clusterId,
        year: 2025,
        username: adminUser.username,
        before: null,
      });
      expect(entry.reason).toEqual(expect.stringContaining('2024'));
      expect(withoutTimestamps(entry.after)).toEqual(withoutTimestamps(copied.body));
      expect(entry.after.members).toEqual(u.slice(0, 3));
    });

    it("a unit's results: entered, a reviewed score changed, a veto, a rating override", async () => {
      const url = `${year(2024)}/results/${u[0]}`;
      const first = await secretary.put(url, {
        results: [
          { criterionCode: '1.1', actual: 72 },
          { criterionCode: '1.2', selfScore: 30, reviewedScore: 30 },
        ],
      });
      expect(first.status).toBe(200);
      const entered = await latestAudit(admin, { entityType: 'results', unitId: u[0] });
      expect(entered).toMatchObject({
        action: 'update',
        entityType: 'results',
        entityId: `${clusterId}/2024/${u[0]}`,
        clusterId,
        year: 2024,
        unitId: u[0],
        username: secretaryUser.username,
        userId: secretaryUser.id,
        before: { results: [], veto: null, ratingOverride: null },
      });
      expect(entered.after).toEqual({
        results: [
          { criterionCode: '1.1', actual: 72, selfScore: null, reviewedScore: null, note: null, reviewReason: null },
          { criterionCode: '1.2', actual: null, selfScore: 30, reviewedScore: 30, note: null, reviewReason: null },
        ],
        veto: null,
        ratingOverride: null,
      });

      const reviewed = await secretary.put(url, {
        results: [
          { criterionCode: '1.1', actual: 72 },
          { criterionCode: '1.2', selfScore: 30, reviewedScore: 25, reviewReason: 'Thiếu minh chứng' },
        ],
      });
      expect(reviewed.status).toBe(200);
      expect((await latestAudit(admin, { entityType: 'results', unitId: u[0] })).changes).toEqual([
        { path: 'results[1].reviewedScore', from: 30, to: 25 },
        { path: 'results[1].reviewReason', from: null, to: 'Thiếu minh chứng' },
      ]);

      const sameResults = [
        { criterionCode: '1.1', actual: 72 },
        { criterionCode: '1.2', selfScore: 30, reviewedScore: 25, reviewReason: 'Thiếu minh chứng' },
      ];
      const vetoed = await admin.put(url, { results: sameResults, veto: { reason: 'Vi phạm quy chế' } });
      expect(vetoed.status).toBe(200);
      const veto = await latestAudit(admin, { entityType: 'results', unitId: u[0] });
      expect(veto.username).toBe(adminUser.username);
      expect(veto.changes).toEqual([{ path: 'veto', from: null, to: { reason: 'Vi phạm quy chế' } }]);

      const overridden = await admin.put(url, {
        results: sameResults,
        ratingOverride: { rating: 'GOOD', reason: 'Hội nghị quyết định' },
      });
      expect(overridden.status).toBe(200);
      expect((await latestAudit(admin, { entityType: 'results', unitId: u[0] })).changes).toEqual([
        { path: 'ratingOverride', from: null, to: { rating: 'GOOD', reason: 'Hội nghị quyết định' } },
      ]);
    });

    it('accounts: created, changed, password reset and changed — and no password or hash anywhere', async () => {
      const passwords = ['Sen-Hong-Thap-Muoi-1', 'Cau-Tre-Xanh-Xanh-2', 'Dong-Lua-Chin-Vang-3'];
      const created = await admin.post('/api/users', {
        username: 'thuky.nhatky',
        displayName: 'Thư ký nhật ký',
        role: 'secretary',
        password: passwords[0],
        clusterIds: [clusterId],
      });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const creation = await latestAudit(admin, { entityType: 'user' });
      expect(creation).toMatchObject({
        action: 'create',
        entityId: String(id),
        username: adminUser.username,
        before: null,
        after: created.body,
      });

      const changed = await admin.patch(`/api/users/${id}`, { displayName: 'Thư ký Cụm nhật ký' });
      expect(changed.status).toBe(200);
      const update = await latestAudit(admin, { entityType: 'user' });
      expect(update).toMatchObject({ action: 'update', entityId: String(id), before: created.body });
      expect(update.changes).toEqual([{ path: 'displayName', from: 'Thư ký nhật ký', to: 'Thư ký Cụm nhật ký' }]);

      expect((await admin.post(`/api/users/${id}/reset-password`, { newPassword: passwords[1] })).status).toBe(204);
      expect(await latestAudit(admin, { entityType: 'user' })).toMatchObject({
        action: 'reset-password',
        entityId: String(id),
        username: adminUser.username,
        before: null,
        after: null,
        changes: [],
      });

      const login = await api(app, null).post('/api/auth/login', { username: 'thuky.nhatky', password: passwords[1] });
      expect(login.status).toBe(200);
      const own = api(app, login.body.token);
      const change = await own.patch('/api/auth/password', {
        currentPassword: passwords[1],
        newPassword: passwords[2],
      });
      expect(change.status).toBe(204);
      expect(await latestAudit(admin, { entityType: 'user' })).toMatchObject({
        action: 'change-password',
        entityId: String(id),
        userId: id,
        username: 'thuky.nhatky',
        before: null,
        after: null,
      });

      // Through the API: no key that names a password or hash, no password, no Argon2 hash.
      const all = await auditAll(admin);
      expect(all.length).toBeGreaterThan(10);
      const json = JSON.stringify(all);
      for (const secret of [...passwords, 'mat-khau-', '$argon2', 'argon2id']) expect(json).not.toContain(secret);
      const keys = all.flatMap((entry) => [...keysOf(entry.before), ...keysOf(entry.after), ...keysOf(entry.changes)]);
      expect(keys.filter((key) => /password|hash|token|secret/i.test(key))).toEqual([]);
      // And in the table itself (every entry, including the accounts the test helper created).
      const rows: Body[] = await app.get(DataSource).query('SELECT before, after, reason FROM audit_entry');
      expect(rows.length).toBe(all.length);
      const stored = JSON.stringify(rows);
      for (const secret of [...passwords, 'mat-khau-', '$argon2', 'passwordHash', 'password_hash']) {
        expect(stored).not.toContain(secret);
      }
      // The stored hash really is an Argon2 hash (so the search above could have found one).
      const hashes: Body[] = await app.get(DataSource).query('SELECT password_hash FROM user_account');
      expect(String(hashes[0].password_hash)).toContain('$argon2');
    });

    it('finalize and reopen, each with its reason', async () => {
      const finalizeReason = 'Hội nghị tổng kết ngày 03/12/2025 thông qua';
      const finalized = await secretary.post(`${year(2025)}/finalize`, { reason: finalizeReason });
      expect(finalized.status).toBe(200);
      const entry = await latestAudit(admin, { entityType: 'cluster-year', clusterId, year: 2025 });
      expect(entry).toMatchObject({
        action: 'finalize',
        entityId: `${clusterId}/2025`,
        username: secretaryUser.username,
        userId: secretaryUser.id,
        reason: finalizeReason,
      });
      expect(entry.changes).toEqual(expect.arrayContaining([{ path: 'status', from: 'open', to: 'finalized' }]));

      const reason = 'Sai số liệu của Ban Tuyên giáo Quận 5, hội nghị cho sửa';
      expect((await admin.post(`${year(2025)}/reopen`, { reason })).status).toBe(204);
      const reopen = await latestAudit(admin, { entityType: 'cluster-year', clusterId, year: 2025 });
      expect(reopen).toMatchObject({
        action: 'reopen',
        entityId: `${clusterId}/2025`,
        username: adminUser.username,
        reason,
      });
      expect(reopen.changes).toEqual(expect.arrayContaining([{ path: 'status', from: 'finalized', to: 'open' }]));
    });
  });

  describe('filters and pages', () => {
    let all: AuditItem[];

    beforeAll(async () => {
      all = await auditAll(admin);
    });

    const ids = (items: AuditItem[]): number[] => items.map((e) => e.id);

    /** The filtered answer is exactly the entries that match, a non-empty strict subset of all. */
    const expectFilter = async (
      query: Record<string, string | number>,
      matches: (e: AuditItem) => boolean,
    ): Promise<AuditItem[]> => {
      const expected = all.filter(matches);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const page = await auditPage(admin, { ...query, pageSize: 200 });
      expect(page.total).toBe(expected.length);
      expect(ids(page.items)).toEqual(ids(expected));
      return page.items;
    };

    it('newest first, with the total; default page 1 of 50', async () => {
      const body = await auditPage(admin);
      expect(body).toMatchObject({ page: 1, pageSize: 50, total: all.length });
      expect(ids(body.items)).toEqual(ids(all).slice(0, 50));
      const sorted = [...ids(all)].sort((a, b) => b - a);
      expect(ids(all)).toEqual(sorted);
      expect(new Set(ids(all)).size).toBe(all.length);
      for (let i = 1; i < all.length; i += 1) {
        expect(Date.parse(all[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(all[i].at));
      }
    });

    it('pages of 3 cover every entry once, in order', async () => {
      const seen: number[] = [];
      const pages = Math.ceil(all.length / 3);
      for (let page = 1; page <= pages; page += 1) {
        const body = await auditPage(admin, { page, pageSize: 3 });
        expect(body).toMatchObject({ page, pageSize: 3, total: all.length });
        expect(body.items.length).toBe(page < pages ? 3 : all.length - 3 * (pages - 1));
        seen.push(...ids(body.items));
      }
      expect(seen).toEqual(ids(all));
      const beyond = await auditPage(admin, { page: pages + 1, pageSize: 3 });
      expect(beyond).toMatchObject({ page: pages + 1, total: all.length, items: [] });
    });

    it('by cluster and year', async () => {
      const items = await expectFilter({ clusterId, year: 2024 }, (e) => e.clusterId === clusterId && e.year === 2024);
      expect(new Set(items.map((e) => e.entityType))).toEqual(new Set(['cluster-year', 'results']));
      // 2 cluster-year writes (create, update) and 4 results writes
      expect(items.length).toBe(6);
      await expectFilter({ clusterId }, (e) => e.clusterId === clusterId);
      expect((await auditPage(admin, { clusterId: otherClusterId })).items).toEqual([
        expect.objectContaining({ action: 'create', entityType: 'cluster', entityId: String(otherClusterId) }),
      ]);
    });

    it('by unit', async () => {
      const items = await expectFilter({ unitId: u[0] }, (e) => e.unitId === u[0]);
      expect(items.map((e) => e.entityType)).toEqual(['results', 'results', 'results', 'results', 'unit']);
    });

    it('by user', async () => {
      const items = await expectFilter({ userId: secretaryUser.id }, (e) => e.userId === secretaryUser.id);
      expect(new Set(items.map((e) => e.username))).toEqual(new Set([secretaryUser.username]));
      await expectFilter({ userId: adminUser.id }, (e) => e.userId === adminUser.id);
    });

    it('by action', async () => {
      const items = await expectFilter({ action: 'reopen' }, (e) => e.action === 'reopen');
      expect(items.map((e) => e.entityType)).toEqual(items.map(() => 'cluster-year'));
      await expectFilter({ action: 'update', clusterId }, (e) => e.action === 'update' && e.clusterId === clusterId);
      const wrong = await admin.get('/api/audit?action=delete');
      expect(wrong.body).toMatchObject({ statusCode: 400, errors: { action: [expect.any(String)] } });
    });

    it.each(ENTITY_TYPES)('by entity type %s', async (entityType) => {
      await expectFilter({ entityType }, (e) => e.entityType === entityType);
    });

    it('combined: cluster, year, entity type and unit', async () => {
      await expectFilter(
        { clusterId, year: 2024, entityType: 'results', unitId: u[0] },
        (e) => e.clusterId === clusterId && e.year === 2024 && e.entityType === 'results' && e.unitId === u[0],
      );
    });

    it('by date (days in Vietnam time, `to` inclusive)', async () => {
      // the days the entries fall on (one day, unless the run crossed midnight in Vietnam)
      const first = vietnamDay(all[all.length - 1].at);
      const last = vietnamDay(all[0].at);
      const onLast = all.filter((e) => vietnamDay(e.at) === last);
      expect((await auditPage(admin, { from: first, to: last, pageSize: 200 })).total).toBe(all.length);
      expect((await auditPage(admin, { from: last, to: last, pageSize: 200 })).items).toEqual(onLast);
      expect((await auditPage(admin, { from: day(first, -1) })).total).toBe(all.length);
      expect((await auditPage(admin, { to: last })).total).toBe(all.length);
      expect(await auditPage(admin, { to: day(first, -1) })).toMatchObject({ total: 0, items: [] });
      expect(await auditPage(admin, { from: day(last, 1) })).toMatchObject({ total: 0, items: [] });
      expect(await auditPage(admin, { from: '2020-01-01', to: '2020-12-31' })).toMatchObject({ total: 0, items: [] });
      // 18:30 UTC on 10 May is 01:30 on 11 May in Vietnam: the entry belongs to 11 May.
      await app
        .get(DataSource)
        .createQueryBuilder()
        .insert()
        .into('audit_entry')
        .values({
          at: new Date('2019-05-10T18:30:00Z'),
          username: 'system',
          action: 'update',
          entityType: 'unit',
          entityId: 'ranh-gioi-ngay',
        })
        .execute();
      const on11May = await auditPage(admin, { from: '2019-05-11', to: '2019-05-11' });
      expect(on11May.items.map((e: { entityId: string }) => e.entityId)).toEqual(['ranh-gioi-ngay']);
      expect(await auditPage(admin, { from: '2019-05-10', to: '2019-05-10' })).toMatchObject({ total: 0 });
      expect((await auditPage(admin, { from: first, entityType: 'results' })).total).toBe(
        all.filter((e) => e.entityType === 'results').length,
      );
    });

    it.each([
      ['entityType=nothing', 'entityType'],
      ['page=0', 'page'],
      ['pageSize=0', 'pageSize'],
      ['pageSize=201', 'pageSize'],
      ['from=2024-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['clusterId=abc', 'clusterId'],
      ['year=1999', 'year'],
    ])('a bad filter (%s) → 400 VALIDATION_FAILED naming it', async (query, field) => {
      const response = await admin.get(`/api/audit?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(Object.keys(response.body.errors)).toEqual([field]);
    });

    it('admins and leaders read it; secretaries and reporters do not; nobody without a login', async () => {
      expect((await leader.get('/api/audit')).status).toBe(200);
      expect((await secretary.get('/api/audit')).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect((await reporter.get('/api/audit')).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect((await api(app, null).get('/api/audit')).body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('a change that fails leaves no entry', () => {
    const url2024 = (): string => year(2024);

    beforeAll(async () => {
      // so that version 1 of this unit is stale
      expect((await admin.patch(`/api/units/${u[0]}`, { note: 'Đã sửa một lần' })).status).toBe(200);
    });

    const cases: [string, () => Promise<ApiResponse>, number, string][] = [
      [
        'a unit with overlapping names (400)',
        () =>
          admin.patch(`/api/units/${u[1]}`, {
            names: [
              { name: 'Tên cũ', validTo: '2021-06-30' },
              { name: 'Tên mới', validFrom: '2021-01-01' },
            ],
          }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a unit that does not exist (404)',
        () => admin.patch('/api/units/999999', { note: 'x' }),
        404,
        'UNIT_NOT_FOUND',
      ],
      [
        'a unit with a stale version (409)',
        () => admin.patch(`/api/units/${u[0]}`, { version: 1, note: 'x' }),
        409,
        'VERSION_CONFLICT',
      ],
      [
        'a unit code already taken (409)',
        () => admin.post('/api/units', { name: 'Trùng mã', code: 'Q11' }),
        409,
        'UNIT_CODE_TAKEN',
      ],
      [
        'a cluster code already taken (409)',
        () => admin.patch(`/api/clusters/${clusterId}`, { code: 'AUD-2' }),
        409,
        'CLUSTER_CODE_TAKEN',
      ],
      [
        'a cluster that does not exist (404)',
        () => admin.patch('/api/clusters/999999', { name: 'x' }),
        404,
        'CLUSTER_NOT_FOUND',
      ],
      [
        'a cluster-year with thresholds out of order (400)',
        () =>
          admin.put(
            url2024(),
            clusterYearBody(u.slice(0, 3), {
              ruleSet: ruleSetBody({ thresholds: { excellent: 50, good: 70, completed: 90 } }),
            }),
          ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a cluster-year whose head is not a member (409)',
        () => admin.put(url2024(), clusterYearBody(u.slice(0, 3), { headUnitId: u[3] })),
        409,
        'UNIT_NOT_MEMBER',
      ],
      [
        'a cluster-year dropping a criterion that has results (409)',
        () =>
          admin.put(
            url2024(),
            clusterYearBody(u.slice(0, 3), {
              scoringTable: simpleScoringTable().filter((c) => c.code !== '1.2'),
            }),
          ),
        409,
        'CLUSTER_YEAR_CONFLICT',
      ],
      [
        'a cluster-year with a stale version (409)',
        () => admin.put(url2024(), clusterYearBody(u.slice(0, 3), { version: 1 })),
        409,
        'VERSION_CONFLICT',
      ],
      [
        'a copy into a year that exists (409)',
        () => admin.post(`${year(2025)}/copy-from/2024`),
        409,
        'CLUSTER_YEAR_EXISTS',
      ],
      [
        'results over the maximum (400)',
        () => admin.put(`${url2024()}/results/${u[1]}`, { results: [{ criterionCode: '1.2', selfScore: 41 }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'results of a unit that is not a member (409)',
        () => admin.put(`${url2024()}/results/${u[3]}`, { results: [] }),
        409,
        'UNIT_NOT_MEMBER',
      ],
      [
        'results with a stale version (409)',
        () => admin.put(`${url2024()}/results/${u[0]}`, { version: 1, results: [] }),
        409,
        'VERSION_CONFLICT',
      ],
      [
        'finalizing a year that does not exist (404)',
        () => admin.post(`${year(2030)}/finalize`, {}),
        404,
        'CLUSTER_YEAR_NOT_FOUND',
      ],
      [
        'reopening a year that is open (409)',
        () => admin.post(`${url2024()}/reopen`, { reason: 'Thử' }),
        409,
        'CLUSTER_YEAR_CONFLICT',
      ],
      [
        'a username already taken (409)',
        () =>
          admin.post('/api/users', {
            username: 'thuky.nhatky',
            displayName: 'Trùng',
            role: 'reporter',
            password: 'mot-mat-khau-dai',
          }),
        409,
        'USERNAME_TAKEN',
      ],
      [
        'a user that does not exist (404)',
        () => admin.patch('/api/users/999999', { displayName: 'x' }),
        404,
        'USER_NOT_FOUND',
      ],
      [
        'a password reset that is too short (400)',
        () => admin.post(`/api/users/${adminUser.id}/reset-password`, { newPassword: 'ngan' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a password change with the wrong current password (400)',
        () => admin.patch('/api/auth/password', { currentPassword: 'sai-mat-khau', newPassword: 'mot-mat-khau-moi' }),
        400,
        'VALIDATION_FAILED',
      ],
    ];

    it.each(cases)('%s', async (_label, request, status, code) => {
      const before = await auditTotal(admin);
      const response = await request();
      expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
      expect(await auditTotal(admin)).toBe(before);
    });

    it('rejected results do not even bump the version (the whole transaction is undone)', async () => {
      const url = `${year(2024)}/results/${u[1]}`;
      const before = (await admin.get(url)).body;
      const response = await admin.put(url, {
        version: before.version,
        results: [{ criterionCode: '1.2', selfScore: 41 }],
      });
      expect(response.status).toBe(400);
      expect((await admin.get(url)).body).toEqual(before);
    });
  });

  describe('an audit entry that cannot be written fails the change', () => {
    const ERROR_KEYS = ['statusCode', 'code', 'message'];
    let calls: unknown[][] = [];

    it('500 INTERNAL_ERROR in the error shape, no stack, and nothing changed', async () => {
      const dataSource = app.get(DataSource);
      const unitBefore = (await admin.get(`/api/units/${u[2]}`)).body;
      const resultsUrl = `${year(2024)}/results/${u[2]}`;
      const resultsBefore = (await admin.get(resultsUrl)).body;
      const unitsBefore = (await admin.get('/api/units')).body;
      const clusterBefore = (await admin.get(`/api/clusters/${otherClusterId}`)).body;
      const auditBefore = await auditAll(admin);

      // The unknown error is logged (with its request id), not shown; keep the log quiet here.
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      await dataSource.query('ALTER TABLE audit_entry RENAME TO audit_entry_off');
      const responses: ApiResponse[] = [];
      try {
        responses.push(await admin.patch(`/api/units/${u[2]}`, { note: 'không được lưu' }));
        responses.push(
          await admin.put(resultsUrl, {
            version: resultsBefore.version,
            results: [{ criterionCode: '1.1', actual: 99 }],
          }),
        );
        responses.push(await admin.post('/api/units', { name: 'Không được tạo' }));
        responses.push(await admin.patch(`/api/clusters/${otherClusterId}`, { name: 'Không được đổi' }));
      } finally {
        await dataSource.query('ALTER TABLE audit_entry_off RENAME TO audit_entry');
        calls = [...logged.mock.calls];
        logged.mockRestore();
      }
      // each failure was logged under the request id its message gives
      expect(calls).toHaveLength(responses.length);
      responses.forEach((response, i) => {
        const requestId = /([0-9a-f-]{36})/.exec(String(response.body.message))?.[1];
        expect(requestId).toBeDefined();
        expect(String(calls[i][0])).toContain(requestId);
      });

      for (const response of responses) {
        expect(response.status).toBe(500);
        expect(Object.keys(response.body).sort()).toEqual([...ERROR_KEYS].sort());
        expect(response.body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
        expect(response.body.message).toEqual(expect.any(String));
        expect(response.body.message).not.toMatch(/audit_entry|SQL|relation|at \S+\.(js|ts)|Error:/i);
        expect(JSON.stringify(response.body)).not.toMatch(/stack|node_modules/);
      }
      expect((await admin.get(`/api/units/${u[2]}`)).body).toEqual(unitBefore);
      expect((await admin.get(resultsUrl)).body).toEqual(resultsBefore);
      expect((await admin.get('/api/units')).body).toEqual(unitsBefore);
      expect((await admin.get(`/api/clusters/${otherClusterId}`)).body).toEqual(clusterBefore);
      expect(await auditAll(admin)).toEqual(auditBefore);

      // With the table back, the same change goes through and is recorded.
      const again = await admin.patch(`/api/units/${u[2]}`, { note: 'đã lưu' });
      expect(again.status).toBe(200);
      expect((await latestAudit(admin)).changes).toEqual([{ path: 'note', from: unitBefore.note, to: 'đã lưu' }]);
    });
  });

  describe('append-only', () => {
    it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)(
      '%s /api/audit and /api/audit/1: no such route',
      async (method) => {
        const before = await auditAll(admin);
        for (const url of ['/api/audit', '/api/audit/1', `/api/audit/${before[0].id}`]) {
          const response = await admin.raw({
            method,
            url,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify({ username: 'ai đó', reason: 'xóa dấu vết' }),
          });
          const body = JSON.parse(response.body) as Body;
          expect([404, 405]).toContain(response.statusCode);
          expect(body).toMatchObject({
            statusCode: response.statusCode,
            code: response.statusCode === 404 ? 'ROUTE_NOT_FOUND' : 'METHOD_NOT_ALLOWED',
          });
        }
        expect(await auditAll(admin)).toEqual(before);
      },
    );

    it('the API documents only GET /api/audit', async () => {
      const docs = await admin.get('/api/docs/openapi.json');
      expect(docs.status).toBe(200);
      const auditPaths = Object.entries(docs.body.paths as Record<string, Body>).filter(([path]) =>
        path.startsWith('/api/audit'),
      );
      expect(auditPaths.map(([path, operations]) => [path, Object.keys(operations)])).toEqual([
        ['/api/audit', ['get']],
      ]);
    });
  });
});
