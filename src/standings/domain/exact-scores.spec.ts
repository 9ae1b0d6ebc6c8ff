/**
 * Decisions are made on exact values: the cases where rounding each leaf's points once changed a
 * rating, a rank or a met target, and properties over random scoring tables.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { computeClusterYear } from './cluster-year.js';
import { relativeToLeaderPoints, scoreLeaf } from './leaf-score.js';
import { rankUnits } from './ranking.js';
import { Rational } from './rational.js';
import { rateTotal } from './rating.js';
import { DEFAULT_RULE_SET } from './rule-set.js';
import { summarizeClusterYear } from './summary.js';
import {
  bonusLeaf,
  gradedLeaf,
  member,
  penaltyLeaf,
  result,
  targetLeaf,
  unitScore,
} from '../../../test/factories/domain-builders.js';
import type { CriterionInput, Rating, RatingThresholds, TieBreaker, UnitScore } from './types.js';

const R = (n: bigint | number, d: bigint | number = 1n): Rational => Rational.of(n, d);
const NO_SHARES = new Map<number, number | null>();

describe('the cases that rounding got wrong', () => {
  // Three "at least 3" targets worth 10 points each, and a graded leaf of 70: maximum 100.
  const table: CriterionInput[] = [
    targetLeaf('1', null, 10, 'proportional', 'at-least', 3),
    targetLeaf('2', null, 10, 'proportional', 'at-least', 3),
    targetLeaf('3', null, 10, 'proportional', 'at-least', 3),
    gradedLeaf('4', null, 70),
  ];
  const oneOfThree = { '1': result(1), '2': result(1), '3': result(1) };

  it('10/3 + 10/3 + 10/3 is 10 points: a unit exactly on the threshold gets its rating and shares the rank', () => {
    const units = computeClusterYear({
      criteria: table,
      ruleSet: { ...DEFAULT_RULE_SET, tieBreakers: [] },
      members: [
        member(1, { results: { ...oneOfThree, '4': result(null, 60) } }),
        member(2, { results: { '4': result(null, 70) } }),
      ],
    });
    expect(units[0]?.leaves[0]?.final.toString()).toBe('10/3');
    expect(units[0]?.total).toEqual(70);
    expect(units[0]?.rating).toBe('GOOD'); // 70% of 100, not 69.999999999%
    const rows = rankUnits(units, [], NO_SHARES);
    expect(rows.map((row) => [row.unitId, row.rank, row.tied])).toEqual([
      [1, 1, true],
      [2, 1, true],
    ]);
    expect(summarizeClusterYear(units, rows).leadingUnitIds).toEqual([1, 2]);
  });

  it('relative to leader: half the leader’s excess scores exactly 15 of 20', () => {
    const points = relativeToLeaderPoints(20, [
      { target: 3, actual: 4 }, // e = 1/3: the leader
      { target: 3, actual: 3.5 }, // e = 1/6: 10 + 10 × (1/6)/(1/3)
    ]);
    expect(points.map(String)).toEqual(['20', '15']);
  });

  it('relative to leader on 9.000.000.000: excesses of 2 and 1 are different, not both 0', () => {
    const points = relativeToLeaderPoints(20, [
      { target: 9_000_000_000, actual: 9_000_000_002 },
      { target: 9_000_000_000, actual: 9_000_000_001 },
      { target: 9_000_000_000, actual: 9_000_000_000 },
    ]);
    expect(points.map(String)).toEqual(['20', '15', '10']);
  });

  it.each<[string, number, number, boolean, string]>([
    // method, target, actual, met, points (MS 20)
    ['proportional', 9_999_999_999, 9_999_999_998.9999, false, '99999999989999/4999999999500'], // 19.99999999999999…
    ['all-or-nothing', 9_999_999_999, 9_999_999_998.9999, false, '0'],
    ['proportional', 9_999_999_999, 9_999_999_999, true, '20'],
    ['all-or-nothing', 1_000_000_000.0001, 1_000_000_000, false, '0'],
  ])('a %s target of %p with %p: met %p, %s points', (method, target, actual, met, points) => {
    const leaf = targetLeaf('1', null, 20, method as 'proportional' | 'all-or-nothing', 'at-least', target);
    const [score] = scoreLeaf(leaf, [{ target, result: result(actual), active: true }]);
    expect(score?.met).toBe(met);
    expect(score?.final.toString()).toBe(points);
  });

  it('an at-most target exceeded by 0.0001 on 10 digits is not met', () => {
    const leaf = targetLeaf('1', null, 20, 'all-or-nothing', 'at-most', 9_999_999_999);
    const [score] = scoreLeaf(leaf, [{ target: 9_999_999_999, result: result(9_999_999_999.0001), active: true }]);
    expect(score?.met).toBe(false);
  });
});

const fromTenThousandths = (n: number | bigint): number => Number(n) / 10_000;

describe('properties over random scoring tables', () => {
  it('a total is exactly the sum of its leaves (plus bonus, minus penalty, never below 0)', () => {
    const leaf = fc.record({
      kind: fc.constantFrom<('graded' | 'bonus' | 'penalty')[]>('graded', 'bonus', 'penalty'),
      max: fc.integer({ min: 1, max: 50 }),
      share: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 12 }), (leaves) => {
        const criteria = leaves.map((l, i) =>
          l.kind === 'graded'
            ? gradedLeaf(`L${i}`, null, l.max)
            : l.kind === 'bonus'
              ? bonusLeaf(`L${i}`, null, l.max)
              : penaltyLeaf(`L${i}`, null, l.max),
        );
        // An entered score of max × share / 10000, to 4 decimals: the exact sum in BigInt ten-thousandths.
        const scores = leaves.map((l) => BigInt(Math.floor((l.max * l.share) / 10_000) * 10_000 + (l.share % 7)));
        const capped = scores.map((s, i) => (s > BigInt((leaves[i]?.max ?? 0) * 10_000) ? 0n : s));
        const results = Object.fromEntries(capped.map((s, i) => [`L${i}`, result(null, fromTenThousandths(s))]));
        const signed = capped.reduce((sum, s, i) => (leaves[i]?.kind === 'penalty' ? sum - s : sum + s), 0n);
        const expected = R(signed < 0n ? 0n : signed, 10_000n);
        const [unit] = computeClusterYear({ criteria, ruleSet: DEFAULT_RULE_SET, members: [member(1, { results })] });
        expect(unit?.total.equals(expected)).toBe(true);
        expect(unit?.total.equals(Rational.max(Rational.ZERO, unit.base.add(unit.bonus).sub(unit.penalty)))).toBe(true);
      }),
    );
  });

  it('proportional targets add up to the exact fraction Σ MS × actual / target', () => {
    const target = fc.record({
      max: fc.integer({ min: 1, max: 30 }),
      target: fc.integer({ min: 1, max: 97 }),
      actualShare: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 10 }), (targets) => {
        const criteria = targets.map((t, i) => targetLeaf(`T${i}`, null, t.max, 'proportional', 'at-least', t.target));
        const actuals = targets.map((t) => Math.floor((t.target * t.actualShare) / 100));
        const results = Object.fromEntries(actuals.map((a, i) => [`T${i}`, result(a)]));
        const [unit] = computeClusterYear({
          criteria,
          ruleSet: DEFAULT_RULE_SET,
          members: [member(1, { results })],
        });
        // Σ max × actual / target over the common denominator Π target, in BigInt.
        const denominator = targets.reduce((p, t) => p * BigInt(t.target), 1n);
        const numerator = targets.reduce(
          (sum, t, i) => sum + (BigInt(t.max) * BigInt(actuals[i] ?? 0) * denominator) / BigInt(t.target),
          0n,
        );
        expect(unit?.total.equals(R(numerator, denominator))).toBe(true);
      }),
    );
  });

  const thresholds = fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 3, maxLength: 3 })
    .map(([a = 90, b = 70, c = 50]): RatingThresholds => {
      const [excellent = 90, good = 70, completed = 50] = [a, b, c].sort((x, y) => y - x);
      return { excellent, good, completed };
    });

  it('a total exactly on a threshold gets that threshold’s rating, and anything below it does not', () => {
    fc.assert(
      fc.property(
        thresholds,
        fc.constantFrom<keyof RatingThresholds>('excellent', 'good', 'completed'),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (limits, level, parts, seed) => {
          // Maximum 100 over `parts` graded leaves; the threshold's total spread over them in ten-thousandths.
          const maxima = Array.from({ length: parts }, (_, i) =>
            i === 0 ? 100 - Math.floor(100 / parts) * (parts - 1) : Math.floor(100 / parts),
          );
          let left = limits[level] * 10_000;
          const scores = maxima.map((max, i) => {
            const room = Math.min(left, max * 10_000);
            const part = i === parts - 1 ? room : Math.min(room, (seed * (i + 7)) % (room + 1));
            left -= part;
            return part;
          });
          fc.pre(left === 0);
          const criteria = maxima.map((max, i) => gradedLeaf(`G${i}`, null, max));
          const results = Object.fromEntries(scores.map((v, i) => [`G${i}`, result(null, fromTenThousandths(v))]));
          const ruleSet = { ...DEFAULT_RULE_SET, thresholds: limits };
          const [unit] = computeClusterYear({ criteria, ruleSet, members: [member(1, { results })] });
          const expected: Record<keyof RatingThresholds, Rating> = {
            excellent: 'EXCELLENT',
            good: 'GOOD',
            completed: 'COMPLETED',
          };
          expect(unit?.total).toEqual(limits[level]);
          expect(unit?.rating).toBe(expected[level]);
          const below = rateTotal(R(limits[level]).sub(R(1, 10n ** 12n)), R(100), limits);
          expect(below).not.toBe(expected[level]);
        },
      ),
    );
  });

  it('ranking does not depend on the order the units come in', () => {
    const unit = fc.record({
      total: fc.integer({ min: 0, max: 6 }).map((n) => R(n * 10, 3)), // small set: many ties, exact thirds
      targetsMet: fc.integer({ min: 0, max: 2 }),
      penalty: fc.integer({ min: 0, max: 2 }),
      group: fc.integer({ min: 0, max: 2 }),
      women: fc.constantFrom(null, 50, 70, 69.99),
    });
    const tieBreakers: TieBreaker[] = [
      { kind: 'targets-met' },
      { kind: 'group-score', criterionCode: 'I' },
      { kind: 'fewer-penalty' },
      { kind: 'women-share' },
    ];
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        (specs, order) => {
          const units: UnitScore[] = specs.map((s, i) =>
            unitScore(i + 1, s.total, { targetsMet: s.targetsMet, penalty: s.penalty, groups: { I: s.group } }),
          );
          const shares = new Map(specs.map((s, i) => [i + 1, s.women] as const));
          const shuffled = units
            .map((u, i) => ({ u, key: order[i] ?? 0, i }))
            .sort((a, b) => a.key - b.key || b.i - a.i)
            .map((entry) => entry.u);
          const describe = (rows: ReturnType<typeof rankUnits>) =>
            new Map(rows.map((r) => [r.unitId, [r.rank, r.decidedBy, r.decidedByCriterion, r.tied]]));
          expect(describe(rankUnits(shuffled, tieBreakers, shares))).toEqual(
            describe(rankUnits(units, tieBreakers, shares)),
          );
        },
      ),
    );
  });
});
