import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { timestampType } from '../database/column-types.js';

/**
 * A cluster-year's computed figures as stored JSON (see cluster-year-view.ts), valid while
 * `revision` equals the cluster-year's `dataRevision` (raised by triggers on every write that
 * changes the figures: src/database/revision-triggers.ts), for the code that computed them
 * (`codeVersion`: src/database/code-version.ts).
 */
@Entity('computed_cluster_year')
export class ComputedClusterYearRow {
  @PrimaryColumn({ type: 'integer' })
  clusterYearId: number;

  @OneToOne(() => ClusterYear, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cluster_year_id', foreignKeyConstraintName: 'fk_computed_cluster_year_cluster_year' })
  clusterYear: Relation<ClusterYear>;

  @Column({ type: 'integer' })
  revision: number;

  /** The fingerprint of the code that computed the figures: other code computes its own. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  codeVersion: string | null;

  /** The standings and summary (cluster-year-view.ts: encodeView); null until read once. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** Every member's scores criterion by criterion (UnitDetail[] as JSON); null with body. */
  @Column({ type: 'text', nullable: true })
  units: string | null;

  /** The year's set-up as the cluster-year API answers it (ClusterYearResponse as JSON). */
  @Column({ type: 'text', nullable: true })
  setup: string | null;

  @UpdateDateColumn({ type: timestampType() })
  computedAt: Date;
}
