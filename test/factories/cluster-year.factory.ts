import type { Api } from './units.factory.js';

/** A small valid scoring table: one group of a target leaf (60 points) and a graded leaf (40 points). */
export function simpleScoringTable(): Record<string, unknown>[] {
  return [
    { code: 'I', title: 'Công tác chuyên môn' },
    {
      code: '1.1',
      title: 'Tỷ lệ đảng viên học tập nghị quyết',
      parentCode: 'I',
      kind: 'target',
      method: 'proportional',
      direction: 'at-least',
      maxPoints: 60,
      defaultTarget: 100,
      unitOfMeasure: '%',
    },
    { code: '1.2', title: 'Chất lượng báo cáo', parentCode: 'I', kind: 'graded', method: 'direct', maxPoints: 40 },
  ];
}

/** The default-like rule set (90/70/50, veto caps at COMPLETED). */
export function ruleSetBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    thresholds: { excellent: 90, good: 70, completed: 50 },
    vetoCap: 'COMPLETED',
    tieBreakers: [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }, { kind: 'women-share' }],
    displayDecimals: 2,
    ...overrides,
  };
}

/** A valid PUT /api/clusters/:id/years/:year body: the first member is head, the second deputy. */
export function clusterYearBody(
  members: readonly number[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    members: [...members],
    headUnitId: members[0] ?? null,
    deputyUnitId: members[1] ?? null,
    ruleSet: ruleSetBody(),
    scoringTable: simpleScoringTable(),
    ...overrides,
  };
}

/** PUTs a cluster-year and checks it was accepted (201 created or 200 replaced). */
export async function putClusterYear(
  client: Api,
  clusterId: number,
  year: number,
  body: Record<string, unknown>,
): Promise<Record<string, any>> {
  const response = await client.put(`/api/clusters/${clusterId}/years/${year}`, body);
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`PUT cluster-year ${year} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}
