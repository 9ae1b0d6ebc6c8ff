/**
 * ResultsService.writeUnits, the batch write path of the workbook import, on the real database
 * (SQLite, and PostgreSQL in CI): units written in one batch are stored and audited as PUT stores
 * and audits them (the audit's "after" is what was written, and equals what a later PUT reads
 * back as its "before"); one stale version refuses the whole batch with that unit's values as
 * they are now, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClusterYearsService } from '../../src/covenants/cluster-years.service.js';
import type { PutResultsDto } from '../../src/results/dto/results.dto.js';
import { ResultsService } from '../../src/results/results.service.js';
import { auditTotal, latestAudit } from '../factories/audit-trail.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createCluster } from '../factories/clusters.factory.js';
import { createUnits } from '../factories/units.factory.js';
import { api, createTestApp } from '../test-app.js';

describe('results written in batches (the import’s write path)', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let units: number[];
  let cluster: number;
  const YEAR = 2024;
  const url = (unit: number): string => `/api/clusters/${cluster}/years/${YEAR}/results/${unit}`;

  /** writeUnits in a transaction of its own, as the import calls it: unit index → its body. */
  const writeBatch = async (writes: ReadonlyArray<[number, PutResultsDto]>): Promise<void> => {
    const clusterYears = app.get(ClusterYearsService);
    const results = app.get(ResultsService);
    await app.get<DataSource>(getDataSourceToken()).transaction(async (em) => {
      const clusterYear = await clusterYears.findOrFailForUpdate(em, cluster, YEAR);
      const data = await clusterYears.loadData(em, clusterYear);
      const batch = writes.map(([index, dto]) => {
        const membership = data.memberships.find((m) => m.unitId === units[index]);
        if (!membership) throw new Error(`unit ${index} is not a member`);
        return { membership, dto, reason: 'ghi theo lô' };
      });
      await results.writeUnits(em, data, batch, { action: 'import' });
    });
  };

  const resultsOf = async (index: number): Promise<{ version: number; results: Array<Record<string, unknown>> }> => {
    const response = await admin.get<{ version: number; results: Array<Record<string, unknown>> }>(url(units[index]));
    expect(response.status).toBe(200);
    return response.body;
  };
  const auditOf = (index: number) =>
    latestAudit(admin, { entityType: 'results', clusterId: cluster, year: YEAR, unitId: units[index] });

  beforeAll(async () => {
    app = await createTestApp();
    admin = api(app);
    units = await createUnits(admin, 3, 'Ban ghi theo lô', 'LO-');
    cluster = await createCluster(admin, { code: 'LO-A', name: 'Cụm ghi theo lô' });
    await putClusterYear(admin, cluster, YEAR, clusterYearBody(units));
    const put = await admin.put(url(units[0]), { results: [{ criterionCode: '1.2', selfScore: 30 }] });
    expect(put.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('stores and audits each unit of a batch as PUT does', async () => {
    const audits = await auditTotal(admin);
    const entered = await auditOf(0);
    await writeBatch([
      [
        0,
        {
          version: 2,
          results: [
            { criterionCode: '1.2', selfScore: 35.25, note: 'Đã bổ sung minh chứng' },
            { criterionCode: '1.1', actual: 87.5 },
          ],
        },
      ],
      [1, { version: 1, results: [{ criterionCode: '1.2', selfScore: 20, reviewedScore: 18, reviewReason: 'Thiếu' }] }],
    ]);
    expect(await auditTotal(admin)).toBe(audits + 2);

    const first = await resultsOf(0);
    expect(first.version).toBe(3);
    expect(first.results).toEqual([
      expect.objectContaining({ criterionCode: '1.1', actual: 87.5, note: null }),
      expect.objectContaining({ criterionCode: '1.2', selfScore: 35.25, note: 'Đã bổ sung minh chứng' }),
    ]);
    expect((await resultsOf(1)).version).toBe(2);

    const batchEntry = await auditOf(0);
    expect(batchEntry).toMatchObject({
      action: 'import',
      reason: 'ghi theo lô',
      entityId: `${cluster}/${YEAR}/${units[0]}`,
    });
    expect(batchEntry.before).toEqual(entered.after);
    // A PUT that changes nothing reads the stored rows back for its "before": the batch's "after".
    const again = await admin.put(url(units[0]), {
      version: 3,
      results: [
        { criterionCode: '1.1', actual: 87.5 },
        { criterionCode: '1.2', selfScore: 35.25, note: 'Đã bổ sung minh chứng' },
      ],
    });
    expect(again.status).toBe(200);
    const putEntry = await auditOf(0);
    expect(putEntry.before).toEqual(batchEntry.after);
    expect(putEntry.after).toEqual(batchEntry.after);
    expect(batchEntry.after).toEqual({
      results: [
        { criterionCode: '1.1', actual: 87.5, selfScore: null, reviewedScore: null, note: null, reviewReason: null },
        {
          criterionCode: '1.2',
          actual: null,
          selfScore: 35.25,
          reviewedScore: null,
          note: 'Đã bổ sung minh chứng',
          reviewReason: null,
        },
      ],
      veto: null,
      ratingOverride: null,
    });
  });

  it('refuses the whole batch when one version is stale, with that unit as it is now; nothing is written', async () => {
    const before = [await resultsOf(0), await resultsOf(1), await resultsOf(2)];
    const audits = await auditTotal(admin);
    const refused = writeBatch([
      [2, { version: 1, results: [{ criterionCode: '1.2', selfScore: 10 }] }],
      [1, { version: 1, results: [{ criterionCode: '1.2', selfScore: 11 }] }], // stale: it is 2
      [0, { version: before[0].version, results: [] }],
    ]);
    await expect(refused).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      current: { version: 2, results: expect.arrayContaining([expect.objectContaining({ selfScore: 20 })]) },
    });
    expect([await resultsOf(0), await resultsOf(1), await resultsOf(2)]).toEqual(before);
    expect(await auditTotal(admin)).toBe(audits);
  });
});
