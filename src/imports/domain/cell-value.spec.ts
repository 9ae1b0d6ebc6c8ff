import { describe, expect, it } from '@jest/globals';
import type ExcelJS from 'exceljs';
import { plainValue } from './cell-value.js';
import { parseNumber, parseText, type RawValue } from './import-plan.js';

describe('plainValue', () => {
  const date = new Date('2021-12-03T00:00:00Z');
  it.each<[string, ExcelJS.CellValue | undefined, RawValue]>([
    ['empty', null, null],
    ['undefined', undefined, null],
    ['number', 7.5, 7.5],
    ['text', '1.250', '1.250'],
    ['boolean', true, true],
    ['date', date, date],
    ['error', { error: '#DIV/0!' }, { error: '#DIV/0!' }],
    ['rich text', { richText: [{ text: 'mười ' }, { text: 'hai' }] }, 'mười hai'],
    ['hyperlink', { text: 'Xem', hyperlink: 'https://example.org' }, 'Xem'],
    ['formula with a cached number', { formula: 'SUM(I2:I3)', result: 12 }, 12],
    ['formula with a cached text', { formula: 'A1&""', result: '83,7' }, '83,7'],
    ['formula with a cached zero', { formula: '1-1', result: 0 }, 0],
    ['formula with a cached error', { formula: '1/0', result: { error: '#DIV/0!' } }, { error: '#DIV/0!' }],
    ['formula without a cached value', { formula: 'SUM(I2:I3)' }, { formula: 'SUM(I2:I3)' }],
    [
      'formula with a null result',
      { formula: 'I2*2', result: null } as unknown as ExcelJS.CellValue,
      { formula: 'I2*2' },
    ],
    ['shared formula with a cached value', { sharedFormula: 'J2', result: 4 }, 4],
    ['shared formula without a cached value', { sharedFormula: 'J2' }, { formula: '(công thức dùng chung với ô J2)' }],
  ])('%s', (_name, value, expected) => {
    expect(plainValue(value)).toEqual(expected);
  });
});

describe('a formula saved without its result is refused, never read as empty', () => {
  const advice = 'hãy mở và lưu lại tệp bằng Excel hoặc LibreOffice rồi gửi lại';
  it.each<[string, RawValue, string]>([
    [
      'number cell',
      { formula: 'SUM(I2:I3)' },
      `ô có công thức =SUM(I2:I3) nhưng tệp không lưu kết quả của công thức này; ${advice}`,
    ],
    [
      'shared formula',
      { formula: '(công thức dùng chung với ô J2)' },
      'ô có công thức (công thức dùng chung với ô J2) nhưng',
    ],
  ])('%s', (_name, value, reason) => {
    for (const parsed of [parseNumber(value), parseText(value)]) {
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.reason).toContain(reason);
    }
  });
});
