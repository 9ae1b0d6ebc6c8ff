import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { decimalColumn } from '../database/column-types.js';
import { Unit } from '../units/unit.entity.js';
import { Criterion } from './criterion.entity.js';

/** The target value a unit signed for one target leaf (chỉ tiêu ký kết). */
@Entity('target')
@Unique('uq_target', ['criterionId', 'unitId'])
export class Target {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  criterionId: number;

  @ManyToOne(() => Criterion)
  @JoinColumn({ name: 'criterion_id', foreignKeyConstraintName: 'fk_target_criterion' })
  criterion: Relation<Criterion>;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_target_unit' })
  unit: Relation<Unit>;

  @Column(decimalColumn())
  value: number;
}
