import { describe, expect, it } from '@jest/globals';
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
