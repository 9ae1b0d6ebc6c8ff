import {
  Table,
  TableForeignKey,
  TableUnique,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

/**
 * The core schema: units, clusters, cluster-years with their rule sets, memberships, scoring
 * tables, signed targets and results. Written with the portable schema API so that the same
 * migration runs on SQLite and PostgreSQL; test/database/migrations.e2e-spec.ts checks that the
 * migrated schema matches the entities on both.
 */
export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    const id = (): TableColumnOptions => ({
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    });
    const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const varchar = (name: string, length: number, isNullable = false, dflt?: string): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
      ...(dflt === undefined ? {} : { default: `'${dflt}'` }),
    });
    const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
    const date = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: true });
    const decimal = (name: string, isNullable: boolean, precision = 14, scale = 4): TableColumnOptions => ({
      name,
      type: 'decimal',
      precision,
      scale,
      isNullable,
    });
    const timestamp = (name: string): TableColumnOptions => ({
      name,
      type: pg ? 'timestamptz' : 'datetime',
      default: pg ? 'now()' : "datetime('now')",
    });
    const fk = (name: string, column: string, table: string): TableForeignKey =>
      new TableForeignKey({
        name,
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'NO ACTION',
      });
    const unique = (name: string, ...columnNames: string[]): TableUnique => new TableUnique({ name, columnNames });

    await queryRunner.createTable(
      new Table({
        name: 'unit',
        columns: [id(), varchar('code', 40, true), text('note'), timestamp('created_at'), timestamp('updated_at')],
        uniques: [unique('uq_unit_code', 'code')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'unit_name',
        columns: [id(), int('unit_id'), varchar('name', 255), date('valid_from'), date('valid_to')],
        foreignKeys: [fk('fk_unit_name_unit', 'unit_id', 'unit')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'unit_women_share',
        columns: [
          { ...int('unit_id'), isPrimary: true },
          { ...int('year'), isPrimary: true },
          decimal('percent', false, 5, 2),
        ],
        foreignKeys: [fk('fk_unit_women_share_unit', 'unit_id', 'unit')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'unit_link',
        columns: [id(), int('predecessor_id'), int('successor_id'), varchar('kind', 20), date('effective_on')],
        uniques: [unique('uq_unit_link', 'predecessor_id', 'successor_id')],
        foreignKeys: [
          fk('fk_unit_link_predecessor', 'predecessor_id', 'unit'),
          fk('fk_unit_link_successor', 'successor_id', 'unit'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cluster',
        columns: [
          id(),
          varchar('code', 40),
          varchar('name', 255),
          varchar('kind', 10),
          text('description'),
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        uniques: [unique('uq_cluster_code', 'code')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cluster_year',
        columns: [
          id(),
          int('cluster_id'),
          int('year'),
          varchar('status', 12, false, 'open'),
          int('head_unit_id', true),
          int('deputy_unit_id', true),
          date('covenant_date'),
          date('conference_date'),
          int('next_head_unit_id', true),
          int('next_deputy_unit_id', true),
          decimal('rule_excellent_threshold', false, 7, 4),
          decimal('rule_good_threshold', false, 7, 4),
          decimal('rule_completed_threshold', false, 7, 4),
          varchar('rule_veto_cap', 20),
          text('rule_tie_breakers', false),
          int('rule_display_decimals'),
          decimal('rule_max_total', true),
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        uniques: [unique('uq_cluster_year', 'cluster_id', 'year')],
        foreignKeys: [
          fk('fk_cluster_year_cluster', 'cluster_id', 'cluster'),
          fk('fk_cluster_year_head', 'head_unit_id', 'unit'),
          fk('fk_cluster_year_deputy', 'deputy_unit_id', 'unit'),
          fk('fk_cluster_year_next_head', 'next_head_unit_id', 'unit'),
          fk('fk_cluster_year_next_deputy', 'next_deputy_unit_id', 'unit'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'membership',
        columns: [
          id(),
          int('cluster_year_id'),
          int('unit_id'),
          int('position'),
          date('joined_on'),
          date('left_on'),
          text('veto_reason'),
          varchar('rating_override', 20, true),
          text('rating_override_reason'),
        ],
        uniques: [unique('uq_membership', 'cluster_year_id', 'unit_id')],
        foreignKeys: [
          fk('fk_membership_cluster_year', 'cluster_year_id', 'cluster_year'),
          fk('fk_membership_unit', 'unit_id', 'unit'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'criterion',
        columns: [
          id(),
          int('cluster_year_id'),
          int('parent_id', true),
          varchar('code', 40),
          varchar('title', 500),
          int('position'),
          decimal('max_points', true),
          varchar('kind', 20, true),
          varchar('method', 30, true),
          varchar('direction', 10, true),
          decimal('default_target', true),
          varchar('unit_of_measure', 100, true),
          decimal('points_per_occurrence', true),
        ],
        uniques: [unique('uq_criterion_code', 'cluster_year_id', 'code')],
        foreignKeys: [
          fk('fk_criterion_cluster_year', 'cluster_year_id', 'cluster_year'),
          fk('fk_criterion_parent', 'parent_id', 'criterion'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'target',
        columns: [id(), int('criterion_id'), int('unit_id'), decimal('value', false)],
        uniques: [unique('uq_target', 'criterion_id', 'unit_id')],
        foreignKeys: [fk('fk_target_criterion', 'criterion_id', 'criterion'), fk('fk_target_unit', 'unit_id', 'unit')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'result',
        columns: [
          id(),
          int('criterion_id'),
          int('unit_id'),
          varchar('period', 12, false, 'year'),
          decimal('actual', true),
          decimal('self_score', true),
          decimal('reviewed_score', true),
          text('note'),
          text('review_reason'),
          timestamp('updated_at'),
        ],
        uniques: [unique('uq_result', 'criterion_id', 'unit_id', 'period')],
        foreignKeys: [fk('fk_result_criterion', 'criterion_id', 'criterion'), fk('fk_result_unit', 'unit_id', 'unit')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'result',
      'target',
      'criterion',
      'membership',
      'cluster_year',
      'cluster',
      'unit_link',
      'unit_women_share',
      'unit_name',
      'unit',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
