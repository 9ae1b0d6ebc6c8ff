import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampType } from '../database/column-types.js';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'copy',
  'finalize',
  'reopen',
  'change-password',
  'reset-password',
  'import',
  'login',
  'login-failed',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'unit',
  'cluster',
  'cluster-year',
  'results',
  'user',
  'settings',
  'import',
  'session',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * One change, written in the same transaction as the change itself. Append-only: no route
 * changes or deletes it. `before` / `after` hold the resource as JSON (never a password or hash).
 */
@Entity('audit_entry')
@Index('ix_audit_entry_cluster_year', ['clusterId', 'year'])
@Index('ix_audit_entry_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: timestampType() })
  at: Date;

  /** null: the system (command line, demo seed). */
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 60 })
  username: string;

  @Column({ type: 'varchar', length: 30 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 30 })
  entityType: AuditEntityType;

  /** e.g. "7" for a unit, "3/2021" for a cluster-year, "3/2021/7" for a unit's results. */
  @Column({ type: 'varchar', length: 60 })
  entityId: string;

  @Column({ type: 'integer', nullable: true })
  clusterId: number | null;

  @Column({ type: 'integer', nullable: true })
  year: number | null;

  @Column({ type: 'integer', nullable: true })
  unitId: number | null;

  @Column({ type: 'text', nullable: true })
  before: string | null;

  @Column({ type: 'text', nullable: true })
  after: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
