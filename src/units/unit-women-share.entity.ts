import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { decimalTransformer } from '../database/column-types.js';
import { Unit } from './unit.entity.js';

/** Share of women staff in a year, for the legal tie preference (Decree 152/2025, art. 4(6)). */
@Entity('unit_women_share')
export class UnitWomenShare {
  @PrimaryColumn({ type: 'integer' })
  unitId: number;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @ManyToOne(() => Unit, (unit) => unit.womenShares)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_unit_women_share_unit' })
  unit: Relation<Unit>;

  @Column({ type: 'decimal', precision: 5, scale: 2, transformer: decimalTransformer })
  percent: number;
}
