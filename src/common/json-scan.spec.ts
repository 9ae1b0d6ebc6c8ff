import { describe, expect, it } from '@jest/globals';
import { findForbiddenControl, scanJson } from './json-scan.js';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('scanJson', () => {
  it.each([
    ['{}', null],
    [nested(32), null],
    [nested(33), { kind: 'too-deep', position: 32 }],
    [`{"a":${nested(40)}}`, { kind: 'too-deep', position: 36 }],
    ['"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["', null],
    ['{"a\\"[[[":"]"}', null],
    ['{"a":"x\\u0000"}', { kind: 'control-character', position: 7, codePoint: 0 }],
    ['{"a":"\\u001F"}', { kind: 'control-character', position: 6, codePoint: 0x1f }],
    ['{"a":"\\u007f"}', { kind: 'control-character', position: 6, codePoint: 0x7f }],
    ['{"a":"x\u007f"}', { kind: 'control-character', position: 7, codePoint: 0x7f }],
    ['{"a":"\\b"}', { kind: 'control-character', position: 6, codePoint: 8 }],
    ['{"a":"\\f"}', { kind: 'control-character', position: 6, codePoint: 12 }],
    ['{"a":"\\t\\n\\r\\u0009\\u000A\\u000d"}', null],
    ['{"a":"\\\\u0000"}', null],
    ['{"a":"\\ud83c\\udfc6 🏆"}', null],
    ['{"a":"\\ud83c"}', { kind: 'lone-surrogate', position: 6 }],
    ['{"a":"\\ud83cx"}', { kind: 'lone-surrogate', position: 6 }],
    ['{"a":"\\udfc6"}', { kind: 'lone-surrogate', position: 6 }],
    ['{"a":"\ud83c"}', { kind: 'lone-surrogate', position: 6 }],
    ['{"a":"\\u00zz"}', null],
  ])('%s → %j', (text, expected) => {
    expect(scanJson(text)).toEqual(expected);
  });

  it('scans 2.5 million brackets without recursion', () => {
    expect(scanJson(nested(2_500_000))).toEqual({ kind: 'too-deep', position: 32 });
    expect(scanJson(`"${'['.repeat(2_500_000)}"`)).toBeNull();
  });
});

describe('findForbiddenControl', () => {
  it.each([
    ['Đơn vị', -1],
    ['dòng 1\r\ndòng 2\tcột', -1],
    ['a\u0000', 1],
    ['\u001b[31m', 0],
    ['x\u007f', 1],
  ])('%j → %i', (text, expected) => {
    expect(findForbiddenControl(text)).toBe(expected);
  });
});
