import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { timestampType } from '../database/column-types.js';
import { UnitName } from './unit-name.entity.js';
import { UnitWomenShare } from './unit-women-share.entity.js';

/** A member unit (đơn vị thành viên). Its id is stable across renames; names live in UnitName. */
@Entity('unit')
@Unique('uq_unit_code', ['code'])
export class Unit {
  @PrimaryGeneratedColumn()
  id: number;

  /** Optional short code, unique when given (used by imports). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  code: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @OneToMany(() => UnitName, (name) => name.unit)
  names: Relation<UnitName[]>;

  @OneToMany(() => UnitWomenShare, (share) => share.unit)
  womenShares: Relation<UnitWomenShare[]>;

  /** Bumped by every write; a write that names an older version is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: timestampType() })
  createdAt: Date;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
