/**
 * A cluster-year built from nothing through the API gives the scores, ratings, ranks and summary
 * that the rules of docs/rules.md give by hand. Every expected number below is worked out in a comment.
 *
 * Scoring table (MS = max points), a 3-level tree:
 *   I    Công tác chuyên môn (declares 70 = 20 + 10 + 10 + 20 + 10)
 *     I.1  Chỉ tiêu ký kết
 *       1.1  target, proportional, at least, MS 20, default target 100 (signed: A 90, C 80)
 *       1.2  target, proportional, at most,  MS 10, default target 2   (signed: D 3)
 *       1.3  target, all-or-nothing, at least, MS 10, default target 50
 *       1.4  target, relative-to-leader, at least, MS 20, default target 100
 *     I.2  Chấm trực tiếp
 *       2.1  graded, direct, MS 10
 *   II   Phong trào
 *     3.1  graded, per-occurrence, 5 points each, MS 20
 *     3.2  graded, all-or-nothing (yes = 1 / no = 0), MS 10
 *   III  Điểm cộng, điểm trừ
 *     4.1  bonus, direct, MS 5
 *     4.2  penalty, per-occurrence, 2 points each, MS 10
 * Maximum total (target + graded leaves) = 20 + 10 + 10 + 20 + 10 + 20 + 10 = 100.
 * Ratings: ≥ 90 EXCELLENT, ≥ 70 GOOD, ≥ 50 COMPLETED, else NOT_COMPLETED; a veto caps at COMPLETED.
 * Tie-breakers: targets met, then fewer penalty points, then women share ≥ 70%.
 *
 * Units: A (top scorer, vetoed), B, C, D (three-way tie at 75), E, G (a tie that stays), H (renamed
 * in 2025), F (left the cluster on 1 July 2024).
 *
 * Relative-to-leader (1.4, MS 20, target 100 for everyone): e = (actual − 100)/100.
 *   A 120 → e 0.2, B 120 → e 0.2: the leaders (tied) → 20 each.
 *   C 100 → e 0 (exactly on target) → 0.5 × 20 = 10.
 *   D  80 → below → 0.5 × 20 × 80/100 = 8.
 *   E 110, G 110 → e 0.1 → 10 + 10 × 0.1/0.2 = 15.      H 105 → e 0.05 → 10 + 10 × 0.05/0.2 = 12.5.
 *   F 150 → e 0.5, but F left and cannot lead; e ≥ e_leader → capped at MS = 20.
 *
 * Leaf finals per unit (1.1, 1.2, 1.3, 1.4 | 2.1 | 3.1, 3.2 | 4.1 bonus, 4.2 penalty):
 *   A: 1.1 20×60/90 = 13.333…; 1.2 10×2/4 = 5; 1.3 60 ≥ 50 → 10; 1.4 20 | reviewed 9 (self 10) |
 *      5×5 = 25 capped at 20; yes → 10 | bonus 5, penalty 0×2 = 0
 *      base = 13.333… + 5 + 10 + 20 + 9 + 20 + 10 = 87.333…; total = 87.333… + 5 − 0 = 92.333…
 *      targets met: 1.3, 1.4 → 2 of 4. 92.333 ≥ 90 → EXCELLENT, vetoed → COMPLETED.
 *   B: 1.1 100/100 → 20; 1.2 actual 0 → full 10; 1.3 50 ≥ 50 → 10; 1.4 20 | self 7 | 2×5 = 10; no → 0 |
 *      penalty 1×2 = 2.  base = 60 + 17 = 77; total = 77 − 2 = 75 → GOOD. Targets met 4.
 *   C: 1.1 20×60/80 = 15; 1.2 2 ≤ 2 → 10; 1.3 40 < 50 → 0; 1.4 10 | self 10 | 4×5 = 20; yes → 10 |
 *      bonus 2, penalty 2.  base = 35 + 40 = 75; total = 75 + 2 − 2 = 75 → GOOD. Targets met 1.2, 1.4 → 2.
 *   D: 1.1 20×90/100 = 18; 1.2 3 ≤ 3 (signed 3) → 10; 1.3 10; 1.4 8 | self 6 | 3×5 = 15; yes → 10 |
 *      penalty 2.  base = 46 + 31 = 77; total = 77 − 2 = 75 → GOOD. Targets met 1.2, 1.3 → 2.
 *   E: 1.1 20×50/100 = 10; 1.2 10×2/5 = 4; 1.3 0; 1.4 15 | self 5 | 1×5 = 5; no → 0 | penalty 3×2 = 6.
 *      base = 29 + 10 = 39; total = 33 → NOT_COMPLETED. Targets met 1.4 → 1.
 *   G: 1.1 20×40/100 = 8; 1.2 10×2/4 = 5; 1.3 0; 1.4 15 | reviewed 6 = self 6 | 5; 0 | penalty 6.
 *      base = 28 + 11 = 39; total = 33 → NOT_COMPLETED. Targets met 1.4 → 1.
 *   H: 1.1 110 ≥ 100 → 20; 1.2 1 ≤ 2 → 10; 1.3 10; 1.4 12.5 | self 10 | 4×5 = 20; yes → 10 | bonus 1, penalty 2.
 *      base = 52.5 + 40 = 92.5; total = 92.5 + 1 − 2 = 91.5 → EXCELLENT. Targets met 4.
 *   F (left): only 1.4 = 20 and 2.1 self 10 → total 30; listed, not rated, not ranked.
 *
 * Ranking: A 92.333 (1), H 91.5 (2), then B, C, D all 75:
 *   targets met B 4 > C 2 = D 2 → B 3rd (decided by targets-met);
 *   C, D: penalty 2 = 2; women share D 75% ≥ 70, C none → D 4th, C 5th (decided by women-share).
 *   E, G both 33, targets met 1 = 1, penalty 6 = 6, women share none vs 65% (< 70: no preference)
 *   → still tied: both 6th, tied, decidedBy null.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { putClusterYear, ruleSetBody } from '../factories/cluster-year.factory.js';
import { createUnit } from '../factories/units.factory.js';

type Source = 'computed' | 'self' | 'reviewed' | 'none';
type Leaf = [final: number, source: Source, met: boolean | null];

const LEAF_CODES = ['1.1', '1.2', '1.3', '1.4', '2.1', '3.1', '3.2', '4.1', '4.2'] as const;
const NAMES = {
  A: 'Ban Tuyên giáo Quận 1',
  B: 'Ban Tuyên giáo Quận 3',
  C: 'Ban Tuyên giáo Quận 5',
  D: 'Ban Tuyên giáo Quận 10',
  E: 'Ban Tuyên giáo Quận Bình Thạnh',
  F: 'Ban Tuyên giáo Quận 2',
  G: 'Ban Tuyên giáo Quận Gò Vấp',
  H: 'Ban Tuyên giáo Quận Phú Nhuận',
} as const;
type Key = keyof typeof NAMES;
const H_NEW_NAME = 'Ban Tuyên giáo Phường Phú Nhuận';

/** What each unit enters (see the header for the arithmetic). */
const ENTRIES: Record<Key, Record<string, unknown>[]> = {
  A: [
    { criterionCode: '1.1', actual: 60 },
    { criterionCode: '1.2', actual: 4 },
    { criterionCode: '1.3', actual: 60 },
    { criterionCode: '1.4', actual: 120 },
    { criterionCode: '2.1', selfScore: 10, reviewedScore: 9, reviewReason: 'Thiếu minh chứng một buổi sinh hoạt' },
    { criterionCode: '3.1', actual: 5 },
    { criterionCode: '3.2', actual: 1 },
    { criterionCode: '4.1', selfScore: 5 },
    { criterionCode: '4.2', actual: 0 },
  ],
  B: [
    { criterionCode: '1.1', actual: 100 },
    { criterionCode: '1.2', actual: 0 },
    { criterionCode: '1.3', actual: 50 },
    { criterionCode: '1.4', actual: 120 },
    { criterionCode: '2.1', selfScore: 7 },
    { criterionCode: '3.1', actual: 2 },
    { criterionCode: '3.2', actual: 0 },
    { criterionCode: '4.2', actual: 1 },
  ],
  C: [
    { criterionCode: '1.1', actual: 60 },
    { criterionCode: '1.2', actual: 2 },
    { criterionCode: '1.3', actual: 40 },
    { criterionCode: '1.4', actual: 100 },
    { criterionCode: '2.1', selfScore: 10 },
    { criterionCode: '3.1', actual: 4 },
    { criterionCode: '3.2', actual: 1 },
    { criterionCode: '4.1', selfScore: 2 },
    { criterionCode: '4.2', actual: 1 },
  ],
  D: [
    { criterionCode: '1.1', actual: 90 },
    { criterionCode: '1.2', actual: 3 },
    { criterionCode: '1.3', actual: 50 },
    { criterionCode: '1.4', actual: 80 },
    { criterionCode: '2.1', selfScore: 6 },
    { criterionCode: '3.1', actual: 3 },
    { criterionCode: '3.2', actual: 1 },
    { criterionCode: '4.2', actual: 1 },
  ],
  E: [
    { criterionCode: '1.1', actual: 50 },
    { criterionCode: '1.2', actual: 5 },
    { criterionCode: '1.3', actual: 30 },
    { criterionCode: '1.4', actual: 110 },
    { criterionCode: '2.1', selfScore: 5 },
    { criterionCode: '3.1', actual: 1 },
    { criterionCode: '3.2', actual: 0 },
    { criterionCode: '4.2', actual: 3 },
  ],
  F: [
    { criterionCode: '1.4', actual: 150 },
    { criterionCode: '2.1', selfScore: 10 },
  ],
  G: [
    { criterionCode: '1.1', actual: 40 },
    { criterionCode: '1.2', actual: 4 },
    { criterionCode: '1.3', actual: 0 },
    { criterionCode: '1.4', actual: 110 },
    { criterionCode: '2.1', selfScore: 6, reviewedScore: 6 },
    { criterionCode: '3.1', actual: 1 },
    { criterionCode: '3.2', actual: 0 },
    { criterionCode: '4.2', actual: 3 },
  ],
  H: [
    { criterionCode: '1.1', actual: 110 },
    { criterionCode: '1.2', actual: 1 },
    { criterionCode: '1.3', actual: 70 },
    { criterionCode: '1.4', actual: 105 },
    { criterionCode: '2.1', selfScore: 10 },
    { criterionCode: '3.1', actual: 4 },
    { criterionCode: '3.2', actual: 1 },
    { criterionCode: '4.1', selfScore: 1 },
    { criterionCode: '4.2', actual: 1 },
  ],
};

const THIRD = 40 / 3; // 20 × 60/90 = 13.333…

/** Expected [final, source, met] per leaf, in LEAF_CODES order (arithmetic in the header). */
const LEAVES: Record<Key, Leaf[]> = {
  A: [
    [THIRD, 'computed', false],
    [5, 'computed', false],
    [10, 'computed', true],
    [20, 'computed', true],
    [9, 'reviewed', null],
    [20, 'computed', null],
    [10, 'computed', null],
    [5, 'self', null],
    [0, 'computed', null],
  ],
  B: [
    [20, 'computed', true],
    [10, 'computed', true],
    [10, 'computed', true],
    [20, 'computed', true],
    [7, 'self', null],
    [10, 'computed', null],
    [0, 'computed', null],
    [0, 'none', null],
    [2, 'computed', null],
  ],
  C: [
    [15, 'computed', false],
    [10, 'computed', true],
    [0, 'computed', false],
    [10, 'computed', true],
    [10, 'self', null],
    [20, 'computed', null],
    [10, 'computed', null],
    [2, 'self', null],
    [2, 'computed', null],
  ],
  D: [
    [18, 'computed', false],
    [10, 'computed', true],
    [10, 'computed', true],
    [8, 'computed', false],
    [6, 'self', null],
    [15, 'computed', null],
    [10, 'computed', null],
    [0, 'none', null],
    [2, 'computed', null],
  ],
  E: [
    [10, 'computed', false],
    [4, 'computed', false],
    [0, 'computed', false],
    [15, 'computed', true],
    [5, 'self', null],
    [5, 'computed', null],
    [0, 'computed', null],
    [0, 'none', null],
    [6, 'computed', null],
  ],
  F: [
    [0, 'none', null],
    [0, 'none', null],
    [0, 'none', null],
    [20, 'computed', true],
    [10, 'self', null],
    [0, 'none', null],
    [0, 'none', null],
    [0, 'none', null],
    [0, 'none', null],
  ],
  G: [
    [8, 'computed', false],
    [5, 'computed', false],
    [0, 'computed', false],
    [15, 'computed', true],
    [6, 'reviewed', null],
    [5, 'computed', null],
    [0, 'computed', null],
    [0, 'none', null],
    [6, 'computed', null],
  ],
  H: [
    [20, 'computed', true],
    [10, 'computed', true],
    [10, 'computed', true],
    [12.5, 'computed', true],
    [10, 'self', null],
    [20, 'computed', null],
    [10, 'computed', null],
    [1, 'self', null],
    [2, 'computed', null],
  ],
};

/** Expected totals: base + bonus − penalty (header). */
const TOTALS: Record<Key, { base: number; bonus: number; penalty: number; total: number }> = {
  A: { base: 87 + 1 / 3, bonus: 5, penalty: 0, total: 92 + 1 / 3 },
  B: { base: 77, bonus: 0, penalty: 2, total: 75 },
  C: { base: 75, bonus: 2, penalty: 2, total: 75 },
  D: { base: 77, bonus: 0, penalty: 2, total: 75 },
  E: { base: 39, bonus: 0, penalty: 6, total: 33 },
  F: { base: 30, bonus: 0, penalty: 0, total: 30 },
  G: { base: 39, bonus: 0, penalty: 6, total: 33 },
  H: { base: 92.5, bonus: 1, penalty: 2, total: 91.5 },
};

/** Each unit's target per target leaf: signed where given, else the default. */
const TARGETS: Record<Key, [number, number, number, number]> = {
  A: [90, 2, 50, 100],
  B: [100, 2, 50, 100],
  C: [80, 2, 50, 100],
  D: [100, 3, 50, 100],
  E: [100, 2, 50, 100],
  F: [100, 2, 50, 100],
  G: [100, 2, 50, 100],
  H: [100, 2, 50, 100],
};

describe('a cluster-year built from nothing through the API', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;
  let clusterId: number;
  const id = {} as Record<Key, number>;
  let yearBody: Record<string, unknown>;
  const base = (year: number): string => `/api/clusters/${clusterId}/years/${year}`;

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
    for (const key of Object.keys(NAMES) as Key[]) id[key] = await createUnit(client, NAMES[key]);
    // Women share: D qualifies for the legal preference (≥ 70%), G does not (65%).
    expect((await client.patch(`/api/units/${id.D}`, { womenShares: [{ year: 2024, percent: 75 }] })).status).toBe(200);
    expect((await client.patch(`/api/units/${id.G}`, { womenShares: [{ year: 2024, percent: 65 }] })).status).toBe(200);
    clusterId = await createCluster(client, { code: 'CUM-TEST', name: 'Cụm thi đua thử nghiệm', kind: 'cluster' });

    yearBody = {
      members: [id.A, id.B, id.C, id.D, id.E, id.F, id.G, id.H],
      movements: [{ unitId: id.F, leftOn: '2024-07-01' }],
      headUnitId: id.C,
      deputyUnitId: id.D,
      nextHeadUnitId: id.H,
      nextDeputyUnitId: id.B,
      covenantDate: '2024-02-20',
      conferenceDate: '2024-12-10',
      ruleSet: ruleSetBody({
        thresholds: { excellent: 90, good: 70, completed: 50 },
        vetoCap: 'COMPLETED',
        tieBreakers: [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }, { kind: 'women-share' }],
        displayDecimals: 2,
      }),
      scoringTable: [
        { code: 'I', title: 'Công tác chuyên môn', maxPoints: 70 },
        { code: 'I.1', title: 'Chỉ tiêu ký kết', parentCode: 'I' },
        {
          code: '1.1',
          title: 'Tỷ lệ đảng viên học tập nghị quyết',
          parentCode: 'I.1',
          kind: 'target',
          method: 'proportional',
          direction: 'at-least',
          maxPoints: 20,
          defaultTarget: 100,
          unitOfMeasure: '%',
          targets: [
            { unitId: id.A, value: 90 },
            { unitId: id.C, value: 80 },
          ],
        },
        {
          code: '1.2',
          title: 'Số báo cáo nộp trễ',
          parentCode: 'I.1',
          kind: 'target',
          method: 'proportional',
          direction: 'at-most',
          maxPoints: 10,
          defaultTarget: 2,
          unitOfMeasure: 'báo cáo',
          targets: [{ unitId: id.D, value: 3 }],
        },
        {
          code: '1.3',
          title: 'Số tin bài tuyên truyền',
          parentCode: 'I.1',
          kind: 'target',
          method: 'all-or-nothing',
          direction: 'at-least',
          maxPoints: 10,
          defaultTarget: 50,
          unitOfMeasure: 'tin bài',
        },
        {
          code: '1.4',
          title: 'Số buổi báo cáo viên',
          parentCode: 'I.1',
          kind: 'target',
          method: 'relative-to-leader',
          direction: 'at-least',
          maxPoints: 20,
          defaultTarget: 100,
          unitOfMeasure: 'buổi',
        },
        { code: 'I.2', title: 'Chấm trực tiếp', parentCode: 'I' },
        {
          code: '2.1',
          title: 'Chất lượng báo cáo',
          parentCode: 'I.2',
          kind: 'graded',
          method: 'direct',
          maxPoints: 10,
        },
        { code: 'II', title: 'Phong trào' },
        {
          code: '3.1',
          title: 'Tập huấn (5 điểm mỗi buổi, tối đa 20)',
          parentCode: 'II',
          kind: 'graded',
          method: 'per-occurrence',
          maxPoints: 20,
          pointsPerOccurrence: 5,
        },
        {
          code: '3.2',
          title: 'Có mô hình điểm',
          parentCode: 'II',
          kind: 'graded',
          method: 'all-or-nothing',
          maxPoints: 10,
        },
        { code: 'III', title: 'Điểm cộng, điểm trừ' },
        { code: '4.1', title: 'Sáng kiến', parentCode: 'III', kind: 'bonus', method: 'direct', maxPoints: 5 },
        {
          code: '4.2',
          title: 'Vi phạm (2 điểm mỗi lần)',
          parentCode: 'III',
          kind: 'penalty',
          method: 'per-occurrence',
          maxPoints: 10,
          pointsPerOccurrence: 2,
        },
      ],
    };
    await putClusterYear(client, clusterId, 2024, yearBody);

    for (const key of Object.keys(NAMES) as Key[]) {
      const body: Record<string, unknown> = { results: ENTRIES[key] };
      if (key === 'A') body.veto = { reason: 'Vi phạm nghiêm trọng quy chế phát ngôn' };
      const response = await client.put(`${base(2024)}/results/${id[key]}`, body);
      if (response.status !== 200)
        throw new Error(`results of ${key}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('stores the cluster-year as sent: members, movement, leadership, rule set and maximum total 100', async () => {
    const year = await client.get(base(2024));
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({
      clusterId,
      clusterCode: 'CUM-TEST',
      year: 2024,
      status: 'open',
      members: [id.A, id.B, id.C, id.D, id.E, id.F, id.G, id.H],
      movements: [{ unitId: id.F, joinedOn: null, leftOn: '2024-07-01' }],
      head: { id: id.C, name: NAMES.C },
      deputy: { id: id.D, name: NAMES.D },
      nextHead: { id: id.H, name: NAMES.H },
      nextDeputy: { id: id.B, name: NAMES.B },
      covenantDate: '2024-02-20',
      conferenceDate: '2024-12-10',
      ruleSet: {
        thresholds: { excellent: 90, good: 70, completed: 50 },
        vetoCap: 'COMPLETED',
        tieBreakers: [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }, { kind: 'women-share' }],
        displayDecimals: 2,
        maxTotal: null,
      },
      // 20 + 10 + 10 + 20 (targets) + 10 + 20 + 10 (graded); bonus and penalty are extra
      effectiveMaxTotal: 100,
    });
    expect(year.body.scoringTable.map((c: { code: string }) => c.code)).toEqual([
      'I',
      'I.1',
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      'I.2',
      '2.1',
      'II',
      '3.1',
      '3.2',
      'III',
      '4.1',
      '4.2',
    ]);
    const table = new Map(year.body.scoringTable.map((c: { code: string }) => [c.code, c]));
    expect(table.get('1.1')).toMatchObject({
      parentCode: 'I.1',
      targets: [
        { unitId: id.A, value: 90 },
        { unitId: id.C, value: 80 },
      ],
    });
    expect(table.get('1.2')).toMatchObject({ direction: 'at-most', targets: [{ unitId: id.D, value: 3 }] });
    expect(table.get('1.4')).toMatchObject({ method: 'relative-to-leader', defaultTarget: 100, targets: [] });
    expect(table.get('I')).toMatchObject({ parentCode: null, maxPoints: 70, kind: null });
  });

  it.each(Object.keys(NAMES) as Key[])('scores every leaf of unit %s as worked out by hand', async (key) => {
    const response = await client.get(`${base(2024)}/results/${id[key]}`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ clusterId, year: 2024, unitId: id[key], name: NAMES[key] });
    expect(body.results.map((r: { criterionCode: string }) => r.criterionCode)).toEqual([...LEAF_CODES]);
    body.results.forEach((leaf: Record<string, any>, i: number) => {
      const [final, source, met] = LEAVES[key][i];
      const where = `${key} ${leaf.criterionCode}`;
      expect([where, leaf.final]).toEqual([where, expect.closeTo(final, 6)]);
      expect([where, leaf.source]).toEqual([where, source]);
      expect([where, leaf.met]).toEqual([where, met]);
      // computed is what the method gives from `actual`; direct and not-entered leaves compute nothing
      const computed = source === 'computed' ? final : null;
      if (computed === null) expect([where, leaf.computed]).toEqual([where, null]);
      else expect([where, leaf.computed]).toEqual([where, expect.closeTo(computed, 6)]);
      expect([where, leaf.target]).toEqual([where, i < 4 ? TARGETS[key][i] : null]);
    });
    expect(body.base).toBeCloseTo(TOTALS[key].base, 6);
    expect(body.bonus).toBeCloseTo(TOTALS[key].bonus, 6);
    expect(body.penalty).toBeCloseTo(TOTALS[key].penalty, 6);
    expect(body.total).toBeCloseTo(TOTALS[key].total, 6);
  });

  it('shows which score counts on the reviewed, self-scored, capped and at-most leaves', async () => {
    const a = (await client.get(`${base(2024)}/results/${id.A}`)).body;
    const leafA = (code: string) => a.results.find((r: { criterionCode: string }) => r.criterionCode === code);
    // reviewed 9 beats self 10; the reason is kept; a direct leaf computes nothing
    expect(leafA('2.1')).toMatchObject({
      kind: 'graded',
      method: 'direct',
      maxPoints: 10,
      selfScore: 10,
      reviewedScore: 9,
      reviewReason: 'Thiếu minh chứng một buổi sinh hoạt',
      computed: null,
      final: 9,
      source: 'reviewed',
    });
    // 5 sessions × 5 = 25, capped at 20
    expect(leafA('3.1')).toMatchObject({ actual: 5, computed: 20, final: 20, source: 'computed', met: null });
    // at most 2 late reports, 4 late: 10 × 2/4 = 5, not met
    expect(leafA('1.2')).toMatchObject({ direction: 'at-most', target: 2, actual: 4, computed: 5, met: false });
    // at least 90 (signed), 60 done: 20 × 60/90
    expect(leafA('1.1').computed).toBeCloseTo(40 / 3, 6);
    expect(leafA('1.1')).toMatchObject({ target: 90, actual: 60, met: false, source: 'computed' });
    expect(a).toMatchObject({
      veto: { reason: 'Vi phạm nghiêm trọng quy chế phát ngôn' },
      ratingOverride: null,
      computedRating: 'EXCELLENT',
      rating: 'COMPLETED',
      rank: 1,
      targetsMet: 2,
      targetsSigned: 4,
    });
    // groups: I.1 = 13.333 + 5 + 10 + 20 = 48.333; I.2 = 9; I = 57.333; II = 20 + 10; III = 5 − 0
    const groups = new Map(a.groups.map((g: { code: string }) => [g.code, g]));
    expect(groups.get('I.1')).toMatchObject({ maxPoints: 60 });
    expect((groups.get('I.1') as { score: number }).score).toBeCloseTo(145 / 3, 6);
    expect(groups.get('I.2')).toMatchObject({ score: 9, maxPoints: 10 });
    expect(groups.get('I')).toMatchObject({ maxPoints: 70 });
    expect((groups.get('I') as { score: number }).score).toBeCloseTo(172 / 3, 6);
    expect(groups.get('II')).toMatchObject({ score: 30, maxPoints: 30 });
    // the penalty leaf does not count towards a group's maximum; the bonus leaf does
    expect(groups.get('III')).toMatchObject({ score: 5, maxPoints: 5 });

    const b = (await client.get(`${base(2024)}/results/${id.B}`)).body;
    const leafB = (code: string) => b.results.find((r: { criterionCode: string }) => r.criterionCode === code);
    // at most, actual 0: full points
    expect(leafB('1.2')).toMatchObject({ actual: 0, computed: 10, final: 10, met: true });
    // B shares the relative-to-leader lead with A (both e = 0.2)
    expect(leafB('1.4')).toMatchObject({ actual: 120, computed: 20, met: true });
    // nothing entered for the bonus: 0, from nowhere
    expect(leafB('4.1')).toMatchObject({ actual: null, selfScore: null, computed: null, final: 0, source: 'none' });
    // III = 0 bonus − 2 penalty
    expect(b.groups.find((g: { code: string }) => g.code === 'III')).toMatchObject({ score: -2 });

    const c = (await client.get(`${base(2024)}/results/${id.C}`)).body;
    // exactly on target: half the points, and met
    expect(c.results.find((r: { criterionCode: string }) => r.criterionCode === '1.4')).toMatchObject({
      target: 100,
      actual: 100,
      computed: 10,
      met: true,
    });
    const g = (await client.get(`${base(2024)}/results/${id.G}`)).body;
    // a reviewed score equal to the self-score needs no reason, and still counts as reviewed
    expect(g.results.find((r: { criterionCode: string }) => r.criterionCode === '2.1')).toMatchObject({
      selfScore: 6,
      reviewedScore: 6,
      reviewReason: null,
      final: 6,
      source: 'reviewed',
    });
  });

  it('ranks, rates and explains every row of the standings', async () => {
    const response = await client.get(`${base(2024)}/standings`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ clusterId, year: 2024, maxTotal: 100, displayDecimals: 2, status: 'open' });
    const rows = response.body.rows;
    expect(rows.map((r: { unit: { id: number } }) => r.unit.id)).toEqual([
      id.A,
      id.H,
      id.B,
      id.D,
      id.C,
      id.E,
      id.G,
      id.F,
    ]);
    const expected: Record<Key, Record<string, unknown>> = {
      // 92.333 ≥ 90 → EXCELLENT, capped by the veto at COMPLETED; the rank is not affected
      A: {
        rank: 1,
        rating: 'COMPLETED',
        computedRating: 'EXCELLENT',
        vetoed: true,
        targetsMet: 2,
        decidedBy: 'total',
        tied: false,
      },
      H: {
        rank: 2,
        rating: 'EXCELLENT',
        computedRating: 'EXCELLENT',
        vetoed: false,
        targetsMet: 4,
        decidedBy: 'total',
        tied: false,
      },
      // 75 / 100 = 75% → GOOD; B has 4 targets met against 2
      B: { rank: 3, rating: 'GOOD', targetsMet: 4, decidedBy: 'targets-met', tied: false },
      // C and D: 2 targets met each, 2 penalty points each, only D has ≥ 70% women
      D: { rank: 4, rating: 'GOOD', targetsMet: 2, decidedBy: 'women-share', tied: false },
      C: { rank: 5, rating: 'GOOD', targetsMet: 2, decidedBy: 'women-share', tied: false },
      // 33 < 50 → NOT_COMPLETED; nothing separates E and G
      E: { rank: 6, rating: 'NOT_COMPLETED', targetsMet: 1, decidedBy: null, tied: true, decidedByLabel: 'Đồng hạng' },
      G: { rank: 6, rating: 'NOT_COMPLETED', targetsMet: 1, decidedBy: null, tied: true, decidedByLabel: 'Đồng hạng' },
      F: {
        rank: null,
        rating: null,
        computedRating: null,
        active: false,
        leftOn: '2024-07-01',
        targetsMet: 1,
        decidedBy: null,
        tied: false,
        decidedByLabel: 'Đã rời cụm',
      },
    };
    for (const key of Object.keys(expected) as Key[]) {
      const row = rows.find((r: { unit: { id: number } }) => r.unit.id === id[key]);
      expect(row).toMatchObject({
        unit: { id: id[key], name: NAMES[key] },
        targetsSigned: 4,
        active: key !== 'F',
        ...expected[key],
      });
      expect([key, row.total]).toEqual([key, expect.closeTo(TOTALS[key].total, 6)]);
      expect([key, row.penalty]).toEqual([key, TOTALS[key].penalty]);
    }
    expect(rows[0]).toMatchObject({ vetoReason: 'Vi phạm nghiêm trọng quy chế phát ngôn', totalDisplay: '92,33' });
    expect(rows[1]).toMatchObject({ totalDisplay: '91,50', leafCount: 9, leavesEntered: 9 });
  });

  it('summarizes the year: counts with their denominators, targets, average, maximum, leading unit, leadership', async () => {
    const response = await client.get(`${base(2024)}/summary`);
    expect(response.status).toBe(200);
    const s = response.body;
    // F left mid-year: 7 units are counted, not 8
    expect(s).toMatchObject({
      year: 2024,
      unitCount: 7,
      maxPossibleTotal: 100,
      displayDecimals: 2,
      unitsWithoutResults: 0,
    });
    // EXCELLENT: H → 1/7 = 14.2857%; GOOD: B, C, D → 3/7 = 42.857%; COMPLETED: A (vetoed) → 1/7;
    // NOT_COMPLETED: E, G → 2/7 = 28.571%
    expect(s.ratings.EXCELLENT).toMatchObject({ count: 1, of: 7, display: '1/7 (14,29%)' });
    expect(s.ratings.GOOD).toMatchObject({ count: 3, of: 7, display: '3/7 (42,86%)' });
    expect(s.ratings.COMPLETED).toMatchObject({ count: 1, of: 7, display: '1/7 (14,29%)' });
    expect(s.ratings.NOT_COMPLETED).toMatchObject({ count: 2, of: 7, display: '2/7 (28,57%)' });
    expect(s.ratings.EXCELLENT.percent).toBeCloseTo(100 / 7, 6);
    expect(s.ratings.GOOD.percent).toBeCloseTo(300 / 7, 6);
    expect(s.ratings.COMPLETED.percent).toBeCloseTo(100 / 7, 6);
    expect(s.ratings.NOT_COMPLETED.percent).toBeCloseTo(200 / 7, 6);
    // targets met: A 2 + B 4 + C 2 + D 2 + E 1 + G 1 + H 4 = 16 of 7 × 4 = 28 → 57.142857%
    expect(s.targets).toMatchObject({ met: 16, signed: 28, display: '16/28 (57,14%)' });
    expect(s.targets.percent).toBeCloseTo(1600 / 28, 6);
    // average: (92.333… + 75 × 3 + 33 × 2 + 91.5) / 7 = 474.8333… / 7 = 67.8333…
    expect(s.averageTotal).toBeCloseTo(474.8333333333 / 7, 6);
    expect(s.maxTotal).toBeCloseTo(92 + 1 / 3, 6);
    // the leading unit is the best result (A, vetoed or not), not the head unit (C)
    expect(s.leadingUnits).toEqual([{ id: id.A, name: NAMES.A }]);
    expect(s.head).toEqual({ id: id.C, name: NAMES.C });
    expect(s.deputy).toEqual({ id: id.D, name: NAMES.D });
    expect(s.nextHead).toEqual({ id: id.H, name: NAMES.H });
    expect(s.nextDeputy).toEqual({ id: id.B, name: NAMES.B });
    expect(s.sentence).toBe('1/7 đơn vị hoàn thành xuất sắc nhiệm vụ (14,29%); 16/28 chỉ tiêu đạt (57,14%)');
    expect(s.previous).toBeNull();
    expect(s.change).toBeNull();
  });

  it('keeps results, targets, veto and movements when the same cluster-year is PUT again (200)', async () => {
    const year = (await client.get(base(2024))).body;
    const standings = (await client.get(`${base(2024)}/standings`)).body;
    const again = await client.put(base(2024), { ...yearBody, covenantDate: '2024-02-21' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      ...year,
      covenantDate: '2024-02-21',
      updatedAt: expect.any(String),
      version: year.version + 1,
    });
    expect((await client.get(`${base(2024)}/standings`)).body).toEqual(standings);
  });

  it("gives the cluster's row in the organizer's 2024 overview", async () => {
    const response = await client.get('/api/years/2024/summary');
    expect(response.status).toBe(200);
    expect(response.body.year).toBe(2024);
    const row = response.body.clusters.find((r: { clusterId: number }) => r.clusterId === clusterId);
    expect(row).toMatchObject({
      clusterCode: 'CUM-TEST',
      clusterName: 'Cụm thi đua thử nghiệm',
      kind: 'cluster',
      status: 'open',
      unitCount: 7,
      excellent: { count: 1, of: 7, display: '1/7 (14,29%)' },
      targets: { met: 16, signed: 28, display: '16/28 (57,14%)' },
      leadingUnits: [{ id: id.A, name: NAMES.A }],
      head: { id: id.C, name: NAMES.C },
      deputy: { id: id.D, name: NAMES.D },
      nextHead: { id: id.H, name: NAMES.H },
      nextDeputy: { id: id.B, name: NAMES.B },
    });
    expect(row.excellent.percent).toBeCloseTo(100 / 7, 6);
    expect(response.body.totals).toMatchObject({
      clusters: 1,
      unitCount: 7,
      excellent: { count: 1, of: 7 },
      targets: { met: 16, signed: 28 },
    });
  });

  it('copies 2024 into 2025: members still in the cluster, elected head and deputy, rules, table and targets, no results', async () => {
    const before = (await client.get(base(2024))).body;
    const copy = await client.post(`${base(2025)}/copy-from/2024`);
    expect(copy.status).toBe(201);
    // F left in 2024 and is not carried over; head/deputy are the ones elected for 2025
    expect(copy.body).toMatchObject({
      year: 2025,
      status: 'open',
      members: [id.A, id.B, id.C, id.D, id.E, id.G, id.H],
      movements: [],
      headUnitId: id.H,
      deputyUnitId: id.B,
      nextHeadUnitId: null,
      nextDeputyUnitId: null,
      covenantDate: null,
      conferenceDate: null,
      ruleSet: before.ruleSet,
      effectiveMaxTotal: 100,
    });
    expect(copy.body.scoringTable).toEqual(before.scoringTable);
    expect((await client.get(base(2025))).body).toEqual(copy.body);
    // 2024 is untouched
    expect((await client.get(base(2024))).body).toEqual(before);

    const results = await client.get(`${base(2025)}/results/${id.A}`);
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({ total: 0, veto: null, ratingOverride: null, targetsMet: 0, targetsSigned: 4 });
    expect(
      results.body.results.every((r: { source: string; actual: unknown }) => r.source === 'none' && r.actual === null),
    ).toBe(true);
    const standings = (await client.get(`${base(2025)}/standings`)).body;
    expect(standings.rows).toHaveLength(7);
    expect(
      standings.rows.every((r: { total: number; leavesEntered: number }) => r.total === 0 && r.leavesEntered === 0),
    ).toBe(true);

    const cluster = await client.get(`/api/clusters/${clusterId}`);
    expect(cluster.body.years).toEqual([
      { year: 2024, status: 'open' },
      { year: 2025, status: 'open' },
    ]);
  });

  it('prints the name a renamed unit had in each year', async () => {
    const renamed = await client.patch(`/api/units/${id.H}`, { rename: { name: H_NEW_NAME, from: '2025-03-01' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe(H_NEW_NAME);

    const rows2024 = (await client.get(`${base(2024)}/standings`)).body.rows;
    expect(rows2024.find((r: { unit: { id: number } }) => r.unit.id === id.H).unit.name).toBe(NAMES.H);
    const rows2025 = (await client.get(`${base(2025)}/standings`)).body.rows;
    expect(rows2025.find((r: { unit: { id: number } }) => r.unit.id === id.H).unit.name).toBe(H_NEW_NAME);
    expect((await client.get(`${base(2024)}/summary`)).body.nextHead).toEqual({ id: id.H, name: NAMES.H });
    expect((await client.get(base(2025))).body.head).toEqual({ id: id.H, name: H_NEW_NAME });
  });

  it("compares 2025 with 2024 in 2025's summary", async () => {
    // H enters a full year: 1.1 100/100 → 20; 1.2 0 late → 10; 1.3 50 → 10; 1.4 120, alone → leader 20;
    // 2.1 self 10; 3.1 4 × 5 = 20; 3.2 yes 10 → 100 points, 4 targets met. Everyone else: 0.
    const put = await client.put(`${base(2025)}/results/${id.H}`, {
      results: [
        { criterionCode: '1.1', actual: 100 },
        { criterionCode: '1.2', actual: 0 },
        { criterionCode: '1.3', actual: 50 },
        { criterionCode: '1.4', actual: 120 },
        { criterionCode: '2.1', selfScore: 10 },
        { criterionCode: '3.1', actual: 4 },
        { criterionCode: '3.2', actual: 1 },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ total: 100, rank: 1, rating: 'EXCELLENT', targetsMet: 4, name: H_NEW_NAME });

    const s = (await client.get(`${base(2025)}/summary`)).body;
    // 2025: 7 units; EXCELLENT 1/7 (H), NOT_COMPLETED 6/7 (total 0); targets 4/28; average 100/7; max 100
    expect(s).toMatchObject({ year: 2025, unitCount: 7, maxTotal: 100, unitsWithoutResults: 6 });
    expect(s.ratings.EXCELLENT).toMatchObject({ count: 1, of: 7 });
    expect(s.ratings.NOT_COMPLETED).toMatchObject({ count: 6, of: 7 });
    expect(s.targets).toMatchObject({ met: 4, signed: 28, display: '4/28 (14,29%)' });
    expect(s.averageTotal).toBeCloseTo(100 / 7, 6);
    expect(s.leadingUnits).toEqual([{ id: id.H, name: H_NEW_NAME }]);
    expect(s.head).toEqual({ id: id.H, name: H_NEW_NAME });
    expect(s.deputy).toEqual({ id: id.B, name: NAMES.B });
    expect(s.nextHead).toBeNull();
    expect(s.nextDeputy).toBeNull();

    // the previous year's figures, as in 2024's own summary
    expect(s.previous).toMatchObject({
      year: 2024,
      unitCount: 7,
      targets: { met: 16, signed: 28 },
      leadingUnits: [{ id: id.A, name: NAMES.A }],
      sentence: '1/7 đơn vị hoàn thành xuất sắc nhiệm vụ (14,29%); 16/28 chỉ tiêu đạt (57,14%)',
    });
    expect(s.previous.ratings.GOOD).toMatchObject({ count: 3, of: 7 });
    expect(s.previous.averageTotal).toBeCloseTo(474.8333333333 / 7, 6);

    // change = 2025 − 2024
    const c = s.change;
    expect(c.unitCount).toBe(0);
    expect(c.ratings.EXCELLENT).toEqual({ count: 0, percentPoints: 0 }); // 1/7 − 1/7
    expect(c.ratings.GOOD.count).toBe(-3); // 0 − 3
    expect(c.ratings.GOOD.percentPoints).toBeCloseTo(-300 / 7, 6);
    expect(c.ratings.COMPLETED.count).toBe(-1); // 0 − 1 (A)
    expect(c.ratings.NOT_COMPLETED.count).toBe(4); // 6 − 2
    expect(c.ratings.NOT_COMPLETED.percentPoints).toBeCloseTo(400 / 7, 6);
    expect(c.targets).toMatchObject({ met: -12, signed: 0 }); // 4 − 16, 28 − 28
    expect(c.targets.percentPoints).toBeCloseTo(400 / 28 - 1600 / 28, 6); // 14.29 − 57.14
    expect(c.averageTotal).toBeCloseTo(100 / 7 - 474.8333333333 / 7, 6);
    expect(c.maxTotal).toBeCloseTo(100 - (92 + 1 / 3), 6);
  });

  it('keeps a veto when results are re-entered without one, and applies a recorded rating override', async () => {
    // re-entering A's results without "veto" keeps the veto
    const again = await client.put(`${base(2024)}/results/${id.A}`, { results: ENTRIES.A });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      rating: 'COMPLETED',
      veto: { reason: 'Vi phạm nghiêm trọng quy chế phát ngôn' },
    });

    // the conference lifts E to COMPLETED; rank and tie are unchanged
    const override = await client.put(`${base(2024)}/results/${id.E}`, {
      results: ENTRIES.E,
      ratingOverride: { rating: 'COMPLETED', reason: 'Hội nghị xét hoàn cảnh sáp nhập' },
    });
    expect(override.status).toBe(200);
    const row = (await client.get(`${base(2024)}/standings`)).body.rows.find(
      (r: { unit: { id: number } }) => r.unit.id === id.E,
    );
    expect(row).toMatchObject({
      rank: 6,
      tied: true,
      rating: 'COMPLETED',
      computedRating: 'NOT_COMPLETED',
      overridden: true,
      overrideReason: 'Hội nghị xét hoàn cảnh sáp nhập',
    });
    const s = (await client.get(`${base(2024)}/summary`)).body;
    expect(s.ratings.COMPLETED).toMatchObject({ count: 2, of: 7 }); // A and E
    expect(s.ratings.NOT_COMPLETED).toMatchObject({ count: 1, of: 7 }); // G

    // null lifts the veto: A is rated on its points again
    const lifted = await client.put(`${base(2024)}/results/${id.A}`, { results: ENTRIES.A, veto: null });
    expect(lifted.body).toMatchObject({ veto: null, rating: 'EXCELLENT', computedRating: 'EXCELLENT' });
  });
});
