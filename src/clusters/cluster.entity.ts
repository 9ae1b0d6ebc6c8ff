import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { timestampType } from '../database/column-types.js';

export const CLUSTER_KINDS = ['cluster', 'bloc'] as const;
/** cluster: cụm thi đua (by territory); bloc: khối thi đua (by function). */
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

@Entity('cluster')
@Unique('uq_cluster_code', ['code'])
export class Cluster {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  kind: ClusterKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Bumped by every write; a write that names an older version is refused (409). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: timestampType() })
  createdAt: Date;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
