/**
 * Scores are exact where decisions are made, through the API and on either database: points are
 * fractions from the decimals as entered, rounded only in the JSON numbers and display strings.
 *
 * Table (maximum 100): three "at least 3" targets worth 10 each (1.1–1.3), a graded leaf worth 50
 * (2.1), a relative-to-leader target worth 10 on 9.000.000.000 (3.1) and an all-or-nothing target
 * worth 10 on 9.999.999.999 (3.2).
 *   A: 1 of 3 on each of 1.1–1.3 → 10/3 × 3 = 10 exactly; 2.1 self 40; 3.1 +2 on the target → the
 *      leader, 10; 3.2 9.999.999.998,9999 → not met, 0. Total 60.
 *   B: 2.1 self 40; 3.1 +1 → 5 + 5 × (1/9e9)/(2/9e9) = 7,5; 3.2 exactly on target → met, 10.
 *      Total 57,5.
 *   C: 1.1 1 of 3 → 10/3; 2.1 self 50; 3.1 exactly on target → 5; 3.2 not entered.
 *      Total 175/3 = 58,333… (display 58,33).
 *   D: 2.1 self 40; 3.1 +2 → a second leader, 10; 3.2 met, 10. Total 60: tied with A on points;
 *      the first tie-breaker (targets met: D 2, A 1) puts D first.
 * With maximum 100 and thresholds 90/70/60: 60 is exactly the "completed" threshold → COMPLETED,
 * not NOT_COMPLETED (which a total of 59,999999999 would get).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { putClusterYear, ruleSetBody } from '../factories/cluster-year.factory.js';
import { createUnit } from '../factories/units.factory.js';

const third = (code: string) => ({
  code,
  title: `Chỉ tiêu ${code}`,
  parentCode: 'I',
  kind: 'target',
  method: 'proportional',
  direction: 'at-least',
  maxPoints: 10,
  defaultTarget: 3,
});

describe('exact scores through the API', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;
  let base: string;
  const id: Record<'A' | 'B' | 'C' | 'D', number> = { A: 0, B: 0, C: 0, D: 0 };

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
    for (const key of ['A', 'B', 'C', 'D'] as const) id[key] = await createUnit(client, `Đơn vị ${key}`);
    const clusterId = await createCluster(client);
    base = `/api/clusters/${clusterId}/years/2024`;
    await putClusterYear(client, clusterId, 2024, {
      members: [id.A, id.B, id.C, id.D],
      headUnitId: id.A,
      deputyUnitId: id.B,
      ruleSet: ruleSetBody({ thresholds: { excellent: 90, good: 70, completed: 60 } }),
      scoringTable: [
        { code: 'I', title: 'Chỉ tiêu ký kết' },
        third('1.1'),
        third('1.2'),
        third('1.3'),
        { code: '2.1', title: 'Chấm trực tiếp', parentCode: 'I', kind: 'graded', method: 'direct', maxPoints: 50 },
        {
          code: '3.1',
          title: 'Doanh thu',
          parentCode: 'I',
          kind: 'target',
          method: 'relative-to-leader',
          direction: 'at-least',
          maxPoints: 10,
          defaultTarget: 9_000_000_000,
        },
        {
          code: '3.2',
          title: 'Tổng nguồn vốn',
          parentCode: 'I',
          kind: 'target',
          method: 'all-or-nothing',
          direction: 'at-least',
          maxPoints: 10,
          defaultTarget: 9_999_999_999,
        },
      ],
    });
    const entries: Record<keyof typeof id, Record<string, unknown>[]> = {
      A: [
        { criterionCode: '1.1', actual: 1 },
        { criterionCode: '1.2', actual: 1 },
        { criterionCode: '1.3', actual: 1 },
        { criterionCode: '2.1', selfScore: 40 },
        { criterionCode: '3.1', actual: 9_000_000_002 },
        { criterionCode: '3.2', actual: 9_999_999_998.9999 },
      ],
      B: [
        { criterionCode: '2.1', selfScore: 40 },
        { criterionCode: '3.1', actual: 9_000_000_001 },
        { criterionCode: '3.2', actual: 9_999_999_999 },
      ],
      C: [
        { criterionCode: '1.1', actual: 1 },
        { criterionCode: '2.1', selfScore: 50 },
        { criterionCode: '3.1', actual: 9_000_000_000 },
      ],
      D: [
        { criterionCode: '2.1', selfScore: 40 },
        { criterionCode: '3.1', actual: 9_000_000_002 },
        { criterionCode: '3.2', actual: 9_999_999_999 },
      ],
    };
    for (const key of ['A', 'B', 'C', 'D'] as const) {
      const response = await client.put(`${base}/results/${id[key]}`, { results: entries[key] });
      expect(response.status).toBe(200);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('ranks and rates on exact totals', async () => {
    const response = await client.get(`${base}/standings`);
    expect(response.status).toBe(200);
    const rows = (response.body.rows as Record<string, any>[]).map((row) => [
      row.unit.id,
      row.rank,
      row.total,
      row.totalDisplay,
      row.rating,
      row.decidedBy,
      row.targetsMet,
    ]);
    expect(rows).toEqual([
      [id.D, 1, 60, '60,00', 'COMPLETED', 'targets-met', 2],
      [id.A, 2, 60, '60,00', 'COMPLETED', 'targets-met', 1],
      [id.C, 3, 175 / 3, '58,33', 'NOT_COMPLETED', 'total', 1],
      [id.B, 4, 57.5, '57,50', 'NOT_COMPLETED', 'total', 2],
    ]);
  });

  it('shows each leaf: 10/3 per third, an excess of 1 on 9.000.000.000 still counts, 0,0001 short is not met', async () => {
    const leaves = async (key: keyof typeof id): Promise<Record<string, Record<string, unknown>>> => {
      const response = await client.get(`${base}/results/${id[key]}`);
      expect(response.status).toBe(200);
      return Object.fromEntries(
        (response.body.results as Record<string, unknown>[]).map((leaf) => [leaf.criterionCode, leaf]),
      );
    };
    const a = await leaves('A');
    expect(a['1.1']).toMatchObject({ final: 10 / 3, met: false });
    expect(a['3.1']).toMatchObject({ final: 10, met: true });
    expect(a['3.2']).toMatchObject({ final: 0, met: false });
    const b = await leaves('B');
    expect(b['3.1']).toMatchObject({ final: 7.5, met: true });
    expect(b['3.2']).toMatchObject({ final: 10, met: true });
    const c = await leaves('C');
    expect(c['3.1']).toMatchObject({ final: 5, met: true });
  });

  it('summarizes from the exact totals', async () => {
    const response = await client.get(`${base}/summary`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      unitCount: 4,
      maxTotal: 60,
      averageTotal: (60 + 60 + 175 / 3 + 57.5) / 4,
      leadingUnits: [{ id: id.D }],
      ratings: { COMPLETED: { count: 2, of: 4, percent: 50 } },
      targets: { met: 6, signed: 20, percent: 30 }, // A 1, B 2, C 1, D 2 of 5 each
    });
  });
});
