import { Table, TableForeignKey, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Accounts, secretaries' clusters and login tokens (portable schema API, as the first migration). */
export class Accounts1764201600000 implements MigrationInterface {
  name = 'Accounts1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    const timestamp = pg ? 'timestamptz' : 'datetime';
    const now = pg ? 'now()' : "datetime('now')";
    await queryRunner.createTable(
      new Table({
        name: 'user_account',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '60' },
          { name: 'display_name', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'active', type: 'boolean', default: pg ? true : 1 },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'updated_at', type: timestamp, default: now },
        ],
        uniques: [new TableUnique({ name: 'uq_user_account_username', columnNames: ['username'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_cluster',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'cluster_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_user_cluster_user',
            columnNames: ['user_id'],
            referencedTableName: 'user_account',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'fk_user_cluster_cluster',
            columnNames: ['cluster_id'],
            referencedTableName: 'cluster',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'access_token',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'user_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          { name: 'expires_at', type: timestamp },
          { name: 'revoked_at', type: timestamp, isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
        ],
        uniques: [new TableUnique({ name: 'uq_access_token_hash', columnNames: ['token_hash'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_access_token_user',
            columnNames: ['user_id'],
            referencedTableName: 'user_account',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('access_token');
    await queryRunner.dropTable('user_cluster');
    await queryRunner.dropTable('user_account');
  }
}
