import { describe, expect, it } from '@jest/globals';
import { reportChoices, type ReportClusterInput } from './excel-report-choices.js';

const CLUSTERS: ReportClusterInput[] = [
  { id: 2, code: 'KHOI', name: 'Khối', kindLabel: 'Khối thi đua', years: [{ year: 2021, status: 'open' }] },
  {
    id: 1,
    code: 'CUM5',
    name: 'Cụm 5',
    kindLabel: 'Cụm thi đua',
    years: [
      { year: 2021, status: 'finalized' },
      { year: 2022, status: 'open' },
    ],
  },
  { id: 3, code: 'CUM7', name: 'Cụm 7', kindLabel: 'Cụm thi đua', years: [{ year: 2021, status: 'open' }] },
];

describe('reportChoices', () => {
  it.each([
    ['no query: the latest year, its first cluster by code', {}, 2022, [1], 1],
    ['the query preselects', { year: '2021', cluster: '2' }, 2021, [1, 3, 2], 2],
    ['a secretary: their own cluster first', { year: '2021', mine: [3] }, 2021, [1, 3, 2], 3],
    ['a cluster without the year falls back', { year: '2022', cluster: '2' }, 2022, [1], 1],
    ['nonsense falls back', { year: '20x1', cluster: '-1' }, 2022, [1], 1],
    ['a year no cluster has falls back to the latest', { year: '1999' }, 2022, [1], 1],
  ])('%s', (_name, query, year, ids, clusterId) => {
    const choices = reportChoices(CLUSTERS, query);
    expect(choices.years).toEqual([2021, 2022]);
    expect(choices.year).toBe(year);
    expect(choices.clusters.map((c) => c.id)).toEqual(ids);
    expect(choices.clusterId).toBe(clusterId);
  });

  it('marks finalized years and has nothing to offer without years', () => {
    expect(reportChoices(CLUSTERS, { year: '2021' }).clusters.find((c) => c.id === 1)?.finalized).toBe(true);
    expect(reportChoices([], {})).toEqual({ years: [], year: null, clusters: [], clusterId: null });
  });
});
