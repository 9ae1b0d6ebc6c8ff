import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Criterion } from '../covenants/criterion.entity.js';
import { decimalColumn, timestampType } from '../database/column-types.js';
import { Unit } from '../units/unit.entity.js';

/** Reporting periods; only the whole year is scored for now (the mid-year review comes later). */
export const PERIODS = ['year'] as const;
export type Period = (typeof PERIODS)[number];

/** What a unit entered for one leaf, and the cluster's reviewed score. Evidence files will hang off this id. */
@Entity('result')
@Unique('uq_result', ['criterionId', 'unitId', 'period'])
export class Result {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  criterionId: number;

  @ManyToOne(() => Criterion)
  @JoinColumn({ name: 'criterion_id', foreignKeyConstraintName: 'fk_result_criterion' })
  criterion: Relation<Criterion>;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_result_unit' })
  unit: Relation<Unit>;

  @Column({ type: 'varchar', length: 12, default: 'year' })
  period: Period;

  @Column(decimalColumn({ nullable: true }))
  actual: number | null;

  @Column(decimalColumn({ nullable: true }))
  selfScore: number | null;

  @Column(decimalColumn({ nullable: true }))
  reviewedScore: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  reviewReason: string | null;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
