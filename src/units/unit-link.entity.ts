import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Unit } from './unit.entity.js';

export const UNIT_LINK_KINDS = ['merger', 'split', 'succession'] as const;
export type UnitLinkKind = (typeof UNIT_LINK_KINDS)[number];

/** A predecessor → successor link between units (merger, split, succession after a reform). */
@Entity('unit_link')
@Unique('uq_unit_link', ['predecessorId', 'successorId'])
export class UnitLink {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  predecessorId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'predecessor_id', foreignKeyConstraintName: 'fk_unit_link_predecessor' })
  predecessor: Relation<Unit>;

  @Column({ type: 'integer' })
  successorId: number;

  @ManyToOne(() => Unit)
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'fk_unit_link_successor' })
  successor: Relation<Unit>;

  @Column({ type: 'varchar', length: 20 })
  kind: UnitLinkKind;

  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;
}
