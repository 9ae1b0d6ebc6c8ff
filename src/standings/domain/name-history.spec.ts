import { describe, it, expect } from '@jest/globals';
import { nameInYear, validateNameHistory, type NameRecord } from './name-history.js';

const name = (n: string, validFrom: string | null, validTo: string | null): NameRecord => ({
  name: n,
  validFrom,
  validTo,
});

/** Renamed on 1 July 2025 (the two-tier local government reform). */
const RENAMED = [name('Phường Bến Nghé', null, '2025-06-30'), name('Phường Sài Gòn', '2025-07-01', null)];

describe('nameInYear', () => {
  it.each<[string, readonly NameRecord[], number, string | null]>([
    ['before the rename', RENAMED, 2021, 'Phường Bến Nghé'],
    ['the year of the rename: the name on 31 December', RENAMED, 2025, 'Phường Sài Gòn'],
    ['after the rename', RENAMED, 2026, 'Phường Sài Gòn'],
    ['renamed on 31 December itself', [name('Cũ', null, '2024-12-30'), name('Mới', '2024-12-31', null)], 2024, 'Mới'],
    ['dissolved mid-year: its last name that year', [name('Xã A', null, '2025-06-30')], 2025, 'Xã A'],
    [
      'dissolved, two names that year: the later one',
      [name('X', null, '2025-03-31'), name('Y', '2025-04-01', '2025-06-30')],
      2025,
      'Y',
    ],
    ['the year after dissolution', [name('Xã A', null, '2025-06-30')], 2026, null],
    ['before it existed', [name('Phường B', '2024-01-01', null)], 2023, null],
    ['no history', [], 2025, null],
  ])('%s', (_case, names, year, expected) => {
    expect(nameInYear(names, year)).toBe(expected);
  });
});

describe('validateNameHistory', () => {
  it.each<[string, readonly NameRecord[], string[]]>([
    ['a rename with adjacent periods', RENAMED, []],
    ['one open name', [name('Phường 1', null, null)], []],
    ['a blank name', [name('  ', '2020-01-01', null)], ['Tên thứ 1: tên đơn vị đang để trống.']],
    [
      'a period that ends before it starts',
      [name('Phường 1', '2025-07-01', '2025-06-30')],
      ['Tên "Phường 1": ngày bắt đầu (01/07/2025) sau ngày kết thúc (30/06/2025).'],
    ],
    [
      'a date that does not exist',
      [name('Phường 1', '2025-02-30', null)],
      ['Tên "Phường 1": ngày bắt đầu "2025-02-30" không phải ngày hợp lệ (cần dạng YYYY-MM-DD).'],
    ],
    [
      'periods sharing a day (dates are inclusive)',
      [name('Phường Bến Nghé', null, '2025-07-01'), name('Phường Sài Gòn', '2025-07-01', null)],
      [
        'Tên "Phường Bến Nghé" (trước đó – 01/07/2025) và tên "Phường Sài Gòn" (01/07/2025 – nay) có thời gian hiệu lực chồng lên nhau; mỗi ngày đơn vị chỉ có một tên.',
      ],
    ],
    [
      'two open names',
      [name('A', null, null), name('B', '2020-01-01', null)],
      [
        'Tên "A" (trước đó – nay) và tên "B" (01/01/2020 – nay) có thời gian hiệu lực chồng lên nhau; mỗi ngày đơn vị chỉ có một tên.',
      ],
    ],
  ])('%s', (_case, names, expected) => {
    expect(validateNameHistory(names)).toEqual(expected);
  });
});
