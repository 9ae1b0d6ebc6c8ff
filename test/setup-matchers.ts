/**
 * Lets the specs write expected points as plain decimals: `expect(total).toEqual(7.75)` holds when
 * the exact Rational equals the decimal 7.75 as written (not a nearby double). Anything else
 * (10/3, say) is written as a Rational: `toEqual(Rational.of(10, 3))`.
 */
import { expect } from '@jest/globals';
import { Rational } from '../src/standings/domain/rational.js';

function rationalEquality(a: unknown, b: unknown): boolean | undefined {
  const aRational = a instanceof Rational;
  const bRational = b instanceof Rational;
  if (!aRational && !bRational) return undefined;
  if (aRational && bRational) return a.equals(b);
  const [exact, other] = aRational ? [a, b] : [b as Rational, a];
  if (typeof other !== 'number' || !Number.isFinite(other)) return false;
  return exact.equals(Rational.fromNumber(other));
}

expect.addEqualityTesters([rationalEquality]);
