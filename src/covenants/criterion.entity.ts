import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { decimalColumn } from '../database/column-types.js';
import type { Direction, LeafKind, ScoringMethod } from '../standings/domain/types.js';
import { ClusterYear } from './cluster-year.entity.js';

/** A node of a cluster-year's scoring table (bảng chấm điểm): a group when kind is null, else a leaf. */
@Entity('criterion')
@Unique('uq_criterion_code', ['clusterYearId', 'code'])
export class Criterion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  clusterYearId: number;

  @ManyToOne(() => ClusterYear)
  @JoinColumn({ name: 'cluster_year_id', foreignKeyConstraintName: 'fk_criterion_cluster_year' })
  clusterYear: Relation<ClusterYear>;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Criterion)
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_criterion_parent' })
  parent: Relation<Criterion> | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'integer' })
  position: number;

  @Column(decimalColumn({ nullable: true }))
  maxPoints: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  kind: LeafKind | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  method: ScoringMethod | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  direction: Direction | null;

  @Column(decimalColumn({ nullable: true }))
  defaultTarget: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  unitOfMeasure: string | null;

  @Column(decimalColumn({ nullable: true }))
  pointsPerOccurrence: number | null;
}
