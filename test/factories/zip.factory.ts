/** Builds .xlsx (zip) archives by hand, to make hostile workbooks small on disk. */
import { crc32, deflateRawSync } from 'node:zlib';
import { inflateEntry, listEntries } from '../../src/imports/xlsx-archive.js';

export interface ZipPart {
  readonly name: string;
  readonly compressed: Buffer;
  /** The uncompressed size written in the headers (may lie). */
  readonly size: number;
  readonly crc: number;
}

/** An entry compressed with deflate; `declaredSize` writes another size in the headers. */
export function deflated(name: string, data: Buffer | string, declaredSize?: number): ZipPart {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return {
    name,
    compressed: deflateRawSync(bytes, { level: 9 }),
    size: declaredSize ?? bytes.length,
    crc: crc32(bytes),
  };
}

/** The entries of an archive, inflated. */
export function entriesOf(archive: Buffer): { name: string; data: Buffer }[] {
  return listEntries(archive, 10_000).map((entry) => ({
    name: entry.name,
    data: Buffer.from(inflateEntry(archive, entry)),
  }));
}

/** A zip archive of these entries (deflate, no zip64). */
export function zip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.compressed.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.compressed.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + part.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(parts.length, 0xfffe), 8);
  end.writeUInt16LE(Math.min(parts.length, 0xfffe), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The archive with some entries replaced (same name) or added, the others kept as they were. */
export function withEntries(archive: Buffer, parts: readonly ZipPart[]): Buffer {
  const replaced = new Set(parts.map((p) => p.name));
  const kept = entriesOf(archive)
    .filter((entry) => !replaced.has(entry.name))
    .map((entry) => deflated(entry.name, entry.data));
  return zip([...kept, ...parts]);
}
