/**
 * How a write reaches the computed cluster-years it changes. A trigger, not the application, raises
 * `cluster_year.data_revision`: every write counts, whoever makes it (the app, the command line in
 * another process, a person with a SQL shell), in the same transaction as the write. The stored
 * figures (`computed_cluster_year`) are valid while their revision equals the cluster-year's.
 *
 * SQLite has row triggers only; PostgreSQL gets statement triggers with transition tables, so that
 * a statement writing 200 results updates its cluster-year row once, not 200 times (row versions).
 * Idempotent: on SQLite they are installed after every run of migrations (migrate.ts), because a
 * migration that rebuilds a table drops its triggers.
 */
interface ChildTable {
  readonly table: string;
  /** The condition on cluster_year rows concerned by one row (SQLite: NEW or OLD). */
  readonly ofRow: (row: 'NEW' | 'OLD') => string;
  /** The same for a set of rows (PostgreSQL: a transition table). */
  readonly ofRows: (rows: string) => string;
}

const CHILD_TABLES: readonly ChildTable[] = [
  ...['membership', 'criterion'].map((table) => ({
    table,
    ofRow: (row: string) => `id = ${row}.cluster_year_id`,
    ofRows: (rows: string) => `id IN (SELECT cluster_year_id FROM ${rows})`,
  })),
  ...['target', 'result'].map((table) => ({
    table,
    ofRow: (row: string) => `id = (SELECT cluster_year_id FROM criterion WHERE id = ${row}.criterion_id)`,
    ofRows: (rows: string) =>
      `id IN (SELECT cluster_year_id FROM criterion WHERE id IN (SELECT criterion_id FROM ${rows}))`,
  })),
  // A unit's names and women shares: every year it is a member of, heads or is chosen to head.
  ...['unit_name', 'unit_women_share'].map((table) => ({
    table,
    ofRow: (row: string) =>
      `id IN (SELECT cluster_year_id FROM membership WHERE unit_id = ${row}.unit_id) OR ${row}.unit_id IN ` +
      '(head_unit_id, deputy_unit_id, next_head_unit_id, next_deputy_unit_id)',
    ofRows: (rows: string) =>
      `id IN (SELECT cluster_year_id FROM membership WHERE unit_id IN (SELECT unit_id FROM ${rows})) OR ` +
      ['head_unit_id', 'deputy_unit_id', 'next_head_unit_id', 'next_deputy_unit_id']
        .map((column) => `${column} IN (SELECT unit_id FROM ${rows})`)
        .join(' OR '),
  })),
];

/** Each event, the rows it has (SQLite's NEW/OLD) and its transition tables (PostgreSQL). */
const EVENTS = [
  { event: 'INSERT', rows: ['NEW'], transitions: 'NEW TABLE AS new_rows', tables: ['new_rows'] },
  {
    event: 'UPDATE',
    rows: ['OLD', 'NEW'],
    transitions: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    tables: ['old_rows', 'new_rows'],
  },
  { event: 'DELETE', rows: ['OLD'], transitions: 'OLD TABLE AS old_rows', tables: ['old_rows'] },
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
  for (const { table, ofRow } of CHILD_TABLES) {
    for (const { event, rows } of EVENTS) {
      const where = rows.map((row) => `(${ofRow(row)})`).join(' OR ');
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
  for (const { table, ofRows } of CHILD_TABLES) {
    for (const { event, transitions, tables } of EVENTS) {
      const name = `${table}_${event.toLowerCase()}_revision`;
      const where = tables.map((rows) => `(${ofRows(rows)})`).join(' OR ');
      await run(
        `CREATE OR REPLACE FUNCTION fn_${name}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN UPDATE cluster_year SET data_revision = data_revision WHERE ${where}; RETURN NULL; END $$`,
      );
      await run(
        `CREATE OR REPLACE TRIGGER tr_${name} AFTER ${event} ON ${table} REFERENCING ${transitions}
         FOR EACH STATEMENT EXECUTE FUNCTION fn_${name}()`,
      );
    }
  }
}

export async function dropRevisionTriggers(run: Run, postgres: boolean): Promise<void> {
  for (const { table } of CHILD_TABLES) {
    for (const { event } of EVENTS) {
      const name = `${table}_${event.toLowerCase()}_revision`;
      if (postgres) {
        await run(`DROP TRIGGER IF EXISTS tr_${name} ON ${table}`);
        await run(`DROP FUNCTION IF EXISTS fn_${name}()`);
      } else {
        await run(`DROP TRIGGER IF EXISTS tr_${name}`);
      }
    }
  }
  if (postgres) {
    await run('DROP TRIGGER IF EXISTS tr_cluster_year_revision ON cluster_year');
    await run('DROP FUNCTION IF EXISTS fn_cluster_year_revision()');
  } else {
    await run('DROP TRIGGER IF EXISTS tr_cluster_year_revision');
  }
}
