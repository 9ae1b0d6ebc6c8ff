import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { timestampType } from '../database/column-types.js';

/** The standings and summary as the conference adopted them, stored at each finalize. */
@Entity('cluster_year_snapshot')
export class ClusterYearSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  clusterYearId: number;

  @ManyToOne(() => ClusterYear)
  @JoinColumn({ name: 'cluster_year_id', foreignKeyConstraintName: 'fk_cluster_year_snapshot_cluster_year' })
  clusterYear: Relation<ClusterYear>;

  @Column({ type: timestampType() })
  takenAt: Date;

  @Column({ type: 'varchar', length: 60 })
  takenBy: string;

  /** StandingsResponse as JSON. */
  @Column({ type: 'text' })
  standings: string;

  /** SummaryResponse as JSON. */
  @Column({ type: 'text' })
  summary: string;
}
