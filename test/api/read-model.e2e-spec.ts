import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ComputedStore } from '../../src/database/computed-store.js';
import { StandingsCalculator } from '../../src/standings/standings-calculator.service.js';
import { exportBook, sheetOf } from '../factories/xlsx-report.factory.js';
import { api, createTestApp } from '../test-app.js';

/**
 * The stored read model of computed cluster-years: every kind of write changes what the next read
 * returns, although that read would otherwise be served from the store (each case first reads until
 * the figures are stored at the current revision, then writes, then reads again).
 */
describe('stored figures of a cluster-year (read model)', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;
  let db: DataSource;
  let clusterId: number;
  const year = 2022;
  let clusterYearId: number;

  const p = (i: number): string => (db.options.type === 'postgres' ? `$${i}` : '?');

  async function revision(): Promise<number> {
    const rows: { data_revision: number | string }[] = await db.query(
      `SELECT data_revision FROM cluster_year WHERE id = ${p(1)}`,
      [clusterYearId],
    );
    return Number(rows[0]?.data_revision);
  }

  async function storedRevision(): Promise<number | null> {
    const rows: { revision: number | string }[] = await db.query(
      `SELECT revision FROM computed_cluster_year WHERE cluster_year_id = ${p(1)} AND body IS NOT NULL AND units IS NOT NULL AND setup IS NOT NULL`,
      [clusterYearId],
    );
    return rows.length === 0 ? null : Number(rows[0]?.revision);
  }

  /** Reads standings, summary, a unit's results and the set-up until all are stored at the current revision. */
  async function warm(unitId: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await client.get(`/api/clusters/${clusterId}/years/${year}/standings`);
      await client.get(`/api/clusters/${clusterId}/years/${year}/results/${unitId}`);
      await client.get(`/api/clusters/${clusterId}/years/${year}`);
      await app.get(ComputedStore).settled();
    }
    expect(await storedRevision()).toBe(await revision());
  }

  const standings = async (): Promise<any> => {
    const response = await client.get(`/api/clusters/${clusterId}/years/${year}/standings`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const rowOf = (body: any, unitId: number): any => body.rows.find((r: any) => r.unit.id === unitId);

  /** Sets the actual value of one of a unit's scoring targets to 0 through the API; the results before. */
  async function zeroOneTarget(unitId: number): Promise<any> {
    const before = await client.get(`/api/clusters/${clusterId}/years/${year}/results/${unitId}`);
    const target = before.body.results.find((r: any) => r.kind === 'target' && r.actual !== null && r.final > 0);
    expect(target).toBeDefined();
    const put = await client.put(`/api/clusters/${clusterId}/years/${year}/results/${unitId}`, {
      version: before.body.version,
      results: before.body.results
        .filter((r: any) => r.actual !== null || r.selfScore !== null || r.reviewedScore !== null)
        .map((r: any) => ({
          criterionCode: r.criterionCode,
          actual: r.criterionCode === target.criterionCode ? 0 : r.actual,
          selfScore: r.selfScore,
          reviewedScore: r.reviewedScore,
          reviewReason: r.reviewReason,
          note: r.note,
        })),
    });
    expect(put.status).toBe(200);
    return { ...before.body, target };
  }

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    client = api(app);
    db = app.get<DataSource>(getDataSourceToken());
    const clusters = await client.get('/api/clusters');
    clusterId = clusters.body.find((c: { code: string }) => c.code === 'CUM5').id;
    const setup = await client.get(`/api/clusters/${clusterId}/years/${year}`);
    if (setup.body.status === 'finalized') {
      expect((await client.post(`/api/clusters/${clusterId}/years/${year}/reopen`, { reason: 'Thử' })).status).toBe(
        204,
      );
    }
    const rows: { id: number }[] = await db.query(
      `SELECT id FROM cluster_year WHERE cluster_id = ${p(1)} AND year = ${p(2)}`,
      [clusterId, year],
    );
    clusterYearId = Number(rows[0]?.id);
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves stored figures equal to freshly computed ones', async () => {
    const unitId = (await standings()).rows[0].unit.id;
    const fresh = await client.get(`/api/clusters/${clusterId}/years/${year}/summary`);
    await warm(unitId);
    const stored = await client.get(`/api/clusters/${clusterId}/years/${year}/summary`);
    expect(stored.body).toEqual(fresh.body);
  });

  it("a unit's results: its total, the standings and its detail change", async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    const before = await zeroOneTarget(unitId);
    const after = await client.get(`/api/clusters/${clusterId}/years/${year}/results/${unitId}`);
    expect(after.body.total).toBeLessThan(before.total);
    expect(after.body.results.find((r: any) => r.criterionCode === before.target.criterionCode).actual).toBe(0);
    expect(rowOf(await standings(), unitId).total).toBe(after.body.total);
  });

  it("the year's set-up (rule set): the display of every total changes", async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    const setup = (await client.get(`/api/clusters/${clusterId}/years/${year}`)).body;
    const put = await client.put(`/api/clusters/${clusterId}/years/${year}`, {
      version: setup.version,
      members: setup.members,
      movements: setup.movements,
      headUnitId: setup.headUnitId,
      deputyUnitId: setup.deputyUnitId,
      nextHeadUnitId: setup.nextHeadUnitId,
      nextDeputyUnitId: setup.nextDeputyUnitId,
      covenantDate: setup.covenantDate,
      conferenceDate: setup.conferenceDate,
      ruleSet: { ...setup.ruleSet, displayDecimals: 0 },
      scoringTable: setup.scoringTable,
    });
    expect(put.status).toBe(200);
    expect((await standings()).displayDecimals).toBe(0);
    expect((await client.get(`/api/clusters/${clusterId}/years/${year}`)).body.ruleSet.displayDecimals).toBe(0);
  });

  it("a unit's name: the standings and the set-up show the new one", async () => {
    const unitId = (await standings()).rows[1].unit.id;
    await warm(unitId);
    const unit = (await client.get(`/api/units/${unitId}`)).body;
    const patch = await client.patch(`/api/units/${unitId}`, {
      version: unit.version,
      names: [{ name: 'Ban Tuyên giáo Thử nghiệm', validFrom: null, validTo: null }],
    });
    expect(patch.status).toBe(200);
    expect(rowOf(await standings(), unitId).unit.name).toBe('Ban Tuyên giáo Thử nghiệm');
    const setup = (await client.get(`/api/clusters/${clusterId}/years/${year}`)).body;
    expect(setup.memberDetails.find((m: any) => m.unitId === unitId).name).toBe('Ban Tuyên giáo Thử nghiệm');
  });

  it("a cluster's new name (no revision of its years): the standings, summary and year overview show it", async () => {
    const reads = [
      `/api/clusters/${clusterId}/years/${year}/standings`,
      `/api/clusters/${clusterId}/years/${year}/summary`,
      `/api/years/${year}/summary`,
    ];
    const nameIn = (url: string, body: any): string =>
      url.startsWith('/api/years/')
        ? body.clusters.find((c: any) => c.clusterId === clusterId).clusterName
        : body.clusterName;
    await warm((await standings()).rows[0].unit.id);
    // Twice each: the second answer is the one kept as JSON bytes.
    for (const url of [...reads, ...reads]) expect((await client.get(url)).status).toBe(200);
    const before = await revision();
    const cluster = (await client.get(`/api/clusters/${clusterId}`)).body;
    const patch = await client.patch(`/api/clusters/${clusterId}`, {
      version: cluster.version,
      name: `${cluster.name} (đổi tên)`,
    });
    expect(patch.status).toBe(200);
    expect(await revision()).toBe(before);
    for (const url of reads) {
      const response = await client.get(url);
      expect(response.status).toBe(200);
      expect(nameIn(url, response.body)).toBe(`${cluster.name} (đổi tên)`);
    }
  });

  it("a unit's women share raises the year's revision (the tie-break reads it)", async () => {
    const unitId = (await standings()).rows[2].unit.id;
    await warm(unitId);
    const before = await revision();
    const unit = (await client.get(`/api/units/${unitId}`)).body;
    const patch = await client.patch(`/api/units/${unitId}`, {
      version: unit.version,
      womenShares: [{ year, percent: 47.5 }],
    });
    expect(patch.status).toBe(200);
    expect(await revision()).toBeGreaterThan(before);
    expect(await storedRevision()).toBeLessThan(await revision());
  });

  it('a write made outside the app (SQL) is seen by the next read', async () => {
    const body = await standings();
    const unitId = body.rows[0].unit.id;
    await warm(unitId);
    const leaves: { id: number }[] = await db.query(
      `SELECT c.id FROM criterion c WHERE c.cluster_year_id = ${p(1)} AND c.kind = 'graded'`,
      [clusterYearId],
    );
    expect(leaves.length).toBeGreaterThan(0);
    const before = rowOf(body, unitId).total;
    await db.query(
      `UPDATE result SET reviewed_score = 0, self_score = 0 WHERE unit_id = ${p(1)} AND criterion_id = ${p(2)}`,
      [unitId, leaves[0]?.id],
    );
    expect(rowOf(await standings(), unitId).total).toBeLessThan(before);
  });

  it('finalize and reopen: the status and the set-up change', async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    const finalize = await client.post(`/api/clusters/${clusterId}/years/${year}/finalize`, { reason: 'Chốt thử' });
    expect(finalize.status).toBe(200);
    expect((await standings()).status).toBe('finalized');
    expect((await client.get(`/api/clusters/${clusterId}/years/${year}`)).body.status).toBe('finalized');
    await warm(unitId);
    expect((await client.post(`/api/clusters/${clusterId}/years/${year}/reopen`, { reason: 'Mở thử' })).status).toBe(
      204,
    );
    expect((await client.get(`/api/clusters/${clusterId}/years/${year}`)).body.status).toBe('open');
  });

  it("the organizer's overview workbook: the stored figures while current, fresh ones after a write", async () => {
    const unitId = (await standings()).rows[0].unit.id;
    const unitName: string = rowOf(await standings(), unitId).unit.name;
    await warm(unitId);
    /** The unit's total in the cluster's sheet of the overview (columns: STT, name, …, total in G). */
    const totalInOverview = async (): Promise<unknown> => {
      const sheet = sheetOf((await exportBook(client, `/api/years/${year}/report.xlsx`)).book, 'CUM5');
      const rows = sheet.getRows(1, sheet.rowCount) ?? [];
      return rows.find((row) => row.getCell(2).value === unitName)?.getCell(7).value;
    };
    const compute = jest.spyOn(app.get(StandingsCalculator), 'compute');
    const computedThisYear = (): number =>
      compute.mock.calls.filter(([, years]) => years.some((cy) => cy.id === clusterYearId)).length;
    try {
      const stored = await totalInOverview();
      expect(stored).toBe(rowOf(await standings(), unitId).total);
      expect(computedThisYear()).toBe(0);

      await zeroOneTarget(unitId);
      const computedBefore = computedThisYear();
      const fresh = await totalInOverview();
      expect(computedThisYear() - computedBefore).toBe(1);
      expect(fresh).toBe(rowOf(await standings(), unitId).total);
      expect(fresh).toBeLessThan(stored as number);
    } finally {
      compute.mockRestore();
    }
  });

  it('requests that find the same figures stale at once share one computation', async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    await db.query(`UPDATE result SET note = 'song song' WHERE unit_id = ${p(1)}`, [unitId]);
    const compute = jest.spyOn(app.get(StandingsCalculator), 'compute');
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => client.get(`/api/clusters/${clusterId}/years/${year}/standings`)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      const forThisYear = compute.mock.calls.filter(([, years]) => years.some((cy) => cy.id === clusterYearId));
      expect(forThisYear).toHaveLength(1);
    } finally {
      compute.mockRestore();
    }
  });

  it('never stores what a transaction computed before it commits', async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    const committed = await revision();
    await db
      .transaction(async (em) => {
        await em.query(`UPDATE result SET actual = 0 WHERE unit_id = ${p(1)}`, [unitId]);
        await client.get(`/api/clusters/${clusterId}/years/${year}/standings`);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await app.get(ComputedStore).settled();
    expect(await revision()).toBe(committed);
    expect(await storedRevision()).toBe(committed);
  });

  it('figures stored by other code are not used (and survive a restart of the same code)', async () => {
    const unitId = (await standings()).rows[0].unit.id;
    await warm(unitId);
    const current = { id: clusterYearId, dataRevision: await revision() };
    const store = app.get(ComputedStore);
    const stored = await store.read([current], 'body');
    expect(stored.get(clusterYearId)).toEqual(expect.any(String));
    await db.query(`UPDATE computed_cluster_year SET code_version = ${p(1)} WHERE cluster_year_id = ${p(2)}`, [
      'b'.repeat(64),
      clusterYearId,
    ]);
    expect((await store.read([current], 'body')).has(clusterYearId)).toBe(false);
    // Stored again by this code at the next read that misses: usable again, as after a restart.
    store.write(current, { body: stored.get(clusterYearId) });
    await store.settled();
    expect((await store.read([current], 'body')).get(clusterYearId)).toBe(stored.get(clusterYearId));
    // The columns written by the other code are not kept beside it.
    expect((await store.read([current], 'units')).has(clusterYearId)).toBe(false);
  });
});
