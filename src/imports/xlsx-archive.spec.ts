import { describe, expect, it } from '@jest/globals';
import { deflated, zip } from '../../test/factories/zip.factory.js';
import {
  archiveLimits,
  inflateEntry,
  inspectArchive,
  listEntries,
  MAX_COLUMNS,
  ROW_SLACK,
  verifyArchive,
} from './xlsx-archive.js';

const MB = 1024 * 1024;
const limits = archiveLimits(3, 3);

const refusal = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

const worksheet = (rows: string): string =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

describe('archiveLimits', () => {
  it.each([
    [3, 3, 9 + ROW_SLACK],
    [12, 30, 360 + ROW_SLACK],
    [100, 100, 10_000 + ROW_SLACK],
    [0, 0, 1 + ROW_SLACK],
  ])('%i units × %i criteria: at most %i rows per sheet', (members, criteria, rows) => {
    const l = archiveLimits(members, criteria);
    expect(l.maxRows).toBe(rows);
    expect(l.maxCells).toBe(rows * MAX_COLUMNS);
    expect(l.maxTotalBytes).toBe(2 * l.maxEntryBytes);
  });

  it('never lets one entry exceed 64 MB, however large the cluster-year', () => {
    expect(archiveLimits(10_000, 10_000).maxEntryBytes).toBe(64 * MB);
  });
});

describe('listEntries / inspectArchive (central directory only)', () => {
  it('lists the entries of a well-formed archive', () => {
    const archive = zip([deflated('a.xml', '<a/>'), deflated('b.xml', '<b/>')]);
    expect(listEntries(archive, 10).map((e) => [e.name, e.size])).toEqual([
      ['a.xml', 4],
      ['b.xml', 4],
    ]);
  });

  it('refuses what has no central directory as damaged (400)', () => {
    expect(refusal(() => listEntries(Buffer.from('PK\x03\x04 not really a zip'), 10)).code).toBe('IMPORT_FILE_INVALID');
  });

  it('refuses a ZIP64 archive and an encrypted entry, saying so', () => {
    const zip64 = zip([deflated('a.xml', '<a/>')]);
    zip64.writeUInt16LE(0xffff, zip64.length - 12);
    expect(refusal(() => listEntries(zip64, 10)).message).toContain('ZIP64');
    const encrypted = zip([deflated('a.xml', '<a/>')]);
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    encrypted.writeUInt16LE(0x0801, central + 8);
    expect(refusal(() => listEntries(encrypted, 10)).message).toContain('mật khẩu');
  });

  it.each([
    [
      'too many entries',
      () => zip(Array.from({ length: 101 }, (_, i) => deflated(`e${i}.xml`, '<e/>'))),
      'thành phần nén',
    ],
    [
      'one entry declared larger than the limit',
      () => zip([deflated('x.bin', 'x', limits.maxEntryBytes + 1)]),
      'giải nén ra',
    ],
    [
      'entries adding up beyond the total',
      () => zip([1, 2, 3].map((i) => deflated(`x${i}.bin`, 'x', limits.maxEntryBytes))),
      'giải nén ra hơn',
    ],
    ['a compression ratio above 200 on a large entry', () => zip([deflated('z.bin', Buffer.alloc(2 * MB))]), 'nén'],
  ])('refuses %s: 413 IMPORT_FILE_TOO_LARGE', (_label, build, words) => {
    // The sizes are declared by tiny entries: leave the ratio out of these cases (tested on its own).
    const checked = words === 'nén' ? limits : { ...limits, maxRatio: Number.POSITIVE_INFINITY };
    const error = refusal(() => inspectArchive(build(), checked));
    expect(error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(error.message).toContain(words);
  });

  it('lets a small entry compress as much as it likes (XML of empty cells compresses well)', () => {
    expect(inspectArchive(zip([deflated('z.xml', Buffer.alloc(512 * 1024))]), limits)).toHaveLength(1);
  });
});

describe('inflateEntry / verifyArchive (in the worker)', () => {
  it('stops inflating at the declared size: a lying header is refused (413)', () => {
    const archive = zip([deflated('x.xml', Buffer.alloc(1 * MB), 1000)]);
    const error = refusal(() => inflateEntry(archive, listEntries(archive, 10)[0]));
    expect(error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(error.message).toContain('nhiều hơn kích thước ghi trong tệp');
  });

  it('refuses an entry that inflates to less than it declares', () => {
    const archive = zip([deflated('x.xml', Buffer.alloc(1000), 2000)]);
    expect(refusal(() => inflateEntry(archive, listEntries(archive, 10)[0])).code).toBe('IMPORT_FILE_TOO_LARGE');
  });

  it.each([
    ['plain rows', '<row r="1"/>'],
    ['rows with a namespace prefix', '<x:row r="1"></x:row>'],
    ['rows without a number', '<row/>'],
  ])('counts %s against the cluster-year’s rows', (_label, row) => {
    const ok = zip([deflated('xl/worksheets/sheet1.xml', worksheet(row.repeat(limits.maxRows)))]);
    expect(() => verifyArchive(ok, limits)).not.toThrow();
    const over = zip([deflated('xl/worksheets/sheet1.xml', worksheet(row.repeat(limits.maxRows + 1)))]);
    const error = refusal(() => verifyArchive(over, limits));
    expect(error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(error.message).toContain('3 đơn vị × 3 tiêu chí');
  });

  it('counts cells against rows × columns', () => {
    const wide = `<row r="1">${'<c t="n"><v>1</v></c>'.repeat(limits.maxCells + 1)}</row>`;
    const error = refusal(() => verifyArchive(zip([deflated('xl/worksheets/sheet1.xml', worksheet(wide))]), limits));
    expect(error.message).toContain(' ô, nhiều hơn mức cho phép');
  });
});
