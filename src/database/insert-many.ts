import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Inserts rows with multi-row INSERTs of `perStatement` rows each, reading nothing back: `insert()`
 * and `save()` would also fetch each row's generated columns (on SQLite one more SELECT per
 * statement) for entities the caller does not keep.
 */
export async function insertMany<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
  perStatement: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += perStatement) {
    await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + perStatement))
      .updateEntity(false)
      .execute();
  }
}
