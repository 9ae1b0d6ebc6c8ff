import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropRevisionTriggers, installRevisionTriggers } from '../revision-triggers.js';

/**
 * The computed cluster-year, stored, so that a read is one indexed query (see revision-triggers.ts:
 * the stored figures are valid while their `revision` equals the cluster-year's `data_revision`,
 * which triggers raise on every write to anything the figures are computed from).
 */
export class ComputedClusterYears1764547200000 implements MigrationInterface {
  name = 'ComputedClusterYears1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    await queryRunner.addColumn(
      'cluster_year',
      new TableColumn({ name: 'data_revision', type: 'integer', default: 0, isNullable: false }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'computed_cluster_year',
        columns: [
          { name: 'cluster_year_id', type: 'integer', isPrimary: true },
          { name: 'revision', type: 'integer' },
          { name: 'body', type: 'text', isNullable: true },
          { name: 'units', type: 'text', isNullable: true },
          { name: 'setup', type: 'text', isNullable: true },
          { name: 'computed_at', type: pg ? 'timestamptz' : 'datetime', default: pg ? 'now()' : "datetime('now')" },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_computed_cluster_year_cluster_year',
            columnNames: ['cluster_year_id'],
            referencedTableName: 'cluster_year',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    // The indexes the reads and the triggers above look up by.
    await queryRunner.createIndex('unit_name', new TableIndex({ name: 'ix_unit_name_unit', columnNames: ['unit_id'] }));
    await queryRunner.createIndex(
      'membership',
      new TableIndex({ name: 'ix_membership_unit', columnNames: ['unit_id'] }),
    );
    await queryRunner.createIndex(
      'access_token',
      new TableIndex({ name: 'ix_access_token_user', columnNames: ['user_id'] }),
    );
    // On SQLite the triggers are installed after the whole run by runMigrations (migrate.ts): a later
    // migration in the same run may rebuild a table they name, which SQLite refuses.
    if (pg) await installRevisionTriggers((sql) => queryRunner.query(sql), pg);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRevisionTriggers((sql) => queryRunner.query(sql), queryRunner.connection.options.type === 'postgres');
    await queryRunner.dropIndex('access_token', 'ix_access_token_user');
    await queryRunner.dropIndex('membership', 'ix_membership_unit');
    await queryRunner.dropIndex('unit_name', 'ix_unit_name_unit');
    await queryRunner.dropTable('computed_cluster_year');
    await queryRunner.dropColumn('cluster_year', 'data_revision');
  }
}
