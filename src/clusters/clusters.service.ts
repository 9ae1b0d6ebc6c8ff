import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app-exception.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { Cluster } from './cluster.entity.js';
import type { ClusterResponse, CreateClusterDto, UpdateClusterDto } from './dto/cluster.dto.js';

/** Clusters in code order, the same on every database and in every list. */
export const byCode = (a: Pick<Cluster, 'code'>, b: Pick<Cluster, 'code'>): number =>
  a.code.localeCompare(b.code, 'vi', { numeric: true });

export const CLUSTER_KIND_LABELS = { cluster: 'Cụm thi đua', bloc: 'Khối thi đua' } as const;

@Injectable()
export class ClustersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ClusterResponse[]> {
    const clusters = (await this.dataSource.getRepository(Cluster).find()).sort(byCode);
    const years = await this.dataSource.getRepository(ClusterYear).find({
      select: { clusterId: true, year: true, status: true },
      order: { year: 'ASC' },
    });
    return clusters.map((cluster) =>
      mapCluster(
        cluster,
        years.filter((y) => y.clusterId === cluster.id),
      ),
    );
  }

  async get(id: number): Promise<ClusterResponse> {
    const cluster = await this.findOrFail(this.dataSource.manager, id);
    const years = await this.dataSource
      .getRepository(ClusterYear)
      .find({ where: { clusterId: id }, order: { year: 'ASC' } });
    return mapCluster(cluster, years);
  }

  async create(dto: CreateClusterDto): Promise<ClusterResponse> {
    return this.dataSource.transaction(async (em) => {
      await this.assertCodeFree(em, dto.code, null);
      const cluster = await em.save(
        em.create(Cluster, { code: dto.code, name: dto.name, kind: dto.kind, description: dto.description ?? null }),
      );
      const after = mapCluster(cluster, []);
      await this.audit.record(em, {
        action: 'create',
        entityType: 'cluster',
        entityId: cluster.id,
        clusterId: cluster.id,
        after,
      });
      return after;
    });
  }

  async update(id: number, dto: UpdateClusterDto): Promise<ClusterResponse> {
    return this.dataSource.transaction(async (em) => {
      const cluster = await this.findOrFail(em, id);
      const before = await this.load(em, cluster);
      const version = await claimVersion(em, Cluster, id, dto.version);
      if (version === null)
        throw versionConflict(`"${cluster.name}"`, dto.version, await this.load(em, await this.findOrFail(em, id)));
      cluster.version = version;
      if (dto.code !== undefined) await this.assertCodeFree(em, dto.code, id);
      Object.assign(cluster, {
        ...(dto.code === undefined ? {} : { code: dto.code }),
        ...(dto.name === undefined ? {} : { name: dto.name }),
        ...(dto.kind === undefined ? {} : { kind: dto.kind }),
        ...(dto.description === undefined ? {} : { description: dto.description }),
      });
      await em.save(cluster);
      const after = await this.load(em, cluster);
      await this.audit.record(em, {
        action: 'update',
        entityType: 'cluster',
        entityId: id,
        clusterId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async load(em: EntityManager, cluster: Cluster): Promise<ClusterResponse> {
    const years = await em.find(ClusterYear, { where: { clusterId: cluster.id }, order: { year: 'ASC' } });
    return mapCluster(cluster, years);
  }

  async findOrFail(em: EntityManager, id: number): Promise<Cluster> {
    const cluster = await em.findOne(Cluster, { where: { id } });
    if (!cluster) throw new AppException('CLUSTER_NOT_FOUND', `Không tìm thấy cụm/khối thi đua mã số ${id}.`);
    return cluster;
  }

  /**
   * The cluster with this code, ignoring case ("cum5" finds "CUM5"), or null. The exact code wins
   * when two codes differ only in case; a code that matches several others only that way is refused.
   */
  async findByCode(em: EntityManager, code: string): Promise<Cluster | null> {
    const exact = await em.findOne(Cluster, { where: { code } });
    if (exact) return exact;
    // Compared here, not in SQL: SQLite's LOWER() folds only ASCII letters (not "Ụ"), PostgreSQL's all.
    const wanted = code.trim().toLocaleLowerCase('vi');
    const matches = (await em.find(Cluster)).filter((cluster) => cluster.code.toLocaleLowerCase('vi') === wanted);
    if (matches.length > 1) {
      throw new AppException(
        'CLUSTER_NOT_FOUND',
        `Mã "${code}" khớp nhiều cụm/khối khi không phân biệt chữ hoa, chữ thường (${matches
          .sort(byCode)
          .map((cluster) => cluster.code)
          .join(', ')}); hãy ghi đúng mã.`,
      );
    }
    return matches[0] ?? null;
  }

  private async assertCodeFree(em: EntityManager, code: string, selfId: number | null): Promise<void> {
    const other = await em.findOne(Cluster, { where: { code } });
    if (other && other.id !== selfId) {
      throw new AppException('CLUSTER_CODE_TAKEN', `Mã "${code}" đã được dùng cho "${other.name}".`, {
        code: ['đã được dùng'],
      });
    }
  }
}

function mapCluster(cluster: Cluster, years: readonly ClusterYear[]): ClusterResponse {
  return {
    id: cluster.id,
    code: cluster.code,
    name: cluster.name,
    kind: cluster.kind,
    kindLabel: CLUSTER_KIND_LABELS[cluster.kind],
    description: cluster.description,
    years: years.map((y) => ({ year: y.year, status: y.status })),
    version: cluster.version,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}
