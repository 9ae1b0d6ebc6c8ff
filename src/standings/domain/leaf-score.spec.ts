import { describe, it, expect } from '@jest/globals';
import { Rational } from './rational.js';
import {
  finalScore,
  isTargetMet,
  perOccurrencePoints,
  proportionalPoints,
  relativeToLeaderPoints,
  scoreLeaf,
  type LeafScoringUnit,
} from './leaf-score.js';
import {
  bonusLeaf,
  gradedLeaf,
  group,
  penaltyLeaf,
  result,
  targetLeaf,
} from '../../../test/factories/domain-builders.js';
import type { Direction } from './types.js';

describe('proportionalPoints', () => {
  it.each<[Direction, number, number, number, number | Rational]>([
    // direction, MS, target, actual, points
    ['at-least', 20, 100, 80, 16],
    ['at-least', 20, 100, 100, 20],
    ['at-least', 20, 100, 130, 20], // capped at MS
    ['at-least', 20, 100, 0, 0],
    ['at-least', 10, 3, 1, Rational.of(10, 3)],
    ['at-least', 10, 3, 0.3, 1], // exactly 1 (0.3 / 3 × 10 is 0.9999999999999999 in floats)
    ['at-most', 10, 2, 4, 5],
    ['at-most', 10, 2, 1, 10],
    ['at-most', 10, 2, 0, 10], // actual 0: full points
    ['at-most', 10, 0, 0, 10],
    ['at-most', 10, 0, 3, 0],
  ])('%s, MS %p, target %p, actual %p → %p', (direction, maxPoints, target, actual, expected) => {
    expect(proportionalPoints(maxPoints, direction, target, actual)).toEqual(expected);
  });
});

describe('isTargetMet', () => {
  it.each<[Direction, number | null, number | null, boolean | null]>([
    ['at-least', 100, 100, true],
    ['at-least', 100, 99.9, false],
    ['at-most', 2, 2, true],
    ['at-most', 2, 3, false],
    ['at-most', 2, 0, true],
    ['at-least', null, 5, null],
    ['at-least', 5, null, null],
  ])('%s target %p, actual %p → %p', (direction, target, actual, expected) => {
    expect(isTargetMet(direction, target, actual)).toEqual(expected);
  });
});

describe('perOccurrencePoints', () => {
  it.each([
    // MS, points per occurrence, count, points
    [20, 5, 3, 15],
    [20, 5, 4, 20],
    [20, 5, 7, 20], // over the cap
    [5, 1.5, 3, 4.5],
    [20, 5, 0, 0],
    [1, 0.1, 3, 0.3], // 0.30000000000000004 without cleaning
  ])('MS %p, %p per occurrence, %p times → %p', (maxPoints, each, count, expected) => {
    expect(perOccurrencePoints(maxPoints, each, count)).toEqual(expected);
  });
});

describe('relativeToLeaderPoints (MS 10)', () => {
  it.each<[string, [number | null, number | null, boolean?][], (number | null)[]]>([
    [
      'below, meet, lead, exceed and not entered',
      [
        [100, 80],
        [100, 100],
        [100, 150],
        [100, 125],
        [100, null],
      ],
      // 0.5×10×0.8; 0.5×10; leader e=0.5; 5 + 5×0.25/0.5; nothing entered
      [4, 5, 10, 7.5, null],
    ],
    [
      'two tied leaders both get MS',
      [
        [100, 120],
        [100, 120],
        [100, 110],
      ],
      [10, 10, 7.5],
    ],
    [
      'tied leaders with different signed targets (e = 0.2 for both)',
      [
        [50, 60],
        [100, 120],
        [200, 220],
      ],
      [10, 10, 7.5],
    ],
    [
      'nobody above target: nobody gets MS',
      [
        [100, 90],
        [100, 100],
        [80, 40],
      ],
      [4.5, 5, 2.5],
    ],
    [
      'a unit that left does not set the leader, and is capped at MS',
      [
        [100, 120],
        [100, 110],
        [100, 150, false],
        [100, 115, false],
      ],
      // leader e = 0.2 (active); 5 + 5×0.1/0.2; e 0.5 > leader → MS; 5 + 5×0.15/0.2
      [10, 7.5, 10, 8.75],
    ],
    [
      'no target, or a target of 0: not computed',
      [
        [null, 120],
        [0, 5],
        [100, 200],
      ],
      [null, null, 10],
    ],
  ])('%s', (_case, units, expected) => {
    const input = units.map(([target, actual, active]) => ({ target, actual, active: active ?? true }));
    expect(relativeToLeaderPoints(10, input)).toEqual(expected);
  });
});

describe('finalScore', () => {
  it.each([
    [8, 7, 6, { final: 8, source: 'reviewed' }],
    [0, 7, 6, { final: 0, source: 'reviewed' }], // a reviewed 0 still counts
    [null, 7, 6, { final: 7, source: 'self' }],
    [null, null, 6, { final: 6, source: 'computed' }],
    [null, null, null, { final: 0, source: 'none' }],
  ])('reviewed %p, self %p, computed %p → %p', (reviewed, self, computed, expected) => {
    expect(finalScore(reviewed, self, Rational.fromNullable(computed))).toEqual(expected);
  });
});

describe('scoreLeaf', () => {
  const unit = (
    target: number | null,
    actual: number | null,
    self: number | null = null,
    reviewed: number | null = null,
  ): LeafScoringUnit => ({
    target,
    result: actual === null && self === null && reviewed === null ? null : result(actual, self, reviewed),
    active: true,
  });

  it('scores an at-least proportional target; a unit without a target is not signed', () => {
    const leaf = targetLeaf('1.1', 'I', 20, 'proportional', 'at-least');
    const [signed, noTarget, nothing] = scoreLeaf(leaf, [unit(80, 60), unit(null, 90), unit(100, null)]);
    expect(signed).toEqual({
      code: '1.1',
      kind: 'target',
      maxPoints: 20,
      target: 80,
      actual: 60,
      met: false,
      computed: 15,
      selfScore: null,
      reviewedScore: null,
      final: 15,
      source: 'computed',
    });
    expect(noTarget).toEqual({
      code: '1.1',
      kind: 'target',
      maxPoints: 20,
      target: null,
      actual: 90,
      met: null,
      computed: null,
      selfScore: null,
      reviewedScore: null,
      final: 0,
      source: 'none',
    });
    expect(nothing).toMatchObject({ target: 100, met: null, computed: null, final: 0, source: 'none' });
  });

  it('gives full points and met for an at-most target with actual 0', () => {
    const [leafScore] = scoreLeaf(targetLeaf('1.2', null, 10, 'proportional', 'at-most'), [unit(2, 0)]);
    expect(leafScore).toMatchObject({ met: true, computed: 10, final: 10, source: 'computed' });
  });

  it.each<[number, number, boolean, number]>([
    [95, 95, true, 20],
    [95, 94.9, false, 0],
  ])('all-or-nothing target %p with actual %p: met %p, %p points', (target, actual, met, points) => {
    const [leafScore] = scoreLeaf(targetLeaf('2.2', null, 20, 'all-or-nothing', 'at-least'), [unit(target, actual)]);
    expect(leafScore).toMatchObject({ met, computed: points, final: points });
  });

  it('scores a graded yes/no criterion: 1 → MS, 0 → 0, never "met"', () => {
    const scores = scoreLeaf(gradedLeaf('y', null, 10, 'all-or-nothing'), [unit(5, 1), unit(5, 0)]);
    expect(scores.map((s) => [s.target, s.met, s.computed])).toEqual([
      [null, null, 10],
      [null, null, 0],
    ]);
  });

  it('computes nothing for a direct leaf: the entered score counts', () => {
    const [selfOnly, reviewed] = scoreLeaf(gradedLeaf('d', null, 30), [unit(null, null, 27), unit(null, null, 27, 25)]);
    expect(selfOnly).toMatchObject({ computed: null, final: 27, source: 'self' });
    expect(reviewed).toMatchObject({ computed: null, final: 25, source: 'reviewed' });
  });

  it('caps a per-occurrence penalty and keeps it positive', () => {
    const [leafScore] = scoreLeaf(penaltyLeaf('p', null, 5, 2), [unit(null, 3)]);
    expect(leafScore).toMatchObject({ kind: 'penalty', computed: 5, final: 5 });
  });

  it('computes a per-occurrence bonus over its cap', () => {
    const [leafScore] = scoreLeaf(bonusLeaf('b', null, 20, 5), [unit(null, 7)]);
    expect(leafScore).toMatchObject({ kind: 'bonus', computed: 20, final: 20 });
  });

  it('scores a relative-to-leader target across the units', () => {
    const leaf = targetLeaf('r', null, 10, 'relative-to-leader', 'at-least');
    const scores = scoreLeaf(leaf, [unit(100, 120), unit(100, 110), unit(null, 150), unit(100, 90)]);
    expect(scores.map((s) => [s.computed, s.met])).toEqual([
      [10, true],
      [7.5, true],
      [null, null],
      [4.5, false],
    ]);
  });

  it('refuses a group', () => {
    expect(() => scoreLeaf(group('I'), [])).toThrow('nhóm tiêu chí');
  });
});
