import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { Cluster } from '../clusters/cluster.entity.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { Criterion } from '../covenants/criterion.entity.js';
import { Membership } from '../covenants/membership.entity.js';
import { Target } from '../covenants/target.entity.js';
import { Result } from '../results/result.entity.js';
import { UnitLink } from '../units/unit-link.entity.js';
import { UnitName } from '../units/unit-name.entity.js';
import { UnitWomenShare } from '../units/unit-women-share.entity.js';
import { Unit } from '../units/unit.entity.js';
import { InitialSchema1764115200000 } from './migrations/1764115200000-initial-schema.js';
import { Accounts1764201600000 } from './migrations/1764201600000-accounts.js';
import { AuditFinalizeVersions1764288000000 } from './migrations/1764288000000-audit-finalize-versions.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { OrganizerSettings1764374400000 } from './migrations/1764374400000-organizer-settings.js';
import { OrganizerSettings } from '../reports/organizer-settings.entity.js';
import { ReportDocuments1764460800310 } from './migrations/1764460800310-report-documents.js';
import { ClusterYearSnapshot } from '../finalize/cluster-year-snapshot.entity.js';
import { AccessToken } from '../accounts/access-token.entity.js';
import { UserAccount } from '../accounts/user-account.entity.js';
import { UserCluster } from '../accounts/user-cluster.entity.js';
import { SnakeNamingStrategy } from './naming-strategy.js';
import { ComputedClusterYears1764547200000 } from './migrations/1764547200000-computed-cluster-years.js';
import { ComputedCodeVersion1764633600000 } from './migrations/1764633600000-computed-code-version.js';
import { ComputedClusterYearRow } from '../standings/computed-cluster-year.entity.js';

export { runMigrations } from './migrate.js';

export const ENTITIES = [
  Unit,
  UnitName,
  UnitWomenShare,
  UnitLink,
  Cluster,
  ClusterYear,
  Membership,
  Criterion,
  Target,
  Result,
  UserAccount,
  UserCluster,
  AccessToken,
  AuditEntry,
  ClusterYearSnapshot,
  OrganizerSettings,
  ComputedClusterYearRow,
];

/** Every migration, in order. Written with TypeORM's portable schema API: one set for both databases. */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  Accounts1764201600000,
  AuditFinalizeVersions1764288000000,
  OrganizerSettings1764374400000,
  ReportDocuments1764460800310,
  ComputedClusterYears1764547200000,
  ComputedCodeVersion1764633600000,
];

/** The one description of the database, used by the app, the CLI and the tests. */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
  } as const;
  if (database.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      uuidExtension: 'pgcrypto',
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  const inMemory = database.path === ':memory:';
  if (!inMemory) mkdirSync(path.dirname(database.path), { recursive: true });
  return { ...common, type: 'better-sqlite3', database: database.path, enableWAL: !inMemory };
}
