import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column types that differ between SQLite and PostgreSQL. The dialect is known before any entity
 * is loaded: DATABASE_URL selects PostgreSQL (validated again, with a clear message, at start).
 */
export const isPostgres = (): boolean => Boolean(process.env.DATABASE_URL);

/** UTC timestamps: `timestamptz` on PostgreSQL, `datetime` on SQLite. */
export const timestampType = (): 'timestamptz' | 'datetime' => (isPostgres() ? 'timestamptz' : 'datetime');

/** PostgreSQL returns `numeric` as a string; every decimal comes back as a number on both. */
export const decimalTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Points, targets and actual values: up to 10 digits before the point and 4 after. */
export const DECIMAL_PRECISION = 14;
export const DECIMAL_SCALE = 4;

export const decimalColumn = (options: Pick<ColumnOptions, 'nullable'> = {}): ColumnOptions => ({
  type: 'decimal',
  precision: DECIMAL_PRECISION,
  scale: DECIMAL_SCALE,
  transformer: decimalTransformer,
  ...options,
});
