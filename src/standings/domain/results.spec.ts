import { describe, it, expect } from '@jest/globals';
import { validateResults, type ResultEntry } from './results.js';
import { bonusLeaf, gradedLeaf, group, targetLeaf } from '../../../test/factories/domain-builders.js';

const TABLE = [
  group('I'),
  targetLeaf('1.1', 'I', 20, 'proportional', 'at-least', 100),
  gradedLeaf('1.2', 'I', 10, 'all-or-nothing'),
  gradedLeaf('2.1', null, 30),
  bonusLeaf('3.1', null, 5, 1),
];

const entry = (criterionCode: string, fields: Partial<Omit<ResultEntry, 'criterionCode'>> = {}): ResultEntry => ({
  criterionCode,
  actual: null,
  selfScore: null,
  reviewedScore: null,
  reviewReason: null,
  ...fields,
});

describe('validateResults', () => {
  it('accepts valid entries', () => {
    const entries = [
      entry('1.1', { actual: 95.5, selfScore: 19 }),
      entry('1.2', { actual: 1 }),
      entry('2.1', { selfScore: 28, reviewedScore: 25, reviewReason: 'Thiếu minh chứng' }),
      entry('3.1', { actual: 3 }),
    ];
    expect(validateResults(TABLE, entries)).toEqual([]);
  });

  it.each<[string, ResultEntry, string, string]>([
    [
      'an unknown criterion',
      entry('9.9', { actual: 1 }),
      'criterionCode',
      'Tiêu chí "9.9": không có trong bảng chấm điểm của năm này.',
    ],
    [
      'a group',
      entry('I', { selfScore: 5 }),
      'criterionCode',
      'Tiêu chí "I": là nhóm tiêu chí; điểm của nhóm là tổng các tiêu chí con, hãy nhập kết quả cho từng tiêu chí con.',
    ],
    [
      'a self-score above the maximum',
      entry('2.1', { selfScore: 31 }),
      'selfScore',
      'Tiêu chí "2.1": Điểm tự chấm phải từ 0 đến 30 (điểm tối đa), đang là 31.',
    ],
    [
      'a negative reviewed score',
      entry('2.1', { reviewedScore: -1 }),
      'reviewedScore',
      'Tiêu chí "2.1": Điểm cụm chấm phải từ 0 đến 30 (điểm tối đa), đang là -1.',
    ],
    [
      'a negative actual',
      entry('1.1', { actual: -5 }),
      'actual',
      'Tiêu chí "1.1": kết quả thực hiện không được âm (đang là -5).',
    ],
    [
      'a fractional count',
      entry('3.1', { actual: 2.5 }),
      'actual',
      'Tiêu chí "3.1": kết quả là số lần nên phải là số nguyên (đang là 2,5).',
    ],
    [
      'a yes/no answer of 2',
      entry('1.2', { actual: 2 }),
      'actual',
      'Tiêu chí "1.2": tiêu chí đạt/không đạt nhận 1 (đạt) hoặc 0 (không đạt), đang là 2.',
    ],
    [
      'an actual on a direct leaf',
      entry('2.1', { actual: 27 }),
      'actual',
      'Tiêu chí "2.1": tiêu chí chấm trực tiếp nhập điểm trực tiếp, không có kết quả thực hiện; hãy nhập điểm vào ô điểm tự chấm (selfScore) hoặc điểm cụm chấm (reviewedScore).',
    ],
    [
      'a reviewed score differing from the self-score without a reason',
      entry('2.1', { selfScore: 28, reviewedScore: 25 }),
      'reviewReason',
      'Tiêu chí "2.1": điểm cụm chấm (25) khác điểm tự chấm (28); hãy ghi lý do.',
    ],
    [
      'a blank reason',
      entry('2.1', { selfScore: 28, reviewedScore: 25.5, reviewReason: '   ' }),
      'reviewReason',
      'Tiêu chí "2.1": điểm cụm chấm (25,5) khác điểm tự chấm (28); hãy ghi lý do.',
    ],
  ])('reports %s', (_case, bad, field, message) => {
    expect(validateResults(TABLE, [bad])).toEqual([{ index: 0, field, message }]);
  });

  it.each<[string, ResultEntry]>([
    ['a yes/no answer of 0', entry('1.2', { actual: 0 })],
    ['a reviewed score equal to the self-score', entry('2.1', { selfScore: 28, reviewedScore: 28 })],
    ['a reviewed score without a self-score', entry('2.1', { reviewedScore: 25 })],
    ['a score of exactly the maximum', entry('2.1', { selfScore: 30 })],
    ['a fractional target actual', entry('1.1', { actual: 97.5 })],
  ])('accepts %s', (_case, ok) => {
    expect(validateResults(TABLE, [ok])).toEqual([]);
  });

  it('reports a criterion entered twice, at the second entry', () => {
    expect(
      validateResults(TABLE, [
        entry('2.1', { selfScore: 20 }),
        entry('1.1', { actual: 90 }),
        entry('2.1', { selfScore: 25 }),
      ]),
    ).toEqual([
      {
        index: 2,
        field: 'criterionCode',
        message: 'Tiêu chí "2.1": đã có kết quả ở dòng 1; mỗi tiêu chí chỉ nhập một lần.',
      },
    ]);
  });

  it('reports several problems of one entry', () => {
    const problems = validateResults(TABLE, [
      entry('1.1', { actual: -1, selfScore: 25, reviewedScore: 21, reviewReason: null }),
    ]);
    expect(problems.map((p) => p.field)).toEqual(['selfScore', 'reviewedScore', 'actual', 'reviewReason']);
  });
});
