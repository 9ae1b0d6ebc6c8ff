import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../accounts/accounts.service.js';
import { UserAccount, type Role } from '../../accounts/user-account.entity.js';
import { Cluster } from '../../clusters/cluster.entity.js';
import { ClustersService } from '../../clusters/clusters.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ClusterYearsService } from '../../covenants/cluster-years.service.js';
import type { CriterionDto, PutClusterYearDto, RuleSetDto } from '../../covenants/dto/cluster-year.dto.js';
import type { ResultEntryDto } from '../../results/dto/results.dto.js';
import { ResultsService } from '../../results/results.service.js';
import type { CreateClusterDto } from '../../clusters/dto/cluster.dto.js';
import type { CreateUnitDto } from '../../units/dto/unit.dto.js';
import { Unit } from '../../units/unit.entity.js';
import { UnitsService } from '../../units/units.service.js';
import { OrganizerSettings } from '../../reports/organizer-settings.entity.js';
import { ENTITIES } from '../data-source.js';
import { AuditEntry } from '../../audit/audit-entry.entity.js';
import { ClusterYear } from '../../covenants/cluster-year.entity.js';

/** The demo files live in data/demo/ at the project root (readable JSON; units are referred to by code). */
export const DEMO_DIR = new URL('../../../data/demo/', import.meta.url);

const DEMO_YEAR_FILES = ['CUM5-2021.json', 'CUM5-2022.json', 'KHOI-DANG-2021.json', 'KHOI-DANG-2022.json'];

interface DemoUnit extends CreateUnitDto {
  code: string;
}

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  clusters?: string[];
}

type DemoResults = Record<string, Record<string, Omit<ResultEntryDto, 'criterionCode'>>>;

interface DemoYear {
  cluster: string;
  year: number;
  copyFrom?: number;
  members?: string[];
  head?: string;
  deputy?: string;
  nextHead?: string;
  nextDeputy?: string;
  covenantDate?: string;
  conferenceDate?: string;
  ruleSet?: RuleSetDto;
  scoringTable?: (Omit<CriterionDto, 'targets'> & { targets?: Record<string, number> })[];
  results: DemoResults;
}

/**
 * Seeds the published case (Cụm thi đua số 5, 2021: 12 units, 11 excellent, 108/120 targets met),
 * the same cluster in 2022 and a bloc, through the same services and checks as the API.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitsService,
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly results: ResultsService,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const em = this.dataSource.manager;
    if (this.config.demoSeed === 'auto') {
      const accounts = await em.count(UserAccount);
      if (accounts + (await em.count(Unit)) + (await em.count(Cluster)) === 0) {
        await this.seed();
        this.logger.log(
          'Cơ sở dữ liệu trống: đã nạp dữ liệu minh họa (Cụm thi đua số 5, năm 2021 và 2022; một khối thi đua).',
        );
      } else if (accounts === 0) {
        // A demo database from before accounts existed: give it the demo accounts too.
        await this.seedAccounts(new Map((await em.find(Cluster)).map((c) => [c.code, c.id])));
        this.logger.log('Đã tạo các tài khoản minh họa (xem README).');
      }
    }
    if ((await em.count(UserAccount)) === 0) {
      this.logger.warn(
        'Chưa có tài khoản nào. Tạo quản trị đầu tiên: npm run cli -- user:create --role admin --username <tên>',
      );
    }
  }

  /**
   * Empties every table, then seeds the demo. The organizer's settings (the report header) stay:
   * their one row is made by a migration, and reports need it.
   */
  async reseed(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const entity of [...ENTITIES].reverse()) {
        if (entity === OrganizerSettings) continue;
        const table = em.getRepository(entity).metadata.tableName;
        if (table === 'criterion') await em.query(`UPDATE criterion SET parent_id = NULL`);
        await em.query(`DELETE FROM ${table}`);
      }
    });
    await this.seed();
  }

  /**
   * What the database holds that the demo seed did not make, one Vietnamese line each (empty: only
   * the demo, or nothing). The demo is: its units, clusters, cluster-years and accounts, and audit
   * entries written by the system (logins and logouts aside, nobody changed anything).
   */
  async nonDemoContent(): Promise<string[]> {
    const em = this.dataSource.manager;
    const unitCodes = new Set((await readJson<DemoUnit[]>('units.json')).map((u) => u.code));
    const clusterCodes = new Set((await readJson<CreateClusterDto[]>('clusters.json')).map((c) => c.code));
    const usernames = new Set((await readJson<DemoAccount[]>('accounts.json')).map((a) => a.username));
    const years = new Set(
      await Promise.all(
        DEMO_YEAR_FILES.map(async (file) => readJson<DemoYear>(file).then((y) => `${y.cluster}/${y.year}`)),
      ),
    );
    const found: string[] = [];
    const units = (await em.find(Unit, { select: { code: true } })).filter((u) => !unitCodes.has(u.code ?? ''));
    if (units.length > 0) found.push(`${units.length} đơn vị không thuộc dữ liệu minh họa`);
    const clusters = await em.find(Cluster);
    const otherClusters = clusters.filter((c) => !clusterCodes.has(c.code));
    if (otherClusters.length > 0) found.push(`${otherClusters.length} cụm/khối không thuộc dữ liệu minh họa`);
    const codeOf = new Map(clusters.map((c) => [c.id, c.code]));
    const otherYears = (await em.find(ClusterYear)).filter((y) => !years.has(`${codeOf.get(y.clusterId)}/${y.year}`));
    if (otherYears.length > 0) found.push(`${otherYears.length} năm thi đua không thuộc dữ liệu minh họa`);
    const accounts = (await em.find(UserAccount)).filter((a) => !usernames.has(a.username));
    if (accounts.length > 0) found.push(`${accounts.length} tài khoản không thuộc dữ liệu minh họa`);
    const changes = await em
      .createQueryBuilder(AuditEntry, 'a')
      .where(`a.entity_type <> 'session'`)
      .andWhere(
        `(a.user_id IS NOT NULL OR a.action IN ('import', 'finalize', 'reopen', 'change-password', 'reset-password'))`,
      )
      .getCount();
    if (changes > 0) found.push(`${changes} thay đổi trong nhật ký do người dùng hoặc lệnh nhập ghi`);
    return found;
  }

  private async seedAccounts(clusterIds: ReadonlyMap<string, number>): Promise<void> {
    for (const account of await readJson<DemoAccount[]>('accounts.json')) {
      await this.accounts.create({
        ...account,
        clusterIds: (account.clusters ?? []).flatMap((code) => clusterIds.get(code) ?? []),
      });
    }
  }

  private async seed(): Promise<void> {
    const unitFile = await readJson<DemoUnit[]>('units.json');
    const ids = new Map<string, number>();
    for (const unit of unitFile) ids.set(unit.code, (await this.units.create(unit)).id);
    const clusterIds = new Map<string, number>();
    for (const cluster of await readJson<CreateClusterDto[]>('clusters.json')) {
      clusterIds.set(cluster.code, (await this.clusters.create(cluster)).id);
    }
    await this.seedAccounts(clusterIds);
    const id = (code: string | undefined): number | null => {
      if (code === undefined) return null;
      const found = ids.get(code);
      if (found === undefined) throw new Error(`demo data: unknown unit code ${code}`);
      return found;
    };
    for (const file of DEMO_YEAR_FILES) {
      const demo = await readJson<DemoYear>(file);
      const clusterId = clusterIds.get(demo.cluster);
      if (clusterId === undefined) throw new Error(`demo data: unknown cluster ${demo.cluster}`);
      let body: PutClusterYearDto;
      if (demo.copyFrom !== undefined) {
        const copy = await this.clusterYears.copyFrom(clusterId, demo.year, demo.copyFrom);
        body = {
          members: copy.members,
          movements: copy.movements,
          headUnitId: copy.headUnitId,
          deputyUnitId: copy.deputyUnitId,
          ruleSet: copy.ruleSet,
          scoringTable: copy.scoringTable,
        };
      } else {
        body = {
          members: (demo.members ?? []).map((code) => id(code) ?? 0),
          headUnitId: id(demo.head),
          deputyUnitId: id(demo.deputy),
          ruleSet: demo.ruleSet ?? null,
          scoringTable: (demo.scoringTable ?? []).map((c) => ({
            ...c,
            targets: Object.entries(c.targets ?? {}).map(([code, value]) => ({ unitId: id(code) ?? 0, value })),
          })),
        };
      }
      await this.clusterYears.put(clusterId, demo.year, {
        ...body,
        covenantDate: demo.covenantDate ?? null,
        conferenceDate: demo.conferenceDate ?? null,
        nextHeadUnitId: id(demo.nextHead),
        nextDeputyUnitId: id(demo.nextDeputy),
      });
      for (const [unitCode, entries] of Object.entries(demo.results)) {
        await this.results.put(clusterId, demo.year, id(unitCode) ?? 0, {
          results: Object.entries(entries).map(([criterionCode, entry]) => ({ criterionCode, ...entry })),
        });
      }
    }
  }
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(new URL(file, DEMO_DIR), 'utf8')) as T;
}
