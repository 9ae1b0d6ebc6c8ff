import { describe, expect, it } from '@jest/globals';
import { withResultsMarked, type CriterionRow } from './setup-view.js';

const row = (code: string, depth: number, group = false): CriterionRow => ({
  code,
  title: code,
  depth,
  group,
  kind: '',
  method: '',
  direction: '',
  maxPoints: '',
  defaultTarget: '',
  unitOfMeasure: '',
  parentCode: '',
  target: false,
  maxPointsInput: '',
  defaultTargetInput: '',
});

describe('withResultsMarked (which criteria the set-up page may not remove)', () => {
  const tree = [
    row('I', 0, true),
    row('1', 1, true),
    row('1.1', 2),
    row('1.2', 2),
    row('2', 1),
    row('II', 0, true),
    row('3', 1),
  ];

  it.each([
    [[], []],
    [['1.2'], ['I', '1', '1.2']],
    [['2'], ['I', '2']],
    [['3'], ['II', '3']],
    [
      ['1.1', '3'],
      ['I', '1', '1.1', 'II', '3'],
    ],
  ])('results on %j mark %j (the leaves and every group above them)', (used, marked) => {
    const rows = withResultsMarked(tree, new Set(used));
    expect(rows.filter((r) => r.hasResults).map((r) => r.code)).toEqual(marked);
  });
});
