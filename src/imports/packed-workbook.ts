/**
 * A read workbook as it travels between threads. Its rows and base values (up to 10,000 of each)
 * cross as one JSON string: copying a string is cheap, while the main thread would spend ~70 ms
 * rebuilding (and again cloning) ten thousand small objects, blocking every other request. The main
 * thread keeps the string without parsing it and hands it to the worker that makes the plan; it
 * only reads the small markers that say whose workbook this is. The string is compact (arrays, no
 * field name repeated per cell: a quarter of the plain JSON of the rows) and parsed without a reviver
 * (JSON.parse calling one back for every key was most of the unpacking).
 *
 * JSON alone would turn a date cell into a string and an infinite number into null (and -0 into 0),
 * so these are tagged (`{"$date": …}`, `{"$number": …}`) and come back as they were.
 */
import type { ColumnKey, WorkbookMarkers } from './domain/entry-layout.js';
import type { ImportedResult, RawCell, RawRow, RawValue, WorkbookBase } from './domain/import-plan.js';
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

/** A row: its number, then each cell as its column's index in `keys`, its address and its value. */
type PackedRow = [row: number, ...cells: unknown[]];
/** A unit's base: its code, its version, then each leaf's fields in RESULT_FIELDS order. */
type PackedBase = [code: string, version: number, results: unknown[][]];

interface Packed {
  readonly keys: ColumnKey[];
  readonly rows: PackedRow[];
  readonly base: PackedBase[];
}

const RESULT_FIELDS = ['criterionCode', 'actual', 'selfScore', 'reviewedScore', 'note', 'reviewReason'] as const;

/** A value as JSON carries it: dates and the numbers JSON cannot write are tagged. */
function tag(value: unknown): unknown {
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $number: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function untag(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
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
  const keys: ColumnKey[] = [];
  const indexOf = new Map<ColumnKey, number>();
  const rows = content.rows.map((row): PackedRow => {
    const packed: PackedRow = [row.row];
    for (const [key, cell] of Object.entries(row.cells) as Array<[ColumnKey, RawCell | undefined]>) {
      if (cell === undefined) continue;
      let index = indexOf.get(key);
      if (index === undefined) {
        index = keys.push(key) - 1;
        indexOf.set(key, index);
      }
      packed.push(index, cell.address, tag(cell.value));
    }
    return packed;
  });
  const base = [...units].map(([code, unit]): PackedBase => [
    code,
    unit.version,
    [...unit.results.values()].map((result) => RESULT_FIELDS.map((field) => tag(result[field]))),
  ]);
  const packed: Packed = { keys, rows, base };
  return { identity, sheet: content.sheet, rowCount: content.rows.length, packed: JSON.stringify(packed) };
}

export function unpackWorkbook(packed: string): UnpackedWorkbook {
  const { keys, rows, base } = JSON.parse(packed) as Packed;
  return {
    rows: rows.map(([row, ...flat]): RawRow => {
      const cells: Partial<Record<ColumnKey, RawCell>> = {};
      for (let i = 0; i + 2 < flat.length; i += 3) {
        cells[keys[flat[i] as number]] = { address: flat[i + 1] as string, value: untag(flat[i + 2]) as RawValue };
      }
      return { row, cells };
    }),
    base: new Map(
      base.map(([code, version, results]) => [
        code,
        {
          version,
          results: new Map(
            results.map((values) => {
              const result = Object.fromEntries(
                RESULT_FIELDS.map((field, i) => [field, untag(values[i])]),
              ) as unknown as ImportedResult;
              return [result.criterionCode, result] as const;
            }),
          ),
        },
      ]),
    ),
  };
}
