import { describe, expect, it } from '@jest/globals';
import { formatVietnamTime, mergeCell, type CellValue, type MergeOutcome } from './three-way-merge.js';

describe('mergeCell: a round trip never undoes newer work', () => {
  it.each<[string, CellValue, CellValue, CellValue, boolean, MergeOutcome]>([
    // base (when the workbook was made), current, file, changed since → outcome
    ['nothing changed anywhere', 16, 16, 16, false, 'same'],
    ['typed in the file, nobody else touched the unit', 16, 16, 14, false, 'change'],
    ['typed in the file, the unit changed elsewhere (another cell)', 16, 16, 14, true, 'change'],
    ['cleared in the file', 16, 16, null, false, 'change'],
    ['filled in the file', null, null, 7, false, 'change'],
    ['changed in the app, the file still holds the old value: keep the newer', 16, 18, 16, true, 'keep-newer'],
    ['reviewed in the app, the file still blank: keep the newer', null, 18, null, true, 'keep-newer'],
    ['a reason written in the app, the file still blank', null, 'Thiếu minh chứng', null, true, 'keep-newer'],
    ['changed in both to the same value: nothing to write', 16, 18, 18, true, 'same'],
    ['changed in both to different values: a conflict', 16, 18, 14, true, 'conflict'],
    ['cleared in the app, typed in the file', 16, null, 14, true, 'conflict'],
    ['changed in the app, cleared in the file', 16, 18, null, true, 'conflict'],
    ['text changed in both', 'cũ', 'mới', 'khác', true, 'conflict'],
    ['unknown base (unit not in the workbook), current empty', null, null, 5, true, 'change'],
  ])('%s', (_name, base, current, file, changedSince, outcome) => {
    expect(mergeCell(base, current, file, changedSince)).toBe(outcome);
  });
});

describe('formatVietnamTime', () => {
  it.each([
    ['2026-11-29T08:04:00Z', '15:04 ngày 29/11/2026'],
    ['2026-12-31T17:30:00Z', '00:30 ngày 01/01/2027'],
  ])('%s → %s', (iso, shown) => {
    expect(formatVietnamTime(new Date(iso))).toBe(shown);
  });
});
