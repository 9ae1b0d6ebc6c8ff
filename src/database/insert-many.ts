import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows with multi-row INSERTs of `perStatement` rows each, written here from the entity's
 * metadata and reading nothing back. TypeORM's query builder spent ~40 µs a row building such a
 * statement (a named parameter per value, looked up among all the others) and `insert()` then
 * fetched each row's generated columns again (on SQLite one more SELECT). Values go through the
 * driver as with TypeORM (column transformers, dates); a column no row gives is left to its
 * default, and every row must then give the same columns.
 */
export async function insertMany<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Partial<T>[],
  perStatement: number,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = em.connection.getMetadata(target);
  const { driver } = em.connection;
  const columns = metadata.columns.filter((column) => column.getEntityValue(rows[0]) !== undefined);
  const head =
    `INSERT INTO ${driver.escape(metadata.tablePath)} ` +
    `(${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const values = columns.map((column) => {
        const value: unknown = column.getEntityValue(row);
        if (value === undefined)
          throw new Error(`insertMany ${metadata.tableName}: a row without ${column.propertyName}`);
        parameters.push(driver.preparePersistentValue(value, column));
        return driver.createParameter(`p${parameters.length}`, parameters.length - 1);
      });
      return `(${values.join(', ')})`;
    });
    await em.query(head + tuples.join(', '), parameters);
  }
}
