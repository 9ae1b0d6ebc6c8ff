import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The audit trail, finalize snapshots, and a version on every editable resource. */
export class AuditFinalizeVersions1764288000000 implements MigrationInterface {
  name = 'AuditFinalizeVersions1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    const timestamp = pg ? 'timestamptz' : 'datetime';
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          id,
          { name: 'at', type: timestamp },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'username', type: 'varchar', length: '60' },
          { name: 'action', type: 'varchar', length: '30' },
          { name: 'entity_type', type: 'varchar', length: '30' },
          { name: 'entity_id', type: 'varchar', length: '60' },
          { name: 'cluster_id', type: 'integer', isNullable: true },
          { name: 'year', type: 'integer', isNullable: true },
          { name: 'unit_id', type: 'integer', isNullable: true },
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_audit_entry_cluster_year', columnNames: ['cluster_id', 'year'] }),
          new TableIndex({ name: 'ix_audit_entry_at', columnNames: ['at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cluster_year_snapshot',
        columns: [
          id,
          { name: 'cluster_year_id', type: 'integer' },
          { name: 'taken_at', type: timestamp },
          { name: 'taken_by', type: 'varchar', length: '60' },
          { name: 'standings', type: 'text' },
          { name: 'summary', type: 'text' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_cluster_year_snapshot_cluster_year',
            columnNames: ['cluster_year_id'],
            referencedTableName: 'cluster_year',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
          }),
        ],
      }),
    );
    const version = (): TableColumn => new TableColumn({ name: 'version', type: 'integer', default: 1 });
    for (const table of ['unit', 'cluster', 'cluster_year', 'membership'])
      await queryRunner.addColumn(table, version());
    await queryRunner.addColumns('cluster_year', [
      new TableColumn({ name: 'finalized_at', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'finalized_by', type: 'varchar', length: '60', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('cluster_year', ['finalized_at', 'finalized_by']);
    for (const table of ['membership', 'cluster_year', 'cluster', 'unit'])
      await queryRunner.dropColumn(table, 'version');
    await queryRunner.dropTable('cluster_year_snapshot');
    await queryRunner.dropTable('audit_entry');
  }
}
