import type { EntityManager, EntityTarget } from 'typeorm';
import { AppException } from './app-exception.js';

/**
 * Optimistic concurrency: checks and bumps a row's version in one UPDATE, inside the write's
 * transaction. On PostgreSQL a second writer waits for the first's row lock, then finds the
 * version changed; on SQLite writers are serialized. Returns the new version, or null when
 * `expected` is stale. Without `expected` the write goes through and the version is still bumped.
 */
export async function claimVersion(
  em: EntityManager,
  target: EntityTarget<{ id: number; version: number }>,
  id: number,
  expected: number | undefined,
): Promise<number | null> {
  const update = em
    .createQueryBuilder()
    .update(target)
    .set({ version: () => 'version + 1' })
    .where('id = :id', { id });
  if (expected !== undefined) update.andWhere('version = :expected', { expected });
  const result = await update.execute();
  if (!result.affected) return null;
  const row = await em.findOne(target, { where: { id }, select: { id: true, version: true } });
  return row?.version ?? null;
}

/** 409 with the resource as it is now. */
export function versionConflict(what: string, expected: number | undefined, current: unknown): AppException {
  return new AppException(
    'VERSION_CONFLICT',
    `${what} vừa được người khác sửa (bạn sửa từ phiên bản ${expected ?? '?'}); ` +
      'xem giá trị hiện tại trong "current", tải lại rồi sửa tiếp.',
    undefined,
    current,
  );
}

/** One row's version to check and bump (see claimVersions). */
export interface VersionClaim {
  readonly id: number;
  /** The version the writer read; undefined: bumped whatever it is. */
  readonly expected: number | undefined;
}

/**
 * claimVersion for many rows of one table in one UPDATE … RETURNING: each row is bumped only when
 * its version is the expected one, atomically as in claimVersion. Returns each claimed row's new
 * version by id; a row whose version was stale is absent. Only for tables without an update-date
 * column (the statement is written here, and would not set it).
 */
export async function claimVersions(
  em: EntityManager,
  target: EntityTarget<{ id: number; version: number }>,
  claims: readonly VersionClaim[],
): Promise<Map<number, number>> {
  if (claims.length === 0) return new Map();
  const metadata = em.connection.getMetadata(target);
  if (metadata.updateDateColumn) throw new Error(`claimVersions: ${metadata.tableName} has an update-date column`);
  const { driver } = em.connection;
  const q = (name: string): string => driver.escape(name);
  const parameters: number[] = [];
  const parameter = (value: number): string => {
    parameters.push(value);
    return driver.createParameter(`p${parameters.length}`, parameters.length - 1);
  };
  const conditions = claims.map(({ id, expected }) =>
    expected === undefined
      ? `(${q('id')} = ${parameter(id)})`
      : `(${q('id')} = ${parameter(id)} AND ${q('version')} = ${parameter(expected)})`,
  );
  const raw: unknown = await em.query(
    `UPDATE ${q(metadata.tablePath)} SET ${q('version')} = ${q('version')} + 1 WHERE ${conditions.join(' OR ')} ` +
      `RETURNING ${q('id')}, ${q('version')}`,
    parameters,
  );
  // PostgreSQL's runner answers an UPDATE with [rows, affected]; SQLite's with the rows.
  const rows = (driver.options.type === 'postgres' ? (raw as [unknown[], number])[0] : raw) as Array<{
    id: number | string;
    version: number | string;
  }>;
  return new Map(rows.map((row) => [Number(row.id), Number(row.version)] as const));
}
