import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { timestampType } from '../database/column-types.js';
import { UserAccount } from './user-account.entity.js';

/**
 * A login: a bearer token for the API or a session cookie for the pages. Only the token's SHA-256
 * is stored; `csrfToken` guards cookie sessions against cross-site writes.
 */
@Entity('access_token')
@Unique('uq_access_token_hash', ['tokenHash'])
@Index('ix_access_token_user', ['userId'])
export class AccessToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => UserAccount)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_access_token_user' })
  user: Relation<UserAccount>;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @Column({ type: timestampType() })
  expiresAt: Date;

  @Column({ type: timestampType(), nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: timestampType() })
  createdAt: Date;
}
