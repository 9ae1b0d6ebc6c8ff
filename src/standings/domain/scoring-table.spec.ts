import { describe, it, expect } from '@jest/globals';
import {
  groupMaximum,
  leafCriteria,
  tableMaximum,
  validateScoringTable,
  validateTargetValue,
  type TableProblem,
} from './scoring-table.js';
import {
  bonusLeaf,
  criterion,
  gradedLeaf,
  group,
  penaltyLeaf,
  targetLeaf,
} from '../../../test/factories/domain-builders.js';
import type { CriterionInput } from './types.js';

/** A valid table: I (declared 60) › 1.1, 1.2, 1.3; II › 2.1, 2.2; III › bonus 3.1, penalty 3.2. */
const TABLE: readonly CriterionInput[] = [
  group('I', null, 60),
  targetLeaf('1.1', 'I', 20, 'proportional', 'at-least', 100),
  targetLeaf('1.2', 'I', 10, 'proportional', 'at-most', 2),
  gradedLeaf('1.3', 'I', 30),
  group('II'),
  gradedLeaf('2.1', 'II', 20, 'per-occurrence', 5),
  targetLeaf('2.2', 'II', 20, 'all-or-nothing', 'at-least'),
  group('III'),
  bonusLeaf('3.1', 'III', 5, 1),
  penaltyLeaf('3.2', 'III', 10),
];

const where = (problems: readonly TableProblem[]): [number | null, string | null][] =>
  problems.map((problem) => [problem.index, problem.field]);

describe('leafCriteria, groupMaximum, tableMaximum', () => {
  it('lists the scored leaves in table order', () => {
    expect(leafCriteria(TABLE).map((leaf) => leaf.code)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2']);
  });

  it.each([
    ['I', 60], // declared
    ['II', 40], // 20 + 20
    ['III', 5], // the bonus counts, the penalty does not
    ['1.1', 20], // a leaf: its own maximum
    ['3.2', 10],
  ])('groupMaximum(%s) = %p', (code, expected) => {
    expect(groupMaximum(TABLE, code)).toEqual(expected);
  });

  it('derives a maximum through several levels', () => {
    const table = [
      group('I'),
      group('1.1', 'I'),
      gradedLeaf('1.1.1', '1.1', 0.1),
      gradedLeaf('1.1.2', '1.1', 0.2),
      gradedLeaf('1.2', 'I', 5),
    ];
    expect(groupMaximum(table, '1.1')).toEqual(0.3);
    expect(groupMaximum(table, 'I')).toEqual(5.3);
  });

  it('throws for a code that is not in the table', () => {
    expect(() => groupMaximum(TABLE, 'IV')).toThrow('"IV"');
  });

  it('tableMaximum sums the target and graded leaves only (not bonus, not penalty)', () => {
    expect(tableMaximum(TABLE)).toEqual(100);
    expect(tableMaximum([bonusLeaf('b', null, 5)])).toEqual(0);
    expect(tableMaximum([])).toEqual(0);
  });
});

describe('validateScoringTable', () => {
  it('accepts a valid table', () => {
    expect(validateScoringTable(TABLE)).toEqual([]);
  });

  it('rejects an empty table', () => {
    expect(validateScoringTable([])).toEqual([
      {
        index: null,
        field: null,
        message: 'Bảng chấm điểm chưa có tiêu chí nào. Hãy thêm ít nhất một nhóm hoặc một tiêu chí.',
      },
    ]);
  });

  it('reports a parent whose declared maximum is not the sum of a three-level subtree', () => {
    const table = [
      group('I', null, 30),
      group('1.1', 'I'), // derived: 10 + 15 = 25
      gradedLeaf('1.1.1', '1.1', 10),
      gradedLeaf('1.1.2', '1.1', 15),
      gradedLeaf('1.2', 'I', 10),
    ];
    expect(validateScoringTable(table)).toEqual([
      {
        index: 0,
        field: 'maxPoints',
        message:
          'Tiêu chí "I": điểm tối đa của nhóm (30) khác tổng điểm tối đa của các tiêu chí con (35). Hãy sửa cho bằng nhau, hoặc để trống để tự tính.',
      },
    ]);
  });

  it('blames the middle group, not the parent, when the middle group declares a wrong maximum', () => {
    const table = [
      group('I', null, 30),
      group('1.1', 'I', 20), // children sum to 25; the parent uses the declared 20: 20 + 10 = 30
      gradedLeaf('1.1.1', '1.1', 10),
      gradedLeaf('1.1.2', '1.1', 15),
      gradedLeaf('1.2', 'I', 10),
    ];
    const problems = validateScoringTable(table);
    expect(where(problems)).toEqual([[1, 'maxPoints']]);
    expect(problems[0]?.message).toEqual(
      'Tiêu chí "1.1": điểm tối đa của nhóm (20) khác tổng điểm tối đa của các tiêu chí con (25). Hãy sửa cho bằng nhau, hoặc để trống để tự tính.',
    );
  });

  it.each<[string, number, boolean]>([
    ['bonus counts, penalty does not: 10 + 5', 15, true],
    ['declaring the penalty in the maximum', 25, false],
  ])('group maximum with bonus and penalty children: %s', (_case, declared, valid) => {
    const table = [
      group('G', null, declared),
      gradedLeaf('g', 'G', 10),
      bonusLeaf('b', 'G', 5),
      penaltyLeaf('p', 'G', 10),
    ];
    expect(where(validateScoringTable(table))).toEqual(valid ? [] : [[0, 'maxPoints']]);
  });

  it('compares group maxima without float noise (0.1 + 0.2 = 0.3)', () => {
    const table = [group('G', null, 0.3), gradedLeaf('a', 'G', 0.1), gradedLeaf('b', 'G', 0.2)];
    expect(validateScoringTable(table)).toEqual([]);
  });

  it.each<[string, CriterionInput[], [number | null, string | null][], string]>([
    ['a blank code', [gradedLeaf(' ', null, 10)], [[0, 'code']], 'Tiêu chí ở dòng 1: mã tiêu chí đang để trống'],
    [
      'a duplicate code',
      [gradedLeaf('1', null, 10), gradedLeaf('1', null, 5)],
      [[1, 'code']],
      'mã bị trùng với dòng 1',
    ],
    [
      'a blank title',
      [criterion('1', { kind: 'graded', method: 'direct', maxPoints: 5, title: '  ' })],
      [[0, 'title']],
      'tên tiêu chí đang để trống',
    ],
    ['an unknown parent', [gradedLeaf('1.1', 'I', 10)], [[0, 'parentCode']], 'không có nhóm cha "I"'],
    [
      'a parent that is a scored leaf',
      [gradedLeaf('1', null, 10), gradedLeaf('1.1', '1', 5)],
      [[1, 'parentCode']],
      '"1" là tiêu chí được chấm điểm (loại chấm trực tiếp) nên không thể chứa tiêu chí con',
    ],
    [
      'a group without children',
      [group('I'), gradedLeaf('x', null, 5)],
      [[0, null]],
      'Tiêu chí "I": nhóm chưa có tiêu chí con nào',
    ],
    [
      'a leaf without a maximum',
      [criterion('1', { kind: 'graded', method: 'direct' })],
      [[0, 'maxPoints']],
      'điểm tối đa phải lớn hơn 0 (đang để trống)',
    ],
    ['a leaf with maximum 0', [gradedLeaf('1', null, 0)], [[0, 'maxPoints']], 'điểm tối đa phải lớn hơn 0 (đang là 0)'],
    ['a leaf with a negative maximum', [gradedLeaf('1', null, -2.5)], [[0, 'maxPoints']], '(đang là -2,5)'],
    [
      'a leaf without a method',
      [criterion('1', { kind: 'bonus', maxPoints: 5 })],
      [[0, 'method']],
      'chưa chọn cách tính điểm',
    ],
    [
      'a target scored directly',
      [targetLeaf('1', null, 10, 'direct')],
      [[0, 'method']],
      'không dùng được cho loại chỉ tiêu',
    ],
    [
      'a target per occurrence',
      [
        criterion('1', {
          kind: 'target',
          method: 'per-occurrence',
          direction: 'at-least',
          maxPoints: 5,
          pointsPerOccurrence: 1,
        }),
      ],
      [[0, 'method']],
      'không dùng được',
    ],
    [
      'a graded leaf relative to the leader',
      [gradedLeaf('1', null, 10, 'relative-to-leader')],
      [[0, 'method']],
      'không dùng được cho loại chấm trực tiếp',
    ],
    [
      'a bonus all-or-nothing',
      [criterion('1', { kind: 'bonus', method: 'all-or-nothing', maxPoints: 5 })],
      [[0, 'method']],
      'không dùng được cho loại điểm cộng',
    ],
    [
      'a penalty proportional',
      [criterion('1', { kind: 'penalty', method: 'proportional', maxPoints: 5 })],
      [[0, 'method']],
      'không dùng được cho loại điểm trừ',
    ],
    [
      'relative-to-leader on an at-most target',
      [targetLeaf('1', null, 10, 'relative-to-leader', 'at-most')],
      [[0, 'direction']],
      'chỉ dùng cho chỉ tiêu tối thiểu (≥)',
    ],
    [
      'a target without direction',
      [criterion('1', { kind: 'target', method: 'proportional', maxPoints: 5 })],
      [[0, 'direction']],
      'chỉ tiêu cần chọn chiều',
    ],
    [
      'a graded leaf with a direction',
      [criterion('1', { kind: 'graded', method: 'direct', maxPoints: 5, direction: 'at-least' })],
      [[0, 'direction']],
      'chỉ chỉ tiêu mới có chiều',
    ],
    [
      'per-occurrence without points per occurrence',
      [gradedLeaf('1', null, 20, 'per-occurrence')],
      [[0, 'pointsPerOccurrence']],
      'cần số điểm mỗi lần lớn hơn 0',
    ],
    [
      'per-occurrence with 0 points per occurrence',
      [gradedLeaf('1', null, 20, 'per-occurrence', 0)],
      [[0, 'pointsPerOccurrence']],
      'lớn hơn 0',
    ],
    [
      'points per occurrence on a direct leaf',
      [gradedLeaf('1', null, 20, 'direct', 5)],
      [[0, 'pointsPerOccurrence']],
      'chỉ dùng với cách tính theo số lần',
    ],
    [
      'a default target on a graded leaf',
      [criterion('1', { kind: 'graded', method: 'direct', maxPoints: 5, defaultTarget: 3 })],
      [[0, 'defaultTarget']],
      'chỉ chỉ tiêu mới có chỉ tiêu mặc định',
    ],
    [
      'an at-least proportional default target of 0',
      [targetLeaf('1', null, 10, 'proportional', 'at-least', 0)],
      [[0, 'defaultTarget']],
      'chỉ tiêu mặc định phải lớn hơn 0',
    ],
    [
      'a relative-to-leader default target of 0',
      [targetLeaf('1', null, 10, 'relative-to-leader', 'at-least', 0)],
      [[0, 'defaultTarget']],
      'phải lớn hơn 0',
    ],
    [
      'a negative at-most default target',
      [targetLeaf('1', null, 10, 'proportional', 'at-most', -1)],
      [[0, 'defaultTarget']],
      'không được âm (đang là -1)',
    ],
    [
      'a group with scoring fields',
      [
        criterion('I', { method: 'direct', direction: 'at-most', defaultTarget: 1, pointsPerOccurrence: 2 }),
        gradedLeaf('1', 'I', 5),
      ],
      [
        [0, 'method'],
        [0, 'direction'],
        [0, 'defaultTarget'],
        [0, 'pointsPerOccurrence'],
      ],
      'là nhóm tiêu chí nên không có cách tính điểm',
    ],
  ])('reports %s', (_case, table, expectedWhere, messagePart) => {
    const problems = validateScoringTable(table);
    expect(where(problems)).toEqual(expectedWhere);
    expect(problems[0]?.message).toContain(messagePart);
  });

  it.each<[string, CriterionInput]>([
    ['an at-most default target of 0', targetLeaf('1', null, 10, 'proportional', 'at-most', 0)],
    ['an at-least all-or-nothing default target of 0', targetLeaf('1', null, 10, 'all-or-nothing', 'at-least', 0)],
    ['a graded yes/no leaf', gradedLeaf('1', null, 10, 'all-or-nothing')],
    ['a penalty per occurrence', penaltyLeaf('1', null, 10, 2)],
  ])('accepts %s', (_case, leaf) => {
    expect(validateScoringTable([leaf])).toEqual([]);
  });

  it('reports every node of a parent cycle, with the loop', () => {
    const table = [group('A', 'B'), group('B', 'A'), gradedLeaf('x', 'A', 5)];
    const problems = validateScoringTable(table);
    expect(where(problems)).toEqual([
      [0, 'parentCode'],
      [1, 'parentCode'],
    ]);
    expect(problems[0]?.message).toContain('(A → B → A)');
    expect(problems[1]?.message).toContain('(B → A → B)');
  });

  it('reports a group that is its own parent', () => {
    const problems = validateScoringTable([group('A', 'A'), gradedLeaf('x', null, 5)]);
    expect(where(problems)).toEqual([[0, 'parentCode']]);
    expect(problems[0]?.message).toContain('(A → A)');
  });

  it('reports all the problems of a table at once', () => {
    const table = [
      group('I', null, 60), // 20 + 25 + 5 (the duplicate row counts too) = 50
      targetLeaf('1.1', 'I', 20, 'direct'),
      gradedLeaf('1.2', 'I', 25, 'per-occurrence'),
      gradedLeaf('1.1', 'I', 5),
      group('II'),
    ];
    expect(where(validateScoringTable(table))).toEqual([
      [3, 'code'],
      [0, 'maxPoints'],
      [1, 'method'],
      [2, 'pointsPerOccurrence'],
      [4, null],
    ]);
  });
});

describe('validateTargetValue', () => {
  it.each<[CriterionInput, number, string | null]>([
    [targetLeaf('1', null, 10, 'proportional', 'at-least'), 95, null],
    [
      targetLeaf('1', null, 10, 'proportional', 'at-least'),
      0,
      'Tiêu chí "1": chỉ tiêu ký kết phải lớn hơn 0 vì điểm được tính bằng cách chia cho chỉ tiêu (đang là 0).',
    ],
    [targetLeaf('1', null, 10, 'proportional', 'at-most'), 0, null],
    [
      targetLeaf('1', null, 10, 'all-or-nothing', 'at-most'),
      -2,
      'Tiêu chí "1": chỉ tiêu ký kết không được âm (đang là -2).',
    ],
    [targetLeaf('1', null, 10, 'relative-to-leader', 'at-least'), 0.5, null],
  ])('%#: validates a signed target', (leaf, value, expected) => {
    expect(validateTargetValue(leaf, value)).toEqual(expected);
  });
});
