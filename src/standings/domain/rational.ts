/**
 * Exact numbers for the rules: a rational with a BigInt numerator and denominator, always in
 * lowest terms with a positive denominator. Points, totals, percentages, ratings, met targets,
 * ranks and ties are decided on these; 10/3 + 10/3 + 10/3 is exactly 10.
 *
 * Values enter from the decimals as entered (`Rational.fromNumber(83.7)` is 837/10, read from the
 * number's shortest decimal form, which is how it was typed for anything with up to 15 significant
 * digits) and leave only through `toNumber()` (the nearest double, for JSON and spreadsheets) or
 * `toFixed()` (rounded half away from zero, for display): the one place where anything is rounded.
 */

const TWO_POW_53 = 2n ** 53n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  if (x <= MAX_SAFE && y <= MAX_SAFE) {
    // The usual case (entered decimals and their quotients): the same steps on doubles, exact below 2^53.
    let p = Number(x);
    let q = Number(y);
    while (q !== 0) [p, q] = [q, p % q];
    return BigInt(p);
  }
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Entered values repeat (maximum points, targets): their exact forms are kept, a bounded number of them. */
const fromNumberCache = new Map<number, Rational>();
const FROM_NUMBER_CACHE_SIZE = 4096;

export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** Use the static constructors: the pair given here must already be in lowest terms. */
  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  /** numerator / denominator, both integers (numbers or BigInts). */
  static of(numerator: bigint | number, denominator: bigint | number = 1n): Rational {
    const n = typeof numerator === 'bigint' ? numerator : BigInt(numerator);
    const d = typeof denominator === 'bigint' ? denominator : BigInt(denominator);
    if (d === 0n) throw new RangeError('Không thể chia cho 0.');
    if (n === 0n) return Rational.ZERO;
    if (d === 1n) return new Rational(n, 1n);
    const g = gcd(n, d);
    const sign = d < 0n ? -1n : 1n;
    return new Rational((sign * n) / g, (sign * d) / g);
  }

  /**
   * The decimal a number was written as: 0.1 → 1/10, 1e-7 → 1/10000000. Throws on NaN or ±Infinity
   * (validation refuses those long before the rules see them).
   */
  static fromNumber(value: number): Rational {
    if (!Number.isFinite(value)) throw new RangeError(`Không phải là số hữu hạn: ${String(value)}.`);
    if (Number.isSafeInteger(value)) return value === 0 ? Rational.ZERO : new Rational(BigInt(value), 1n);
    const known = fromNumberCache.get(value);
    if (known !== undefined) return known;
    const exact = Rational.fromDecimalString(String(value));
    if (fromNumberCache.size >= FROM_NUMBER_CACHE_SIZE) fromNumberCache.clear();
    fromNumberCache.set(value, exact);
    return exact;
  }

  /** '-12.345', '1.5e-7', '3' → the exact value. */
  static fromDecimalString(text: string): Rational {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (match === null || `${match[2] ?? ''}${match[3] ?? ''}` === '') {
      throw new RangeError(`"${text}" không phải là số thập phân.`);
    }
    const [, sign = '', whole = '', fractionDigits = '', exponentText = '0'] = match;
    const digits = BigInt(`${whole}${fractionDigits}` || '0');
    const exponent = Number(exponentText) - fractionDigits.length;
    const signed = sign === '-' ? -digits : digits;
    return exponent >= 0
      ? Rational.of(signed * 10n ** BigInt(exponent))
      : Rational.of(signed, 10n ** BigInt(-exponent));
  }

  /** A number, or null for null: the shape the rules' inputs come in. */
  static fromNullable(value: number | null): Rational | null {
    return value === null ? null : Rational.fromNumber(value);
  }

  static sum(values: Iterable<Rational>): Rational {
    let total = Rational.ZERO;
    for (const value of values) total = total.add(value);
    return total;
  }

  static max(a: Rational, b: Rational): Rational {
    return a.compare(b) >= 0 ? a : b;
  }

  static min(a: Rational, b: Rational): Rational {
    return a.compare(b) <= 0 ? a : b;
  }

  add(other: Rational): Rational {
    // a/b + c (or c + a/b) is already in lowest terms: gcd(a + cb, b) = gcd(a, b) = 1.
    if (other.denominator === 1n) {
      if (other.numerator === 0n) return this;
      return new Rational(this.numerator + other.numerator * this.denominator, this.denominator);
    }
    if (this.denominator === 1n) {
      if (this.numerator === 0n) return other;
      return new Rational(other.numerator + this.numerator * other.denominator, other.denominator);
    }
    if (this.denominator === other.denominator) return Rational.of(this.numerator + other.numerator, this.denominator);
    return Rational.of(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  sub(other: Rational): Rational {
    return this.add(other.neg());
  }

  mul(other: Rational): Rational {
    return Rational.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  div(other: Rational): Rational {
    if (other.numerator === 0n) throw new RangeError('Không thể chia cho 0.');
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  neg(): Rational {
    return this.numerator === 0n ? this : new Rational(-this.numerator, this.denominator);
  }

  /** −1, 0 or 1. */
  compare(other: Rational): number {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left === right ? 0 : left < right ? -1 : 1;
  }

  equals(other: Rational): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  lt(other: Rational): boolean {
    return this.compare(other) < 0;
  }

  lte(other: Rational): boolean {
    return this.compare(other) <= 0;
  }

  gt(other: Rational): boolean {
    return this.compare(other) > 0;
  }

  gte(other: Rational): boolean {
    return this.compare(other) >= 0;
  }

  /** −1, 0 or 1. */
  get sign(): number {
    return this.numerator === 0n ? 0 : this.numerator < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  /** The nearest double: what JSON and spreadsheets get. Exact for every value a user can type. */
  toNumber(): number {
    const absolute = this.numerator < 0n ? -this.numerator : this.numerator;
    if (absolute <= TWO_POW_53 && this.denominator <= TWO_POW_53) {
      // Both are exact doubles and IEEE division rounds correctly.
      const value = Number(this.numerator) / Number(this.denominator);
      return value === 0 ? 0 : value;
    }
    // Larger terms: 30 significant digits, then JavaScript's correctly rounded parsing.
    const digits = absolute.toString().length - this.denominator.toString().length;
    const places = Math.max(0, 30 - digits);
    return Number(this.toFixed(places));
  }

  /**
   * The decimal text with exactly `decimals` decimals, rounded half away from zero on the exact
   * value ('1.01' for 201/200 at 2), never '-0'.
   */
  toFixed(decimals: number): string {
    if (!Number.isInteger(decimals) || decimals < 0) {
      throw new RangeError(`Số chữ số thập phân phải là số nguyên không âm (đang là ${decimals}).`);
    }
    const negative = this.numerator < 0n;
    const scaled = (negative ? -this.numerator : this.numerator) * 10n ** BigInt(decimals);
    let quotient = scaled / this.denominator;
    if (2n * (scaled % this.denominator) >= this.denominator) quotient += 1n;
    const text = quotient.toString().padStart(decimals + 1, '0');
    const whole = text.slice(0, text.length - decimals);
    const body = decimals === 0 ? whole : `${whole}.${text.slice(text.length - decimals)}`;
    return negative && quotient !== 0n ? `-${body}` : body;
  }

  /** The rounded value as a number (for a display figure that must stay a number). */
  round(decimals: number): number {
    const value = Number(this.toFixed(decimals));
    return value === 0 ? 0 : value;
  }

  /** '10/3', '-5', '0': the exact value, for messages, logs and tests. */
  toString(): string {
    return this.denominator === 1n ? this.numerator.toString() : `${this.numerator}/${this.denominator}`;
  }
}

/** A number leaving the rules for JSON or a spreadsheet: the nearest double; null stays null. */
export function toNumber(value: Rational): number;
export function toNumber(value: Rational | null): number | null;
export function toNumber(value: Rational | null): number | null {
  return value === null ? null : value.toNumber();
}
