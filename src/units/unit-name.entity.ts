import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Unit } from './unit.entity.js';

/** One name of a unit and the dates it was in force (inclusive; null = open). */
@Entity('unit_name')
@Index('ix_unit_name_unit', ['unitId'])
export class UnitName {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, (unit) => unit.names)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_unit_name_unit' })
  unit: Relation<Unit>;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;
}
