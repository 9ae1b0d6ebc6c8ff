/**
 * A read workbook as it travels between threads. Its rows and base values (up to 10,000 of each)
 * cross as one JSON string: copying a string is cheap, while the main thread would spend ~70 ms
 * rebuilding (and again cloning) ten thousand small objects, blocking every other request. The main
 * thread keeps the string without parsing it and hands it to the worker that makes the plan; it
 * only reads the small markers that say whose workbook this is.
 *
 * JSON alone would turn a date cell into a string and an infinite number into null (and -0 into 0),
 * so these are tagged (`{"$date": …}`, `{"$number": …}`) and come back as they were.
 */
import type { WorkbookMarkers } from './domain/entry-layout.js';
import type { ImportedResult, RawRow, WorkbookBase } from './domain/import-plan.js';
import type { EntryWorkbookContent } from './read-entry-workbook.js';

/** Whose workbook this is (the markers without the base values). */
export type WorkbookIdentity = Omit<WorkbookMarkers, 'units'>;

export interface PackedWorkbook {
  readonly identity: WorkbookIdentity;
  readonly sheet: string;
  /** How many rows the results sheet holds (for messages and logs). */
  readonly rowCount: number;
  /** JSON of { rows, base }. */
  readonly packed: string;
}

/** The rows and base values, unpacked in the worker that plans the import. */
export interface UnpackedWorkbook {
  readonly rows: readonly RawRow[];
  readonly base: ReadonlyMap<string, WorkbookBase>;
}

interface PackedBase {
  readonly code: string;
  readonly version: number;
  readonly results: readonly ImportedResult[];
}

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Date) return { $date: Number.isNaN(original.getTime()) ? null : original.toISOString() };
  if (typeof original === 'number' && (!Number.isFinite(original) || Object.is(original, -0))) {
    return { $number: Object.is(original, -0) ? '-0' : String(original) };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  if (keys[0] === '$date') {
    const iso = (value as { $date: string | null }).$date;
    return iso === null ? new Date(Number.NaN) : new Date(iso);
  }
  if (keys[0] === '$number') return Number((value as { $number: string }).$number);
  return value;
}

export function packWorkbook(content: EntryWorkbookContent): PackedWorkbook {
  const { units, ...identity } = content.markers;
  const base: PackedBase[] = [...units].map(([code, unit]) => ({
    code,
    version: unit.version,
    results: [...unit.results.values()],
  }));
  return {
    identity,
    sheet: content.sheet,
    rowCount: content.rows.length,
    packed: JSON.stringify({ rows: content.rows, base }, replacer),
  };
}

export function unpackWorkbook(packed: string): UnpackedWorkbook {
  const { rows, base } = JSON.parse(packed, reviver) as { rows: RawRow[]; base: PackedBase[] };
  return {
    rows,
    base: new Map(
      base.map(({ code, version, results }) => [
        code,
        { version, results: new Map(results.map((r) => [r.criterionCode, r] as const)) },
      ]),
    ),
  };
}
