import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the signed documents need besides the figures: the cluster-year's signer and the
 * strengths and shortcomings its secretary writes for the summary report; the organizer's signer
 * for the overview.
 */
export class ReportDocuments1764460800310 implements MigrationInterface {
  name = 'ReportDocuments1764460800310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('cluster_year', [
      new TableColumn({ name: 'report_signer_name', type: 'varchar', length: '120', isNullable: true }),
      new TableColumn({ name: 'report_strengths', type: 'text', isNullable: true }),
      new TableColumn({ name: 'report_shortcomings', type: 'text', isNullable: true }),
    ]);
    await queryRunner.addColumns('organizer_settings', [
      new TableColumn({ name: 'signer_authority', type: 'varchar', length: '120', isNullable: true }),
      new TableColumn({ name: 'signer_title', type: 'varchar', length: '120', default: "'TRƯỞNG BAN'" }),
      new TableColumn({ name: 'signer_name', type: 'varchar', length: '120', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['signer_name', 'signer_title', 'signer_authority'])
      await queryRunner.dropColumn('organizer_settings', column);
    for (const column of ['report_shortcomings', 'report_strengths', 'report_signer_name'])
      await queryRunner.dropColumn('cluster_year', column);
  }
}
