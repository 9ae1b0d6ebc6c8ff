import { describe, it, expect } from '@jest/globals';
import { computeClusterYear } from './cluster-year.js';
import { DEFAULT_RULE_SET } from './rule-set.js';
import {
  bonusLeaf,
  gradedLeaf,
  group,
  member,
  penaltyLeaf,
  result,
  targetLeaf,
} from '../../../test/factories/domain-builders.js';
import type { CriterionInput, MemberInput, RuleSetInput, UnitScore } from './types.js';

/** Maximum total 100: targets 40 + 20, graded 40; bonus and penalty extra. */
const TABLE: readonly CriterionInput[] = [
  group('I'),
  targetLeaf('1.1', 'I', 40, 'proportional', 'at-least'), // no default: only units that signed have it
  targetLeaf('1.2', 'I', 20, 'all-or-nothing', 'at-most', 2), // "≤ 2 late reports", default 2
  group('II'),
  gradedLeaf('2.1', 'II', 40),
  group('III'),
  bonusLeaf('3.1', 'III', 5, 1),
  penaltyLeaf('3.2', 'III', 10),
];

const compute = (members: readonly MemberInput[], ruleSet: RuleSetInput = DEFAULT_RULE_SET): UnitScore[] =>
  computeClusterYear({ criteria: TABLE, ruleSet, members });

const figures = (unit: UnitScore | undefined) =>
  unit && {
    base: unit.base,
    bonus: unit.bonus,
    penalty: unit.penalty,
    total: unit.total,
    groups: Object.fromEntries(unit.groups),
    targetsMet: unit.targetsMet,
    targetsSigned: unit.targetsSigned,
    leavesEntered: unit.leavesEntered,
    computedRating: unit.computedRating,
    rating: unit.rating,
    vetoed: unit.vetoed,
    overridden: unit.overridden,
  };

describe('computeClusterYear', () => {
  it('gives nothing for a cluster-year with no members', () => {
    expect(compute([])).toEqual([]);
  });

  it('scores a full unit: reviewed over self, at-most target with actual 0, bonus over its cap, penalty', () => {
    const [unit] = compute([
      member(1, {
        targets: { '1.1': 100 },
        results: {
          '1.1': result(100), // 40, met
          '1.2': result(0), // ≤ 2 late reports, 0 late: 20, met
          '2.1': result(null, 38, 36), // reviewed 36 counts
          '3.1': result(7), // 7 × 1, capped at 5
          '3.2': result(null, null, 2),
        },
      }),
    ]);
    expect(figures(unit)).toEqual({
      base: 96,
      bonus: 5,
      penalty: 2,
      total: 99,
      groups: { I: 60, II: 36, III: 3 },
      targetsMet: 2,
      targetsSigned: 2,
      leavesEntered: 5,
      computedRating: 'EXCELLENT',
      rating: 'EXCELLENT',
      vetoed: false,
      overridden: false,
    });
    expect(unit?.leaves.map((leaf) => [leaf.code, leaf.final, leaf.source])).toEqual([
      ['1.1', 40, 'computed'],
      ['1.2', 20, 'computed'],
      ['2.1', 36, 'reviewed'],
      ['3.1', 5, 'computed'],
      ['3.2', 2, 'reviewed'],
    ]);
  });

  it('scores a unit with no results: total 0, NOT_COMPLETED, its default targets still signed', () => {
    const [unit] = compute([member(3)]);
    expect(figures(unit)).toEqual({
      base: 0,
      bonus: 0,
      penalty: 0,
      total: 0,
      groups: { I: 0, II: 0, III: 0 },
      targetsMet: 0,
      targetsSigned: 1, // 1.2 has a default target; 1.1 was not signed
      leavesEntered: 0,
      computedRating: 'NOT_COMPLETED',
      rating: 'NOT_COMPLETED',
      vetoed: false,
      overridden: false,
    });
  });

  it('gives a unit that joined mid-cycle a target only where it signed one or a default exists', () => {
    const [joined] = compute([
      member(4, { results: { '1.1': result(90), '1.2': result(1), '2.1': result(null, 40) } }),
    ]);
    expect(joined?.leaves[0]).toMatchObject({
      code: '1.1',
      target: null,
      actual: 90,
      met: null,
      computed: null,
      final: 0,
    });
    expect(figures(joined)).toMatchObject({
      base: 60,
      total: 60,
      targetsSigned: 1,
      targetsMet: 1,
      computedRating: 'COMPLETED',
    });
  });

  it('keeps a signed target over the default, and scores proportionally against it', () => {
    const [unit] = compute([
      member(2, {
        targets: { '1.1': 80, '1.2': 4 },
        results: { '1.1': result(50), '1.2': result(3), '2.1': result(null, 30) },
      }),
    ]);
    // 1.1: 40 × 50/80 = 25, not met; 1.2: 3 ≤ 4 signed (the default 2 would fail): 20
    expect(figures(unit)).toMatchObject({
      base: 75,
      total: 75,
      groups: { I: 45, II: 30, III: 0 },
      targetsMet: 1,
      targetsSigned: 2,
      computedRating: 'GOOD',
    });
  });

  it('never lets penalties take a total below 0; the group score may go negative', () => {
    const [unit] = compute([member(6, { results: { '2.1': result(null, 5), '3.2': result(null, 10) } })]);
    expect(figures(unit)).toMatchObject({ base: 5, penalty: 10, total: 0, groups: { I: 0, II: 5, III: -10 } });
  });

  it('caps a vetoed top scorer and applies an override with its reason', () => {
    const top = member(1, {
      targets: { '1.1': 100 },
      veto: { reason: 'Vi phạm nghiêm trọng' },
      results: { '1.1': result(100), '1.2': result(0), '2.1': result(null, 40) },
    });
    const overridden = member(2, {
      ratingOverride: { rating: 'GOOD', reason: 'Hội nghị quyết định' },
      results: { '2.1': result(null, 40) },
    });
    const [vetoed, raised] = compute([top, overridden]);
    expect(figures(vetoed)).toMatchObject({
      total: 100,
      computedRating: 'EXCELLENT',
      rating: 'COMPLETED',
      vetoed: true,
      overridden: false,
    });
    expect(figures(raised)).toMatchObject({
      total: 40,
      computedRating: 'NOT_COMPLETED',
      rating: 'GOOD',
      vetoed: false,
      overridden: true,
    });
  });

  it('scores a unit that left mid-year but gives it no rating', () => {
    const [left] = compute([
      member(5, {
        active: false,
        targets: { '1.1': 100 },
        results: { '1.1': result(100), '1.2': result(5), '2.1': result(null, 40) },
      }),
    ]);
    expect(figures(left)).toMatchObject({
      total: 80,
      targetsMet: 1,
      targetsSigned: 2,
      computedRating: null,
      rating: null,
    });
    expect(left?.active).toEqual(false);
  });

  it('rates against a declared maximum total', () => {
    const ruleSet = { ...DEFAULT_RULE_SET, maxTotal: 200 };
    const [unit] = compute(
      [
        member(1, {
          targets: { '1.1': 100 },
          results: { '1.1': result(100), '1.2': result(0), '2.1': result(null, 39) },
        }),
      ],
      ruleSet,
    );
    expect(figures(unit)).toMatchObject({ total: 99, computedRating: 'NOT_COMPLETED' }); // 49.5% of 200
  });

  it.each([
    [90, 'EXCELLENT'],
    [89.9999, 'GOOD'],
    [70, 'GOOD'],
    [49.9999, 'NOT_COMPLETED'],
  ])('rates a total of %p out of 100 as %s', (score, rating) => {
    const criteria = [gradedLeaf('1', null, 100)];
    const [unit] = computeClusterYear({
      criteria,
      ruleSet: DEFAULT_RULE_SET,
      members: [member(1, { results: { '1': result(null, score) } })],
    });
    expect(unit?.computedRating).toEqual(rating);
  });

  it('cleans float noise before comparing with a threshold (0.7 + 0.1 + 0.1 of 1 is 90%)', () => {
    const criteria = [gradedLeaf('a', null, 0.7), gradedLeaf('b', null, 0.2), gradedLeaf('c', null, 0.1)];
    const members = [member(1, { results: { a: result(null, 0.7), b: result(null, 0.1), c: result(null, 0.1) } })];
    const [unit] = computeClusterYear({ criteria, ruleSet: DEFAULT_RULE_SET, members });
    expect(unit?.total).toEqual(0.9);
    expect(unit?.computedRating).toEqual('EXCELLENT');
  });

  it('sums groups through a three-level tree, subtracting penalties', () => {
    const criteria = [
      group('I'),
      group('1.1', 'I'),
      gradedLeaf('1.1.1', '1.1', 10),
      gradedLeaf('1.1.2', '1.1', 15),
      penaltyLeaf('1.1.3', '1.1', 5),
      gradedLeaf('1.2', 'I', 10),
    ];
    const members = [
      member(1, {
        results: {
          '1.1.1': result(null, 8),
          '1.1.2': result(null, 12.5),
          '1.1.3': result(null, 1.5),
          '1.2': result(null, 9),
        },
      }),
    ];
    const [unit] = computeClusterYear({ criteria, ruleSet: DEFAULT_RULE_SET, members });
    expect(Object.fromEntries(unit?.groups ?? [])).toEqual({ I: 28, '1.1': 19 });
    expect(unit?.total).toEqual(28); // 8 + 12.5 + 9 − 1.5
  });

  it('computes relative-to-leader across the whole cluster-year, the unit that left excluded from leading', () => {
    const criteria = [targetLeaf('r', null, 10, 'relative-to-leader', 'at-least', 100)];
    const members = [
      member(1, { results: { r: result(120) } }),
      member(2, { results: { r: result(120) } }),
      member(3, { results: { r: result(110) } }),
      member(4, { active: false, results: { r: result(200) } }),
      member(5, { results: { r: result(90) } }),
    ];
    const units = computeClusterYear({ criteria, ruleSet: DEFAULT_RULE_SET, members });
    expect(units.map((unit) => unit.total)).toEqual([10, 10, 7.5, 10, 4.5]);
  });
});
