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
