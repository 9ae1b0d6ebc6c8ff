import { describe, it, expect } from '@jest/globals';
import { Rational } from './rational.js';
import { rankUnits } from './ranking.js';
import { DEFAULT_RULE_SET } from './rule-set.js';
import { compareSummaries, fraction, summarizeClusterYear } from './summary.js';
import { unitScore } from '../../../test/factories/domain-builders.js';
import type { ClusterSummary, UnitScore } from './types.js';

const summarize = (units: readonly UnitScore[]): ClusterSummary =>
  summarizeClusterYear(units, rankUnits(units, DEFAULT_RULE_SET.tieBreakers, new Map()));

/** The published case's shape: 12 units, 11 excellent, 108 of 120 targets met; one unit that left. */
const PUBLISHED: readonly UnitScore[] = [
  ...Array.from({ length: 10 }, (_, i) => unitScore(i + 1, 95, { targetsMet: 9, targetsSigned: 10 })),
  unitScore(11, 98, { targetsMet: 9, targetsSigned: 10 }),
  unitScore(12, 85, { targetsMet: 9, targetsSigned: 10, computedRating: 'GOOD', rating: 'GOOD' }),
  unitScore(13, 99, { active: false, targetsMet: 10, targetsSigned: 10, computedRating: null, rating: null }),
];

describe('summarizeClusterYear', () => {
  it('reproduces the published case: 11/12 excellent and 108/120 targets, two different shares', () => {
    expect(summarize(PUBLISHED)).toEqual({
      unitCount: 12,
      ratings: {
        EXCELLENT: { count: 11, of: 12, percent: Rational.of(1100, 12) }, // 91.666…, unrounded
        GOOD: { count: 1, of: 12, percent: Rational.of(100, 12) },
        COMPLETED: { count: 0, of: 12, percent: 0 },
        NOT_COMPLETED: { count: 0, of: 12, percent: 0 },
      },
      targets: { met: 108, signed: 120, percent: 90 },
      averageTotal: Rational.of(1133, 12), // (10 × 95 + 98 + 85) / 12, the unit that left not counted
      maxTotal: 98, // not 99: that unit left
      leadingUnitIds: [11],
      unitsWithoutResults: 0,
    });
  });

  it('summarizes no members', () => {
    expect(summarize([])).toEqual({
      unitCount: 0,
      ratings: {
        EXCELLENT: { count: 0, of: 0, percent: null },
        GOOD: { count: 0, of: 0, percent: null },
        COMPLETED: { count: 0, of: 0, percent: null },
        NOT_COMPLETED: { count: 0, of: 0, percent: null },
      },
      targets: { met: 0, signed: 0, percent: null },
      averageTotal: null,
      maxTotal: null,
      leadingUnitIds: [],
      unitsWithoutResults: 0,
    });
  });

  it('counts a member with no results, and lists every leader of a tie', () => {
    const units = [
      unitScore(1, 0, { leavesEntered: 0, targetsSigned: 4, computedRating: 'NOT_COMPLETED', rating: 'NOT_COMPLETED' }),
      unitScore(2, 92.5, { targetsSigned: 4, targetsMet: 3 }),
      unitScore(3, 92.5, { targetsSigned: 4, targetsMet: 3 }),
    ];
    const summary = summarize(units);
    expect(summary).toMatchObject({
      unitCount: 3,
      unitsWithoutResults: 1,
      leadingUnitIds: [2, 3],
      targets: { met: 6, signed: 12, percent: 50 },
      averageTotal: Rational.of(185, 3),
    });
    expect(summary.ratings.NOT_COMPLETED).toEqual({ count: 1, of: 3, percent: Rational.of(100, 3) });
  });

  it('names no leading unit while every total is 0 (nothing scored yet)', () => {
    const units = [1, 2, 3].map((id) =>
      unitScore(id, 0, { leavesEntered: 0, computedRating: 'NOT_COMPLETED', rating: 'NOT_COMPLETED' }),
    );
    expect(summarize(units)).toMatchObject({ unitCount: 3, unitsWithoutResults: 3, leadingUnitIds: [], maxTotal: 0 });
  });

  it('has no targets percentage when no target was signed', () => {
    expect(summarize([unitScore(1, 50)]).targets).toEqual({ met: 0, signed: 0, percent: null });
  });

  it.each([
    [7, 100, 7], // exactly 7, not 7.000000000000001
    [11, 12, Rational.of(1100, 12)],
    [0, 0, null],
  ])('fraction(%p, %p) has percent %p', (count, of, percent) => {
    expect(fraction(count, of)).toEqual({ count, of, percent });
  });
});

describe('compareSummaries', () => {
  const previous = summarize([
    ...Array.from({ length: 8 }, (_, i) => unitScore(i + 1, 93, { targetsMet: 9, targetsSigned: 10 })),
    unitScore(9, 75, { targetsMet: 9, targetsSigned: 10, rating: 'GOOD' }),
    unitScore(10, 60, { targetsMet: 9, targetsSigned: 10, rating: 'COMPLETED' }),
  ]);

  it('has no change without a previous year', () => {
    expect(compareSummaries(summarize(PUBLISHED), null)).toBeNull();
  });

  it('gives the change of every figure from the previous year', () => {
    // previous: 10 units, 8 excellent (80%), 1 good (10%), 1 completed (10%), 90/100 targets (90%), average (8 × 93 + 75 + 60) / 10 = 87.9, max 93
    expect(compareSummaries(summarize(PUBLISHED), previous)).toEqual({
      unitCount: 2,
      ratings: {
        EXCELLENT: { count: 3, percentPoints: Rational.of(35, 3) },
        GOOD: { count: 0, percentPoints: Rational.of(-5, 3) },
        COMPLETED: { count: -1, percentPoints: -10 },
        NOT_COMPLETED: { count: 0, percentPoints: 0 },
      },
      targets: { met: 18, signed: 20, percentPoints: 0 },
      averageTotal: Rational.of(391, 60), // 1133/12 − 87.9, exactly
      maxTotal: 5,
    });
  });

  it('gives null deltas where either year has no value', () => {
    const change = compareSummaries(summarize(PUBLISHED), summarize([]));
    expect(change).toMatchObject({
      unitCount: 12,
      averageTotal: null,
      maxTotal: null,
      targets: { met: 108, signed: 120, percentPoints: null },
    });
    expect(change?.ratings.EXCELLENT).toEqual({ count: 11, percentPoints: null });
  });
});
