import { describe, expect, it } from '@jest/globals';
import { formatDate, nameSpan } from './admin-view.js';

describe('admin pages: dates and name spans in Vietnamese', () => {
  it.each([
    ['2022-06-01', '01/06/2022'],
    ['2025-12-31T17:00:00.000Z', '31/12/2025'],
    [null, ''],
    [undefined, ''],
  ])('formatDate(%p) is %p', (input, expected) => {
    expect(formatDate(input)).toBe(expected);
  });

  it.each([
    [{ validFrom: null, validTo: null }, 'từ trước đến nay'],
    [{ validFrom: '2022-06-01', validTo: null }, 'từ 01/06/2022 đến nay'],
    [{ validFrom: null, validTo: '2022-05-31' }, 'đến 31/05/2022'],
    [{ validFrom: '2020-01-01', validTo: '2021-12-31' }, '01/01/2020 – 31/12/2021'],
  ])('nameSpan(%p) is %p', (name, expected) => {
    expect(nameSpan(name)).toBe(expected);
  });
});
