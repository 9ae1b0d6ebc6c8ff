import { describe, it, expect } from '@jest/globals';
import { DEFAULT_RULE_SET, validateRuleSet } from './rule-set.js';
import { bonusLeaf, gradedLeaf, group, targetLeaf } from '../../../test/factories/domain-builders.js';
import type { CriterionInput, RuleSetInput } from './types.js';

/** Maximum total 100 (60 + 40); the bonus is extra. */
const TABLE: readonly CriterionInput[] = [
  group('I'),
  targetLeaf('1.1', 'I', 60, 'proportional', 'at-least', 100),
  gradedLeaf('1.2', 'I', 40),
  bonusLeaf('2', null, 5),
];

const fields = (ruleSet: Partial<RuleSetInput>, criteria: readonly CriterionInput[] = TABLE): string[] =>
  validateRuleSet({ ...DEFAULT_RULE_SET, ...ruleSet }, criteria).map((problem) => problem.field);

describe('DEFAULT_RULE_SET', () => {
  it('rates with the common table', () => {
    expect(DEFAULT_RULE_SET.thresholds).toEqual({ excellent: 90, good: 70, completed: 50 });
    expect(DEFAULT_RULE_SET.vetoCap).toBe('COMPLETED');
  });

  it('is valid for a table', () => {
    expect(validateRuleSet(DEFAULT_RULE_SET, TABLE)).toEqual([]);
  });
});

describe('validateRuleSet', () => {
  it.each<[string, Partial<RuleSetInput>, string[]]>([
    ['a declared maximum equal to the table', { maxTotal: 100 }, []],
    ['thresholds out of order', { thresholds: { excellent: 70, good: 70, completed: 50 } }, ['thresholds.excellent']],
    ['a threshold above 100', { thresholds: { excellent: 101, good: 70, completed: 50 } }, ['thresholds.excellent']],
    ['good below completed', { thresholds: { excellent: 90, good: 40, completed: 50 } }, ['thresholds.good']],
    ['5 decimals', { displayDecimals: 5 }, ['displayDecimals']],
    ['a fractional number of decimals', { displayDecimals: 1.5 }, ['displayDecimals']],
    ['a maximum of 0', { maxTotal: 0 }, ['maxTotal']],
    ['a maximum other than the table', { maxTotal: 120 }, ['maxTotal']],
    [
      'the same tie-breaker twice',
      { tieBreakers: [{ kind: 'targets-met' }, { kind: 'targets-met' }] },
      ['tieBreakers'],
    ],
    [
      'a tie-breaker on an unknown group',
      { tieBreakers: [{ kind: 'group-score', criterionCode: 'II' }] },
      ['tieBreakers'],
    ],
    ['a tie-breaker on an existing group', { tieBreakers: [{ kind: 'group-score', criterionCode: 'I' }] }, []],
  ])('%s', (_case, ruleSet, expected) => {
    expect(fields(ruleSet)).toEqual(expected);
  });

  it('explains both numbers when the declared maximum differs from the table', () => {
    expect(validateRuleSet({ ...DEFAULT_RULE_SET, maxTotal: 120 }, TABLE)).toEqual([
      {
        field: 'maxTotal',
        message:
          'Tổng điểm tối đa khai báo (120) khác tổng điểm tối đa của các tiêu chí chỉ tiêu và chấm trực tiếp trong bảng chấm điểm (100). Hãy sửa cho bằng nhau, hoặc để trống để tự tính.',
      },
    ]);
  });

  it('reports a table whose maximum is 0 (only bonus points), as nothing can be rated', () => {
    expect(fields({}, [bonusLeaf('1', null, 5)])).toEqual(['maxTotal']);
  });
});
