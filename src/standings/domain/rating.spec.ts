import { describe, it, expect } from '@jest/globals';
import { Rational } from './rational.js';
import { capRating, finalRating, rateTotal, validateThresholds } from './rating.js';
import type { Rating } from './types.js';

const COMMON = { excellent: 90, good: 70, completed: 50 };

describe('rateTotal', () => {
  const exact = (x: number | Rational): Rational => (x instanceof Rational ? x : Rational.fromNumber(x));
  it.each<[number | Rational, number, Rating]>([
    [100, 100, 'EXCELLENT'],
    [90, 100, 'EXCELLENT'], // exactly on the threshold
    [89.9999, 100, 'GOOD'], // would round to 90,00 for display, but is below
    [70, 100, 'GOOD'],
    [69.99, 100, 'COMPLETED'],
    [50, 100, 'COMPLETED'],
    [49.9, 100, 'NOT_COMPLETED'],
    [0, 100, 'NOT_COMPLETED'],
    [108, 120, 'EXCELLENT'], // 108 / 120 = 90%
    [107.99, 120, 'GOOD'],
    [Rational.of(7, 10).add(Rational.of(1, 10)).add(Rational.of(1, 10)), 1, 'EXCELLENT'], // 0.7 + 0.1 + 0.1 is 0.9 exactly
    [Rational.of(10, 3).add(Rational.of(10, 3)).add(Rational.of(10, 3)), 10, 'EXCELLENT'], // 10/3 × 3 is 10, not 9.999999999
    [Rational.of(90 * 10 ** 12 - 1, 10 ** 12), 100, 'GOOD'], // 10⁻¹² below the threshold is below it
    [Rational.of(9, 10), Rational.of(1, 1).toNumber(), 'EXCELLENT'],
    [99, 200, 'NOT_COMPLETED'], // 49.5% of a declared maximum of 200
    [10, 0, 'NOT_COMPLETED'], // no maximum: nothing to earn
  ])('total %p of %p → %s', (total, maxTotal, expected) => {
    expect(rateTotal(exact(total), exact(maxTotal), COMMON)).toEqual(expected);
  });

  it('uses the configured thresholds', () => {
    const strict = { excellent: 95, good: 80, completed: 60 };
    expect(rateTotal(Rational.of(94), Rational.of(100), strict)).toEqual('GOOD');
    expect(rateTotal(Rational.of(60), Rational.of(100), strict)).toEqual('COMPLETED');
    expect(rateTotal(Rational.of(9499, 100), Rational.of(100), { excellent: 94.99, good: 80, completed: 60 })).toEqual(
      'EXCELLENT',
    );
  });
});

describe('capRating', () => {
  it.each<[Rating, Rating, Rating]>([
    ['EXCELLENT', 'COMPLETED', 'COMPLETED'],
    ['GOOD', 'COMPLETED', 'COMPLETED'],
    ['COMPLETED', 'COMPLETED', 'COMPLETED'],
    ['NOT_COMPLETED', 'COMPLETED', 'NOT_COMPLETED'], // a cap never raises
    ['EXCELLENT', 'EXCELLENT', 'EXCELLENT'],
    ['EXCELLENT', 'NOT_COMPLETED', 'NOT_COMPLETED'],
  ])('%s capped at %s → %s', (rating, cap, expected) => {
    expect(capRating(rating, cap)).toEqual(expected);
  });
});

describe('finalRating', () => {
  it.each<[string, Rating, boolean, { rating: Rating } | null, { rating: Rating; overridden: boolean }]>([
    ['no veto, no override', 'EXCELLENT', false, null, { rating: 'EXCELLENT', overridden: false }],
    ['a veto caps', 'EXCELLENT', true, null, { rating: 'COMPLETED', overridden: false }],
    ['a veto does not raise', 'NOT_COMPLETED', true, null, { rating: 'NOT_COMPLETED', overridden: false }],
    ['an override wins over the veto', 'EXCELLENT', true, { rating: 'GOOD' }, { rating: 'GOOD', overridden: true }],
    ['an override can lower', 'EXCELLENT', false, { rating: 'COMPLETED' }, { rating: 'COMPLETED', overridden: true }],
    [
      'an override equal to the computed rating is still recorded',
      'GOOD',
      false,
      { rating: 'GOOD' },
      { rating: 'GOOD', overridden: true },
    ],
  ])('%s', (_case, computed, vetoed, override, expected) => {
    expect(finalRating(computed, vetoed, 'COMPLETED', override)).toEqual(expected);
  });
});

describe('validateThresholds', () => {
  it('accepts the common table', () => {
    expect(validateThresholds(COMMON)).toEqual([]);
  });

  it.each([
    [
      { excellent: 110, good: 70, completed: 50 },
      ['Ngưỡng "Hoàn thành xuất sắc nhiệm vụ" phải từ 0 đến 100 (% điểm tối đa), đang là 110%.'],
    ],
    [
      { excellent: 90, good: 70, completed: -5 },
      ['Ngưỡng "Hoàn thành nhiệm vụ" phải từ 0 đến 100 (% điểm tối đa), đang là -5%.'],
    ],
    [
      { excellent: 70, good: 70, completed: 50 },
      ['Ngưỡng "Hoàn thành xuất sắc nhiệm vụ" (70%) phải cao hơn ngưỡng "Hoàn thành tốt nhiệm vụ" (70%).'],
    ],
    [
      { excellent: 90, good: 40, completed: 50 },
      ['Ngưỡng "Hoàn thành tốt nhiệm vụ" (40%) phải cao hơn ngưỡng "Hoàn thành nhiệm vụ" (50%).'],
    ],
    [{ excellent: 100, good: 50, completed: 0 }, []],
  ])('%p', (thresholds, expected) => {
    expect(validateThresholds(thresholds)).toEqual(expected);
  });
});
