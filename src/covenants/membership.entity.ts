import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { Rating } from '../standings/domain/types.js';
import { Unit } from '../units/unit.entity.js';
import { ClusterYear } from './cluster-year.entity.js';

/**
 * A unit's membership of a cluster in one year, with the dates it joined or left during the year
 * and the conference's decisions on it: a veto (một phiếu phủ quyết) and a rating override.
 */
@Entity('membership')
@Unique('uq_membership', ['clusterYearId', 'unitId'])
@Index('ix_membership_unit', ['unitId'])
export class Membership {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  clusterYearId: number;

  @ManyToOne(() => ClusterYear)
  @JoinColumn({ name: 'cluster_year_id', foreignKeyConstraintName: 'fk_membership_cluster_year' })
  clusterYear: Relation<ClusterYear>;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_membership_unit' })
  unit: Relation<Unit>;

  /** Display order (STT). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'date', nullable: true })
  joinedOn: string | null;

  @Column({ type: 'date', nullable: true })
  leftOn: string | null;

  /** A veto is in force when its reason is set. */
  @Column({ type: 'text', nullable: true })
  vetoReason: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  ratingOverride: Rating | null;

  @Column({ type: 'text', nullable: true })
  ratingOverrideReason: string | null;

  /** Bumped by every write of the unit's results; a write that names an older version is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;
}
