/**
 * How a write reaches the computed cluster-years it changes. A trigger, not the application, raises
 * `cluster_year.data_revision`: every write counts, whoever makes it (the app, the command line in
 * another process, a person with a SQL shell), in the same transaction as the write. The stored
 * figures (`computed_cluster_year`) are valid while their revision equals the cluster-year's.
 *
 * Idempotent: the migration that introduced them installs them, and every start installs them
 * again, because SQLite drops a table's triggers when a later migration rebuilds the table (as
 * TypeORM does to add a column there).
 */
const CHILD_TABLES: readonly { table: string; clusterYearsOf: (row: 'NEW' | 'OLD') => string }[] = [
  { table: 'membership', clusterYearsOf: (row) => `id = ${row}.cluster_year_id` },
  { table: 'criterion', clusterYearsOf: (row) => `id = ${row}.cluster_year_id` },
  ...['target', 'result'].map((table) => ({
    table,
    clusterYearsOf: (row: 'NEW' | 'OLD') =>
      `id = (SELECT cluster_year_id FROM criterion WHERE id = ${row}.criterion_id)`,
  })),
  // A unit's names and women shares: every year it is a member of, heads or is chosen to head.
  ...['unit_name', 'unit_women_share'].map((table) => ({
    table,
    clusterYearsOf: (row: 'NEW' | 'OLD') =>
      `id IN (SELECT cluster_year_id FROM membership WHERE unit_id = ${row}.unit_id) OR ${row}.unit_id IN ` +
      '(head_unit_id, deputy_unit_id, next_head_unit_id, next_deputy_unit_id)',
  })),
];

const SQLITE_EVENTS = [
  ['INSERT', ['NEW']],
  ['UPDATE', ['OLD', 'NEW']],
  ['DELETE', ['OLD']],
] as const;

/** Runs one SQL statement: a migration's query runner, or the data source. */
type Run = (sql: string) => Promise<unknown>;

export async function installRevisionTriggers(run: Run, postgres: boolean): Promise<void> {
  if (postgres) await installPostgres(run);
  else await installSqlite(run);
}

async function installSqlite(run: Run): Promise<void> {
  // Any update of a cluster-year row raises its revision by one (the WHEN keeps the trigger's own
  // update from counting twice, and never lets a write put the revision back).
  await run(
    `CREATE TRIGGER IF NOT EXISTS tr_cluster_year_revision AFTER UPDATE ON cluster_year
     WHEN NEW.data_revision <= OLD.data_revision
     BEGIN UPDATE cluster_year SET data_revision = OLD.data_revision + 1 WHERE id = NEW.id; END`,
  );
  for (const { table, clusterYearsOf } of CHILD_TABLES) {
    for (const [event, rows] of SQLITE_EVENTS) {
      const where = rows.map((row) => `(${clusterYearsOf(row)})`).join(' OR ');
      await run(
        `CREATE TRIGGER IF NOT EXISTS tr_${table}_${event.toLowerCase()}_revision AFTER ${event} ON ${table}
         BEGIN UPDATE cluster_year SET data_revision = data_revision WHERE ${where}; END`,
      );
    }
  }
}

async function installPostgres(run: Run): Promise<void> {
  // Every update of a cluster-year row raises its revision by one, whatever the update wrote there.
  await run(
    `CREATE OR REPLACE FUNCTION fn_cluster_year_revision() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN NEW.data_revision := OLD.data_revision + 1; RETURN NEW; END $$`,
  );
  await run(
    `CREATE OR REPLACE TRIGGER tr_cluster_year_revision BEFORE UPDATE ON cluster_year
     FOR EACH ROW EXECUTE FUNCTION fn_cluster_year_revision()`,
  );
  for (const { table, clusterYearsOf } of CHILD_TABLES) {
    await run(
      `CREATE OR REPLACE FUNCTION fn_${table}_revision() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           UPDATE cluster_year SET data_revision = data_revision WHERE ${clusterYearsOf('OLD')};
         END IF;
         IF TG_OP IN ('UPDATE', 'INSERT') THEN
           UPDATE cluster_year SET data_revision = data_revision WHERE ${clusterYearsOf('NEW')};
         END IF;
         RETURN NULL;
       END $$`,
    );
    await run(
      `CREATE OR REPLACE TRIGGER tr_${table}_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION fn_${table}_revision()`,
    );
  }
}

export async function dropRevisionTriggers(run: Run, postgres: boolean): Promise<void> {
  if (postgres) {
    for (const { table } of CHILD_TABLES) {
      await run(`DROP TRIGGER IF EXISTS tr_${table}_revision ON ${table}`);
      await run(`DROP FUNCTION IF EXISTS fn_${table}_revision()`);
    }
    await run('DROP TRIGGER IF EXISTS tr_cluster_year_revision ON cluster_year');
    await run('DROP FUNCTION IF EXISTS fn_cluster_year_revision()');
    return;
  }
  for (const { table } of CHILD_TABLES) {
    for (const [event] of SQLITE_EVENTS) {
      await run(`DROP TRIGGER IF EXISTS tr_${table}_${event.toLowerCase()}_revision`);
    }
  }
  await run('DROP TRIGGER IF EXISTS tr_cluster_year_revision');
}
