import { describe, expect, it } from '@jest/globals';
import { AppException } from './app-exception.js';
import { bodyLimitFor, parseJsonBody } from './request-limits.js';

const codeOf = (body: Buffer): string | undefined => {
  try {
    parseJsonBody(body);
    return undefined;
  } catch (error) {
    return error instanceof AppException ? error.code : 'not an AppException';
  }
};

describe('parseJsonBody', () => {
  it.each([
    ['{"a":1}', undefined],
    ['{"ghi chú":"dòng 1\\ndòng 2"}', undefined],
    ['', undefined],
    ['null', 'MALFORMED_REQUEST'],
    ['[1]', 'MALFORMED_REQUEST'],
    ['5', 'MALFORMED_REQUEST'],
    ['{"a":', 'MALFORMED_REQUEST'],
    [`{"a":${'['.repeat(40)}${']'.repeat(40)}}`, 'JSON_TOO_DEEP'],
    ['{"a":"\\u0000"}', 'CONTROL_CHARACTER'],
    ['{"a":"\\ud800"}', 'INVALID_ENCODING'],
  ])('%s → %s', (text, code) => {
    expect(codeOf(Buffer.from(text))).toBe(code);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe1, 0xba]],
  ])('invalid UTF-8 (%s) → INVALID_ENCODING', (_label, bytes) => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from('"}')]);
    expect(codeOf(body)).toBe('INVALID_ENCODING');
  });

  it('keeps the parsed object', () => {
    expect(parseJsonBody(Buffer.from('{"tên":"Đơn vị 🏆","n":[1,2]}'))).toEqual({ tên: 'Đơn vị 🏆', n: [1, 2] });
  });
});

describe('bodyLimitFor', () => {
  it.each([
    ['POST', '/api/auth/login', 4096],
    ['POST', '/api/auth/session', 4096],
    ['PATCH', '/api/auth/password', 4096],
    ['PUT', '/api/clusters/:id/years/:year', 1024 * 1024],
    ['PUT', '/api/clusters/:id/years/:year/results/:unitId', 1024 * 1024],
    ['POST', '/api/units', 256 * 1024],
    ['GET', '/api/clusters/:id/years/:year', 256 * 1024],
  ])('%s %s → %i bytes', (method, url, limit) => {
    expect(bodyLimitFor(method, url)).toBe(limit);
  });
});
