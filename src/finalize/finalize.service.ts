import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app-exception.js';
import { currentActor } from '../common/auth/request-context.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import type { StandingsResponse, SummaryResponse } from '../standings/dto/standings.dto.js';
import { StandingsService } from '../standings/standings.service.js';
import { SYSTEM_USERNAME } from '../audit/audit.service.js';
import { ClusterYearSnapshot } from './cluster-year-snapshot.entity.js';
import type { ChangeSinceResponse, FinalizeDto, SnapshotResponse } from './dto/finalize.dto.js';

/**
 * Finalize (chốt kết quả): stores the standings and summary the conference adopted and locks the
 * year; reopen (admin, with a reason) unlocks it. Both are audited.
 */
@Injectable()
export class FinalizeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clusterYears: ClusterYearsService,
    private readonly standings: StandingsService,
    private readonly audit: AuditService,
  ) {}

  async finalize(clusterId: number, year: number, dto: FinalizeDto): Promise<SnapshotResponse> {
    await this.dataSource.transaction(async (em) => {
      const clusterYear = await this.clusterYears.findOrFailForUpdate(em, clusterId, year);
      this.clusterYears.assertOpen(clusterYear);
      await this.bump(em, clusterYear, dto.version);
      const standings = await this.standings.standings(clusterId, year, em);
      const summary = await this.standings.summary(clusterId, year, em);
      const by = currentActor()?.username ?? SYSTEM_USERNAME;
      const at = new Date();
      await em.insert(ClusterYearSnapshot, {
        clusterYearId: clusterYear.id,
        takenAt: at,
        takenBy: by,
        standings: JSON.stringify({ ...standings, status: 'finalized' }),
        summary: JSON.stringify({ ...summary, status: 'finalized' }),
      });
      await em.update(ClusterYear, { id: clusterYear.id }, { status: 'finalized', finalizedAt: at, finalizedBy: by });
      await this.audit.record(em, {
        action: 'finalize',
        entityType: 'cluster-year',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        before: { status: 'open' },
        after: { status: 'finalized', sentence: summary.sentence },
        reason: dto.reason ?? null,
      });
    });
    return this.snapshot(clusterId, year);
  }

  async reopen(clusterId: number, year: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const clusterYear = await this.clusterYears.findOrFailForUpdate(em, clusterId, year);
      if (clusterYear.status !== 'finalized') {
        throw new AppException('CLUSTER_YEAR_CONFLICT', `Năm ${year} chưa chốt kết quả; không có gì để mở lại.`);
      }
      await this.bump(em, clusterYear, undefined);
      await em.update(ClusterYear, { id: clusterYear.id }, { status: 'open', finalizedAt: null, finalizedBy: null });
      await this.audit.record(em, {
        action: 'reopen',
        entityType: 'cluster-year',
        entityId: `${clusterId}/${year}`,
        clusterId,
        year,
        before: { status: 'finalized', finalizedAt: clusterYear.finalizedAt, finalizedBy: clusterYear.finalizedBy },
        after: { status: 'open' },
        reason,
      });
    });
  }

  /** The last adopted snapshot, and which units differ from it now. */
  async snapshot(clusterId: number, year: number): Promise<SnapshotResponse> {
    const em = this.dataSource.manager;
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const row = await em.findOne(ClusterYearSnapshot, {
      where: { clusterYearId: clusterYear.id },
      order: { id: 'DESC' },
    });
    if (!row) {
      throw new AppException('SNAPSHOT_NOT_FOUND', `Năm ${year} của cụm này chưa từng được chốt kết quả.`);
    }
    const standings = JSON.parse(row.standings) as StandingsResponse;
    const summary = JSON.parse(row.summary) as SummaryResponse;
    const current = await this.standings.standings(clusterId, year);
    return {
      clusterId,
      year,
      status: clusterYear.status,
      takenAt: row.takenAt.toISOString(),
      takenBy: row.takenBy,
      standings,
      summary,
      changesSince: changesSince(standings, current),
    };
  }

  private async bump(em: EntityManager, clusterYear: ClusterYear, expected: number | undefined): Promise<void> {
    const version = await claimVersion(em, ClusterYear, clusterYear.id, expected);
    if (version === null) {
      throw versionConflict(
        `Năm ${clusterYear.year} của cụm`,
        expected,
        await this.clusterYears.get(clusterYear.clusterId, clusterYear.year),
      );
    }
  }
}

/** Units whose rank, total or rating differ between the adopted standings and the current ones. */
export function changesSince(adopted: StandingsResponse, current: StandingsResponse): ChangeSinceResponse[] {
  const figures = (row: StandingsResponse['rows'][number] | undefined) =>
    row ? { rank: row.rank, total: row.total, rating: row.rating } : null;
  const ids = [...new Set([...adopted.rows, ...current.rows].map((r) => r.unit.id))];
  return ids.flatMap((unitId) => {
    const before = adopted.rows.find((r) => r.unit.id === unitId);
    const now = current.rows.find((r) => r.unit.id === unitId);
    const a = figures(before);
    const c = figures(now);
    if (JSON.stringify(a) === JSON.stringify(c)) return [];
    return [{ unitId, name: (now ?? before)?.unit.name ?? '', adopted: a, current: c }];
  });
}
