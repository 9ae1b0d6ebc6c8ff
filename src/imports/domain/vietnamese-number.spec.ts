import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseVietnameseNumber } from './vietnamese-number.js';

describe('parseVietnameseNumber', () => {
  it.each([
    ['12', 12],
    ['1.250', 1250],
    ['1.250.000', 1_250_000],
    ['83,7', 83.7],
    ['1.250,5', 1250.5],
    ['0,5', 0.5],
    [',5', 0.5],
    ['0,125', 0.125],
    ['1,2500', 1.25],
    ['-3', -3],
    ['+7', 7],
    ['  83,7\u00a0', 83.7],
    ['\u202f1 250,5 ', 1250.5],
    ['1\u00a0250', 1250],
    ['0', 0],
    ['-0', 0],
    ['007', 7],
  ])('%j is %p', (text, value) => {
    expect(parseVietnameseNumber(text)).toEqual({ ok: true, value });
  });

  it.each([
    [
      '1,250',
      'không rõ là số thập phân hay số hàng nghìn; hãy viết 1.250 nếu là hàng nghìn, hoặc 1,25 nếu là số thập phân',
    ],
    ['12,000', 'hãy viết 12.000 nếu là hàng nghìn, hoặc 12 nếu là số thập phân'],
    ['1.25', 'dấu chấm không đúng chỗ'],
    ['1.25', '(nếu là số thập phân, viết 1,25)'],
    ['0.5', 'viết 0,5'],
    ['1,250.5', 'viết theo kiểu tiếng Anh'],
    ['1.25.000', 'dấu chấm không đúng chỗ'],
    ['12.50,5', 'dấu chấm không đúng chỗ'],
    ['1,2,3', 'nhiều dấu phẩy'],
    ['mười', "'mười' không phải là số"],
    ['12a', 'không phải là số'],
    ['1 2 3x', 'không phải là số'],
    ['.', 'không phải là số'],
    ['1,', 'không phải là số'],
    ['', 'ô trống'],
  ])('%j is refused: %s', (text, reason) => {
    const parsed = parseVietnameseNumber(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});

describe('parseVietnameseNumber, properties', () => {
  /** 1234567 and "05" → "1.234.567,05"; without grouping "1234567,05". */
  const write = (integer: number, fraction: string, grouped: boolean): string => {
    const digits = String(integer);
    const body = grouped ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : digits;
    return fraction === '' ? body : `${body},${fraction}`;
  };

  it('reads back any number written the Vietnamese way, grouped or not (one thousand and more grouped)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.stringMatching(/^(\d{1,2}|\d{4})?$/),
        fc.boolean(),
        (integer, fraction, grouped) => {
          const parsed = parseVietnameseNumber(write(integer, fraction, grouped));
          expect(parsed).toEqual({
            ok: true,
            value: Number(`${integer}${fraction === '' ? '' : `.${fraction}`}`) || 0,
          });
        },
      ),
    );
  });

  it('never guesses a comma followed by exactly three digits after a non-zero whole number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{3}$/), (integer, three) => {
        expect(parseVietnameseNumber(`${integer},${three}`).ok).toBe(false);
      }),
    );
  });
});
