import { describe, it, expect } from '@jest/globals';
import { Rational } from './rational.js';
import { rankUnits, tieBreakerValue, validateTieBreakers } from './ranking.js';
import { bonusLeaf, gradedLeaf, group, penaltyLeaf, unitScore } from '../../../test/factories/domain-builders.js';
import type { StandingRow, TieBreaker, UnitScore } from './types.js';

const DEFAULT_TIE_BREAKERS: readonly TieBreaker[] = [
  { kind: 'targets-met' },
  { kind: 'fewer-penalty' },
  { kind: 'women-share' },
];
const NO_SHARES = new Map<number, number | null>();

/** [unitId, rank, decidedBy, decidedByCriterion, tied] per row, in row order. */
const outcome = (rows: readonly StandingRow[]) =>
  rows.map((row) => [row.unitId, row.rank, row.decidedBy, row.decidedByCriterion, row.tied]);

describe('rankUnits', () => {
  it('ranks no members', () => {
    expect(rankUnits([], DEFAULT_TIE_BREAKERS, NO_SHARES)).toEqual([]);
  });

  it('ranks distinct totals by total, best first', () => {
    const units = [unitScore(1, 80), unitScore(2, 95.5), unitScore(3, 90)];
    expect(outcome(rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES))).toEqual([
      [2, 1, 'total', null, false],
      [3, 2, 'total', null, false],
      [1, 3, 'total', null, false],
    ]);
  });

  it('lets all units share rank 1 when nothing separates them, keeping input order (never name or id)', () => {
    const units = [
      { ...unitScore(9, 90, { targetsMet: 5 }), name: 'Phường Z' },
      { ...unitScore(1, 90, { targetsMet: 5 }), name: 'Phường A' },
      { ...unitScore(5, 90, { targetsMet: 5 }), name: 'Phường M' },
    ];
    expect(outcome(rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES))).toEqual([
      [9, 1, null, null, true],
      [1, 1, null, null, true],
      [5, 1, null, null, true],
    ]);
  });

  it('leaves equal totals tied when no tie-breaker is configured', () => {
    const units = [unitScore(1, 90, { targetsMet: 3 }), unitScore(2, 90, { targetsMet: 9 })];
    expect(outcome(rankUnits(units, [], NO_SHARES))).toEqual([
      [1, 1, null, null, true],
      [2, 1, null, null, true],
    ]);
  });

  it.each<
    [string, TieBreaker[], UnitScore, UnitScore, ReadonlyMap<number, number | null>, [number, string, string | null]]
  >([
    [
      'more targets met',
      [{ kind: 'targets-met' }],
      unitScore(1, 90, { targetsMet: 10 }),
      unitScore(2, 90, { targetsMet: 12 }),
      NO_SHARES,
      [2, 'targets-met', null],
    ],
    [
      'a named group score',
      [{ kind: 'group-score', criterionCode: 'II' }],
      unitScore(1, 90, { groups: { II: 30 } }),
      unitScore(2, 90, { groups: { II: 35 } }),
      NO_SHARES,
      [2, 'group-score', 'II'],
    ],
    [
      'fewer penalty points',
      [{ kind: 'fewer-penalty' }],
      unitScore(1, 90, { penalty: 2 }),
      unitScore(2, 90, { penalty: 0.5 }),
      NO_SHARES,
      [2, 'fewer-penalty', null],
    ],
    [
      'at least 70% women',
      [{ kind: 'women-share' }],
      unitScore(1, 90),
      unitScore(2, 90),
      new Map([
        [1, 75],
        [2, 69.9],
      ]),
      [1, 'women-share', null],
    ],
    [
      'exactly 70% women against unknown',
      [{ kind: 'women-share' }],
      unitScore(1, 90),
      unitScore(2, 90),
      new Map([
        [1, null],
        [2, 70],
      ]),
      [2, 'women-share', null],
    ],
    [
      'a later tie-breaker when the first is equal',
      [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }],
      unitScore(1, 90, { targetsMet: 10, penalty: 1 }),
      unitScore(2, 90, { targetsMet: 10, penalty: 0 }),
      NO_SHARES,
      [2, 'fewer-penalty', null],
    ],
  ])('breaks a tie by %s', (_case, tieBreakers, first, second, shares, [winner, decidedBy, criterion]) => {
    const loser = winner === first.unitId ? second.unitId : first.unitId;
    expect(outcome(rankUnits([first, second], tieBreakers, shares))).toEqual([
      [winner, 1, decidedBy, criterion, false],
      [loser, 2, decidedBy, criterion, false],
    ]);
  });

  it.each<[string, ReadonlyMap<number, number | null>]>([
    [
      'both at least 70%',
      new Map([
        [1, 70],
        [2, 95],
      ]),
    ],
    [
      'both below or unknown',
      new Map([
        [1, 50],
        [2, null],
      ]),
    ],
  ])('does not separate women shares that are %s', (_case, shares) => {
    const units = [unitScore(1, 90), unitScore(2, 90)];
    expect(outcome(rankUnits(units, [{ kind: 'women-share' }], shares))).toEqual([
      [1, 1, null, null, true],
      [2, 1, null, null, true],
    ]);
  });

  it('separates one of three tied units and keeps the other two tied (1, 2, 2, 4)', () => {
    const units = [
      unitScore(1, 80),
      unitScore(2, 90, { targetsMet: 10 }),
      unitScore(3, 90, { targetsMet: 10 }),
      unitScore(4, 90, { targetsMet: 12 }),
    ];
    expect(outcome(rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES))).toEqual([
      [4, 1, 'targets-met', null, false],
      [2, 2, null, null, true],
      [3, 2, null, null, true],
      [1, 4, 'total', null, false],
    ]);
  });

  it('names the deepest tie-breaker that finally separated a unit', () => {
    const units = [
      unitScore(1, 90, { targetsMet: 9 }),
      unitScore(2, 90, { targetsMet: 10, penalty: 1 }),
      unitScore(3, 90, { targetsMet: 10, penalty: 0 }),
    ];
    expect(outcome(rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES))).toEqual([
      [3, 1, 'fewer-penalty', null, false], // vs 2: penalty; vs 1: targets met
      [2, 2, 'fewer-penalty', null, false],
      [1, 3, 'targets-met', null, false],
    ]);
  });

  it('ranks only active units; units that left come last, unranked', () => {
    const units = [
      unitScore(7, 100, { active: false, rating: null, computedRating: null }),
      unitScore(1, 90),
      unitScore(2, 80),
    ];
    const rows = rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES);
    expect(outcome(rows)).toEqual([
      [1, 1, 'total', null, false],
      [2, 2, 'total', null, false],
      [7, null, null, null, false],
    ]);
    expect(rows[2]?.active).toEqual(false);
  });

  it('keeps a vetoed top scorer first, with its capped rating', () => {
    const units = [
      unitScore(1, 90),
      unitScore(2, 99, { computedRating: 'EXCELLENT', rating: 'COMPLETED', vetoed: true }),
    ];
    const [top] = rankUnits(units, DEFAULT_TIE_BREAKERS, NO_SHARES);
    expect(top).toMatchObject({
      unitId: 2,
      rank: 1,
      total: 99,
      computedRating: 'EXCELLENT',
      rating: 'COMPLETED',
      vetoed: true,
    });
  });
});

describe('tieBreakerValue', () => {
  const unit = unitScore(1, 50, {
    groups: { II: 12 },
    leaves: [
      {
        code: '3.2',
        kind: 'penalty',
        maxPoints: 10,
        target: null,
        actual: null,
        met: null,
        computed: null,
        selfScore: 4,
        reviewedScore: null,
        final: Rational.of(4),
        source: 'self',
      },
    ],
  });
  it.each<[TieBreaker, number]>([
    [{ kind: 'group-score', criterionCode: 'II' }, 12],
    [{ kind: 'group-score', criterionCode: '3.2' }, -4], // a penalty leaf: fewer is better
    [{ kind: 'group-score', criterionCode: 'missing' }, 0],
  ])('%p → %p', (tieBreaker, expected) => {
    expect(tieBreakerValue(unit, tieBreaker, NO_SHARES)).toEqual(expected);
  });
});

describe('validateTieBreakers', () => {
  const criteria = [group('I'), gradedLeaf('1.1', 'I', 10), bonusLeaf('1.2', 'I', 5), penaltyLeaf('1.3', 'I', 5)];
  it.each<[string, TieBreaker[], string[]]>([
    ['the defaults', [...DEFAULT_TIE_BREAKERS], []],
    [
      'two different groups',
      [
        { kind: 'group-score', criterionCode: 'I' },
        { kind: 'group-score', criterionCode: '1.1' },
      ],
      [],
    ],
    [
      'the same kind twice',
      [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }, { kind: 'targets-met' }],
      ['Tiêu chí phụ thứ 3 (Số chỉ tiêu đạt): bị trùng, hãy bỏ bớt.'],
    ],
    [
      'the same group twice',
      [
        { kind: 'group-score', criterionCode: 'I' },
        { kind: 'group-score', criterionCode: 'I' },
      ],
      ['Tiêu chí phụ thứ 2 (Điểm nhóm tiêu chí "I"): bị trùng, hãy bỏ bớt.'],
    ],
    [
      'an unknown group',
      [{ kind: 'group-score', criterionCode: 'IX' }],
      ['Tiêu chí phụ thứ 1 (Điểm nhóm tiêu chí): không có tiêu chí "IX" trong bảng chấm điểm.'],
    ],
    [
      'a blank group',
      [{ kind: 'group-score', criterionCode: ' ' }],
      ['Tiêu chí phụ thứ 1 (Điểm nhóm tiêu chí): chưa chọn nhóm tiêu chí.'],
    ],
  ])('%s', (_case, tieBreakers, expected) => {
    expect(validateTieBreakers(tieBreakers, criteria)).toEqual(expected);
  });
});
