/**
 * Checks an uploaded .xlsx (a zip archive) before anything parses it, so that a small file that
 * expands to gigabytes or millions of rows is refused cheaply (413) instead of exhausting memory:
 *
 * - `inspectArchive` (main thread, reads only the central directory): the number of entries, each
 *   entry's and the total declared uncompressed size, and each entry's compression ratio.
 * - `verifyArchive` (in the worker, before exceljs): inflates every entry with its declared size as
 *   a hard bound (a lying header cannot make it inflate more), checks the real size equals the
 *   declared one, and counts the rows and cells of every worksheet against what the cluster-year
 *   can hold.
 *
 * Plain functions, no Nest. Throws AppException.
 */
import { inflateRawSync } from 'node:zlib';
import { AppException } from '../common/app-exception.js';

/** What a workbook of one cluster-year may hold; see `archiveLimits`. */
export interface ArchiveLimits {
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
  /** Uncompressed / compressed, checked on entries larger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** Rows of any one worksheet. */
  readonly maxRows: number;
  /** Cells of any one worksheet. */
  readonly maxCells: number;
  /** Wording for the messages: "N đơn vị × M tiêu chí". */
  readonly capacityText: string;
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

/** An entry takes at most this much, whatever the cluster-year (64 MB). */
const ABSOLUTE_MAX_ENTRY = 64 * 1024 * 1024;
/** Bytes of worksheet or shared-strings XML one row of the template may take, with long notes. */
const BYTES_PER_ROW = 4096;
/** Rows a workbook may hold beyond the cluster-year's members × criteria (header, blank lines). */
export const ROW_SLACK = 500;
/** Columns any sheet of the template may use, with slack (the template uses 13, its markers fewer). */
export const MAX_COLUMNS = 40;

/** The limits of a workbook for a cluster-year of `members` units and `criteria` criteria. */
export function archiveLimits(members: number, criteria: number): ArchiveLimits {
  const maxRows = Math.max(members, 1) * Math.max(criteria, 1) + ROW_SLACK;
  const maxEntryBytes = Math.min(ABSOLUTE_MAX_ENTRY, 2 * 1024 * 1024 + maxRows * BYTES_PER_ROW);
  return {
    maxEntries: 100,
    maxEntryBytes,
    maxTotalBytes: 2 * maxEntryBytes,
    maxRatio: 200,
    ratioFloorBytes: 1024 * 1024,
    maxRows,
    maxCells: maxRows * MAX_COLUMNS,
    capacityText: `${members} đơn vị × ${criteria} tiêu chí`,
  };
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const mb = (bytes: number): string =>
  `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

const damaged = (): AppException =>
  new AppException(
    'IMPORT_FILE_INVALID',
    'Tệp .xlsx bị hỏng hoặc không đọc được (cấu trúc nén sai); hãy mở thử bằng Excel, lưu lại rồi gửi lại.',
  );

const tooLarge = (detail: string): AppException =>
  new AppException(
    'IMPORT_FILE_TOO_LARGE',
    `Tệp bị từ chối trước khi đọc: ${detail} Hãy tải mẫu nhập kết quả của cụm, năm cần nhập, chỉ điền vào các cột nhập liệu rồi gửi lại.`,
  );

/** The entries of the central directory; the archive must not be zip64, split or encrypted. */
export function listEntries(buffer: Buffer, maxEntries: number): ZipEntry[] {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i -= 1) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const declaredCount = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (declaredCount === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new AppException(
      'IMPORT_FILE_INVALID',
      'Tệp .xlsx dùng định dạng nén ZIP64 (chỉ cần cho tệp rất lớn), không phải mẫu nhập kết quả; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.',
    );
  }
  if (declaredCount > maxEntries) {
    throw tooLarge(`tệp có ${declaredCount} thành phần nén, nhiều hơn mức cho phép (${maxEntries}).`);
  }
  if (directoryOffset + directorySize > eocd) throw damaged();
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  while (at < directoryOffset + directorySize) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw damaged();
    const flags = buffer.readUInt16LE(at + 8);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    if (at + 46 + nameLength > buffer.length) throw damaged();
    const entry: ZipEntry = {
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      size: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
    };
    if ((flags & 0x1) !== 0) {
      throw new AppException(
        'IMPORT_FILE_INVALID',
        'Tệp .xlsx được đặt mật khẩu; hãy bỏ mật khẩu, lưu lại rồi gửi lại.',
      );
    }
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw new AppException(
        'IMPORT_FILE_INVALID',
        'Tệp .xlsx dùng định dạng nén ZIP64 (chỉ cần cho tệp rất lớn), không phải mẫu nhập kết quả; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.',
      );
    }
    entries.push(entry);
    if (entries.length > maxEntries) {
      throw tooLarge(`tệp có hơn ${maxEntries} thành phần nén, nhiều hơn mức cho phép.`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks the declared sizes of every entry (cheap: reads the central directory only). */
export function inspectArchive(buffer: Buffer, limits: ArchiveLimits): ZipEntry[] {
  const entries = listEntries(buffer, limits.maxEntries);
  let total = 0;
  for (const entry of entries) {
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      throw new AppException(
        'IMPORT_FILE_INVALID',
        `Tệp .xlsx dùng kiểu nén lạ (${entry.method}) ở thành phần "${entry.name}"; hãy mở bằng Excel, lưu lại rồi gửi lại.`,
      );
    }
    if (entry.size > limits.maxEntryBytes) {
      throw tooLarge(
        `thành phần "${entry.name}" giải nén ra ${mb(entry.size)}, quá mức một cụm năm ${limits.capacityText} có thể cần (${mb(limits.maxEntryBytes)}).`,
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(
        `tệp giải nén ra hơn ${mb(limits.maxTotalBytes)}, quá mức một cụm năm ${limits.capacityText} có thể cần.`,
      );
    }
    if (entry.size > limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) {
      throw tooLarge(
        `thành phần "${entry.name}" nén ${Math.round(entry.size / Math.max(entry.compressedSize, 1))} lần (${mb(entry.size)}), bất thường với một bảng tính (quá ${limits.maxRatio} lần).`,
      );
    }
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(buffer: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL_SIGNATURE) throw damaged();
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw damaged();
  return buffer.subarray(start, end);
}

/** Inflates an entry, never beyond its declared size; refuses an entry whose real size differs. */
export function inflateEntry(buffer: Buffer, entry: ZipEntry): Buffer {
  const data = entryData(buffer, entry);
  if (entry.method === STORED) {
    if (data.length !== entry.size) throw damaged();
    return data;
  }
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  } catch (error) {
    // Node's RangeError ERR_BUFFER_TOO_LARGE: the entry inflates to more than it declares.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(`thành phần "${entry.name}" giải nén ra nhiều hơn kích thước ghi trong tệp (${mb(entry.size)}).`);
    }
    throw damaged();
  }
  if (inflated.length !== entry.size) {
    throw tooLarge(`thành phần "${entry.name}" giải nén ra kích thước khác với kích thước ghi trong tệp.`);
  }
  return inflated;
}

const count = (text: string, pattern: RegExp): number => {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n += 1;
  return n;
};

/**
 * Inflates every entry (bounded) and counts each worksheet's rows and cells; refuses a workbook
 * larger than the cluster-year can hold. Run in the worker: it takes the time of an inflate.
 */
export function verifyArchive(buffer: Buffer, limits: ArchiveLimits): void {
  for (const entry of inspectArchive(buffer, limits)) {
    const content = inflateEntry(buffer, entry);
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) continue;
    const xml = content.toString('latin1');
    const rows = count(xml, /<(?:\w+:)?row[\s/>]/g);
    if (rows > limits.maxRows) {
      throw tooLarge(
        `một sheet có ${rows.toLocaleString('vi-VN')} dòng, nhiều hơn một cụm năm ${limits.capacityText} có thể có (tối đa ${limits.maxRows.toLocaleString('vi-VN')} dòng).`,
      );
    }
    const cells = count(xml, /<(?:\w+:)?c[\s/>]/g);
    if (cells > limits.maxCells) {
      throw tooLarge(
        `một sheet có ${cells.toLocaleString('vi-VN')} ô, nhiều hơn mức cho phép (${limits.maxRows.toLocaleString('vi-VN')} dòng × ${MAX_COLUMNS} cột).`,
      );
    }
  }
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Refuses what is not an .xlsx file (415), from its first bytes. */
export function checkFileType(buffer: Buffer): void {
  if (buffer.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    throw new AppException(
      'UNSUPPORTED_MEDIA_TYPE',
      'Tệp là bảng tính Excel kiểu cũ (.xls); hãy mở và lưu lại dưới dạng Excel Workbook (.xlsx) rồi gửi lại.',
    );
  }
  if (!buffer.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) {
    throw new AppException(
      'UNSUPPORTED_MEDIA_TYPE',
      'Tệp không phải là bảng tính Excel (.xlsx); hãy gửi mẫu nhập kết quả đã tải về, lưu dạng .xlsx.',
    );
  }
}
