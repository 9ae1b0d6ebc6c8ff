import type { DataSource, Migration } from 'typeorm';
import { dropRevisionTriggers, installRevisionTriggers } from './revision-triggers.js';

/**
 * Runs this build's pending migrations and makes sure the revision triggers are in place.
 *
 * On SQLite the triggers are taken down while migrations run and put back after: TypeORM adds or
 * drops a column by rebuilding the table, which SQLite refuses while another table's trigger names
 * it, and a rebuilt table loses its own triggers. (PostgreSQL alters tables in place.)
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  if (dataSource.options.type === 'postgres') return dataSource.runMigrations({ transaction: 'each' });
  const run = (sql: string): Promise<unknown> => dataSource.query(sql);
  const pending = await dataSource.showMigrations();
  if (pending) await dropRevisionTriggers(run, false);
  try {
    return pending ? await dataSource.runMigrations({ transaction: 'each' }) : [];
  } finally {
    if (await hasRevisionColumn(dataSource)) await installRevisionTriggers(run, false);
  }
}

/** Whether the schema has the column the triggers write (not before the migration that adds it). */
async function hasRevisionColumn(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    `SELECT 1 FROM pragma_table_info('cluster_year') WHERE name = 'data_revision'`,
  );
  return rows.length > 0;
}
