import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The organizer's report settings: one row, with defaults an admin edits. */
export class OrganizerSettings1764374400000 implements MigrationInterface {
  name = 'OrganizerSettings1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'organizer_settings',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'parent_body', type: 'varchar', length: '255' },
          { name: 'issuing_body', type: 'varchar', length: '255' },
          { name: 'motto_kind', type: 'varchar', length: '10' },
          { name: 'place', type: 'varchar', length: '120' },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'updated_at', type: pg ? 'timestamptz' : 'datetime', default: pg ? 'now()' : "datetime('now')" },
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO organizer_settings (id, parent_body, issuing_body, motto_kind, place) VALUES (1, $1, $2, 'party', $3)`.replace(
        /\$\d/g,
        pg ? (m) => m : () => '?',
      ),
      ['THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH', 'BAN TUYÊN GIÁO', 'TP. Hồ Chí Minh'],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organizer_settings');
  }
}
