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
import { UserCluster } from './user-cluster.entity.js';

export const ROLES = ['admin', 'secretary', 'leader', 'reporter'] as const;
/** admin: the organizer's staff; secretary: of some clusters; leader: reads; reporter: reads and exports. */
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Quản trị',
  secretary: 'Thư ký cụm',
  leader: 'Lãnh đạo',
  reporter: 'Cán bộ báo cáo',
};

/** An account. The password is stored only as an Argon2id hash. */
@Entity('user_account')
@Unique('uq_user_account_username', ['username'])
export class UserAccount {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 60 })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @OneToMany(() => UserCluster, (uc) => uc.user)
  clusters: Relation<UserCluster[]>;

  @CreateDateColumn({ type: timestampType() })
  createdAt: Date;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
