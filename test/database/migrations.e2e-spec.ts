import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataSource, TableColumn, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../../src/database/data-source.js';
import { testDatabaseConfig } from '../test-database.js';

describe('migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await testDatabaseConfig()));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('build a schema that matches the entities exactly (no drift), and revert cleanly', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual([
      'InitialSchema1764115200000',
      'Accounts1764201600000',
      'AuditFinalizeVersions1764288000000',
      'OrganizerSettings1764374400000',
      'ReportDocuments1764460800310',
      'ComputedClusterYears1764547200000',
      'ComputedCodeVersion1764633600000',
    ]);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < applied.length; i += 1) await dataSource.undoLastMigration();
    const tables = await dataSource.query(
      dataSource.options.type === 'postgres'
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'migrations'`
        : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence')`,
    );
    expect(tables).toEqual([]);
  });
});

/**
 * A later migration that changes a table the revision triggers name (on SQLite TypeORM rebuilds the
 * table to add a column, which SQLite refuses while another table's trigger names it): runMigrations
 * takes the triggers down around it and puts them back, so writes still raise the revision.
 */
describe('a later migration on a table the revision triggers name', () => {
  class AddNote1999999999999 implements MigrationInterface {
    name = 'AddNote1999999999999';
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.addColumn('cluster_year', new TableColumn({ name: 'note', type: 'text', isNullable: true }));
      await queryRunner.addColumn('result', new TableColumn({ name: 'extra', type: 'text', isNullable: true }));
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropColumn('result', 'extra');
      await queryRunner.dropColumn('cluster_year', 'note');
    }
  }

  it('runs, and every write still raises the revision afterwards', async () => {
    const config = await testDatabaseConfig();
    const base = dataSourceOptions(config);
    const first = new DataSource(base);
    await first.initialize();
    await runMigrations(first);
    await first.destroy();
    // The same database (a file, for SQLite: an in-memory one would not outlive the first connection).
    const options =
      config.type === 'sqlite' ? { ...base, database: `${tmpdir()}/thidua-migrate-${process.pid}.sqlite` } : base;
    const dataSource = new DataSource({
      ...options,
      migrations: [...MIGRATIONS, AddNote1999999999999],
    } as DataSourceOptions);
    await dataSource.initialize();
    try {
      const before = await runMigrations(dataSource); // a fresh file: every migration, the extra one last
      expect(before.map((m) => m.name).at(-1)).toBe('AddNote1999999999999');
      const p = (i: number): string => (config.type === 'postgres' ? `$${i}` : '?');
      await dataSource.query(`INSERT INTO unit (code) VALUES ('U1')`);
      await dataSource.query(`INSERT INTO cluster (code, name, kind) VALUES ('C1', 'Cụm 1', 'cluster')`);
      await dataSource.query(
        `INSERT INTO cluster_year (cluster_id, year, rule_excellent_threshold, rule_good_threshold, rule_completed_threshold, rule_veto_cap, rule_tie_breakers, rule_display_decimals)
         VALUES (1, 2024, 90, 70, 50, 'COMPLETED', '[]', 2)`,
      );
      const revision = async (): Promise<number> =>
        Number(
          (await dataSource.query(`SELECT data_revision FROM cluster_year WHERE id = ${p(1)}`, [1]))[0].data_revision,
        );
      const start = await revision();
      await dataSource.query(`INSERT INTO membership (cluster_year_id, unit_id, position) VALUES (1, 1, 1)`);
      expect(await revision()).toBeGreaterThan(start);
      const afterMember = await revision();
      await dataSource.query(`UPDATE cluster_year SET note = 'x' WHERE id = 1`);
      expect(await revision()).toBeGreaterThan(afterMember);
    } finally {
      await dataSource.destroy();
      if (config.type === 'sqlite') rmSync(`${tmpdir()}/thidua-migrate-${process.pid}.sqlite`, { force: true });
    }
  });
});
