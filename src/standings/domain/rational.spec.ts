import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { Rational, toNumber } from './rational.js';

const R = (n: bigint | number, d: bigint | number = 1n): Rational => Rational.of(n, d);

describe('Rational', () => {
  it.each<[string, Rational, string]>([
    ['lowest terms', R(6, 4), '3/2'],
    ['a negative denominator', R(3, -6), '-1/2'],
    ['zero', R(0, -5), '0'],
    ['an integer', R(10, 1), '10'],
    ['10/3 + 10/3 + 10/3', R(10, 3).add(R(10, 3)).add(R(10, 3)), '10'],
    ['0.1 + 0.2', Rational.fromNumber(0.1).add(Rational.fromNumber(0.2)), '3/10'],
    ['0.7 + 0.1 + 0.1', Rational.sum([0.7, 0.1, 0.1].map((x) => Rational.fromNumber(x))), '9/10'],
    ['the largest entered value', Rational.fromNumber(9_999_999_999.9999), '99999999999999/10000'],
    ['an excess of 1 on 9.000.000.000', R(9_000_000_001).sub(R(9_000_000_000)).div(R(9_000_000_000)), '1/9000000000'],
    ['1e-7 as written', Rational.fromNumber(1e-7), '1/10000000'],
    ['a large exponent', Rational.fromDecimalString('1.5e21'), '1500000000000000000000'],
    ['83.7', Rational.fromNumber(83.7), '837/10'],
  ])('%s → %s', (_, value, expected) => {
    expect(value.toString()).toBe(expected);
  });

  it.each<[Rational, number, string]>([
    [R(10, 3), 2, '3.33'],
    [R(20, 3), 2, '6.67'],
    [R(201, 200), 2, '1.01'], // 1.005: half away from zero
    [R(-201, 200), 2, '-1.01'],
    [R(5, 2), 0, '3'],
    [R(-5, 2), 0, '-3'],
    [R(-1, 1000), 2, '0.00'], // never -0
    [R(1, 8), 5, '0.12500'],
    [R(1100, 12), 2, '91.67'],
  ])('%s.toFixed(%p) = %p', (value, decimals, expected) => {
    expect(value.toFixed(decimals)).toBe(expected);
  });

  it.each<[Rational | null, number | null]>([
    [R(10, 3), 10 / 3],
    [R(1100, 12), 1100 / 12],
    [R(0), 0],
    [R(-7, 2), -3.5],
    [Rational.fromNumber(9_999_999_999.9999), 9_999_999_999.9999],
    [R(10n ** 30n + 1n, 3n), (10 ** 30 + 1) / 3],
    [null, null],
  ])('toNumber(%s) = %p', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });

  it.each(['', '.', 'abc', '1,5', '1.2.3', '--1'])('refuses the text %p', (text) => {
    expect(() => Rational.fromDecimalString(text)).toThrow(RangeError);
  });

  it('refuses to divide by zero and non-finite numbers', () => {
    expect(() => R(1, 0)).toThrow(RangeError);
    expect(() => R(1).div(Rational.ZERO)).toThrow(RangeError);
    expect(() => Rational.fromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => Rational.fromNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('compares exactly', () => {
    const justBelow = Rational.fromNumber(9_999_999_998.9999);
    expect(justBelow.lt(R(9_999_999_999))).toBe(true);
    expect(R(10, 3).mul(R(3)).equals(R(10))).toBe(true);
    expect(R(1, 3).compare(R(333_333_333, 1_000_000_000))).toBe(1);
    expect(Rational.max(R(1, 3), R(1, 4)).toString()).toBe('1/3');
    expect(Rational.min(R(1, 3), R(1, 4)).toString()).toBe('1/4');
  });

  const decimal = fc
    .tuple(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), fc.integer({ min: 0, max: 4 }))
    .map(([digits, places]) => digits / 10 ** places);

  it('reads every value a user can enter (up to 10 digits and 4 decimals) as the decimal typed', () => {
    fc.assert(
      fc.property(decimal, (value) => {
        const exact = Rational.fromNumber(value);
        expect(exact.toNumber()).toBe(value === 0 ? 0 : value);
        expect(Rational.fromDecimalString(exact.toFixed(4)).equals(exact)).toBe(true);
      }),
    );
  });

  it('adds, subtracts, multiplies and divides without losing anything', () => {
    const rational = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 12n }))
      .map(([n, d]) => R(n, d));
    fc.assert(
      fc.property(rational, rational, rational, (a, b, c) => {
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .equals(a.add(b.add(c))),
        ).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
        expect(Math.sign(a.compare(b))).toBe(-Math.sign(b.compare(a)));
      }),
    );
  });
});
