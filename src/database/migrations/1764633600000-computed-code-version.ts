import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Stored figures carry the fingerprint of the code that computed them (code-version.ts): kept
 * across restarts, used only by the same code. (Before, every start deleted them all: on a
 * province's database, 77 MB and most of a second before the app answered.)
 */
export class ComputedCodeVersion1764633600000 implements MigrationInterface {
  name = 'ComputedCodeVersion1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM computed_cluster_year');
    await queryRunner.addColumn(
      'computed_cluster_year',
      new TableColumn({ name: 'code_version', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('computed_cluster_year', 'code_version');
  }
}
