import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Cluster } from '../clusters/cluster.entity.js';
import { UserAccount } from './user-account.entity.js';

/** A secretary's clusters: the scope of their writes. */
@Entity('user_cluster')
export class UserCluster {
  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @PrimaryColumn({ type: 'integer' })
  clusterId: number;

  @ManyToOne(() => UserAccount, (user) => user.clusters)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_cluster_user' })
  user: Relation<UserAccount>;

  @ManyToOne(() => Cluster)
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_user_cluster_cluster' })
  cluster: Relation<Cluster>;
}
