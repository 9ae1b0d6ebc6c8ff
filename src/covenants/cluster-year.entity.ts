import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Cluster } from '../clusters/cluster.entity.js';
import { decimalColumn, decimalTransformer, timestampType } from '../database/column-types.js';
import type { Rating, TieBreaker } from '../standings/domain/types.js';
import { Unit } from '../units/unit.entity.js';

export const CLUSTER_YEAR_STATUSES = ['open', 'finalized'] as const;
export type ClusterYearStatus = (typeof CLUSTER_YEAR_STATUSES)[number];

const percentColumn = { type: 'decimal', precision: 7, scale: 4, transformer: decimalTransformer } as const;

/**
 * A cluster's year: head and deputy, dates, next year's head and deputy, and the rule set
 * (quy định chấm điểm của năm) in the rule_* columns.
 */
@Entity('cluster_year')
@Unique('uq_cluster_year', ['clusterId', 'year'])
export class ClusterYear {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  clusterId: number;

  @ManyToOne(() => Cluster)
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_cluster_year_cluster' })
  cluster: Relation<Cluster>;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status: ClusterYearStatus;

  @Column({ type: 'integer', nullable: true })
  headUnitId: number | null;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'head_unit_id', foreignKeyConstraintName: 'fk_cluster_year_head' })
  headUnit: Relation<Unit> | null;

  @Column({ type: 'integer', nullable: true })
  deputyUnitId: number | null;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'deputy_unit_id', foreignKeyConstraintName: 'fk_cluster_year_deputy' })
  deputyUnit: Relation<Unit> | null;

  @Column({ type: 'date', nullable: true })
  covenantDate: string | null;

  @Column({ type: 'date', nullable: true })
  conferenceDate: string | null;

  @Column({ type: 'integer', nullable: true })
  nextHeadUnitId: number | null;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'next_head_unit_id', foreignKeyConstraintName: 'fk_cluster_year_next_head' })
  nextHeadUnit: Relation<Unit> | null;

  @Column({ type: 'integer', nullable: true })
  nextDeputyUnitId: number | null;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'next_deputy_unit_id', foreignKeyConstraintName: 'fk_cluster_year_next_deputy' })
  nextDeputyUnit: Relation<Unit> | null;

  @Column({ ...percentColumn })
  ruleExcellentThreshold: number;

  @Column({ ...percentColumn })
  ruleGoodThreshold: number;

  @Column({ ...percentColumn })
  ruleCompletedThreshold: number;

  @Column({ type: 'varchar', length: 20 })
  ruleVetoCap: Rating;

  @Column({ type: 'simple-json' })
  ruleTieBreakers: TieBreaker[];

  @Column({ type: 'integer' })
  ruleDisplayDecimals: number;

  @Column(decimalColumn({ nullable: true }))
  ruleMaxTotal: number | null;

  @Column({ type: timestampType(), nullable: true })
  finalizedAt: Date | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  finalizedBy: string | null;

  /** Who signs the cluster's documents for the head unit (printed under "CỤM TRƯỞNG"). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  reportSignerName: string | null;

  /** The summary report's strengths paragraphs, written by the secretary. */
  @Column({ type: 'text', nullable: true })
  reportStrengths: string | null;

  /** The summary report's shortcomings paragraphs. */
  @Column({ type: 'text', nullable: true })
  reportShortcomings: string | null;

  /** Bumped by every write; a write that names an older version is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /**
   * Raised by database triggers on every write to anything the year's figures are computed from
   * (src/database/revision-triggers.ts); never written by the app.
   */
  @Column({ type: 'integer', default: 0, insert: false, update: false })
  dataRevision: number;

  @CreateDateColumn({ type: timestampType() })
  createdAt: Date;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
