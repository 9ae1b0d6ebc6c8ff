import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { currentActor } from '../common/auth/request-context.js';
import { insertMany } from '../database/insert-many.js';
import { diffJson } from './audit-diff.js';
import { AuditEntry, type AuditAction, type AuditEntityType } from './audit-entry.entity.js';
import type { AuditListResponse, AuditQueryDto } from './dto/audit.dto.js';

export interface AuditRecord {
  readonly action: AuditAction;
  readonly entityType: AuditEntityType;
  readonly entityId: string | number;
  readonly clusterId?: number | null;
  readonly year?: number | null;
  readonly unitId?: number | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
  /** Who acts, when it is not the request's actor (a login: the account that logs in, or tries to). */
  readonly by?: { readonly userId: number | null; readonly username: string };
}

/** Who acts outside a request (command line, demo seed). */
export const SYSTEM_USERNAME = 'hệ thống';

/** Midnight in Vietnam, as an ISO time to put after a date (the audit's day filters). */
const VIETNAM_MIDNIGHT = 'T00:00:00+07:00';

/** Entries per multi-row INSERT (12 columns each: well under either database's parameter limit). */
const AUDIT_ROWS_PER_INSERT = 200;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one entry with the change's own transaction manager: both commit or neither. */
  async record(em: EntityManager, record: AuditRecord): Promise<void> {
    await this.recordMany(em, [record]);
  }

  /** Writes entries in the order given, a few hundred per INSERT, in the change's own transaction. */
  async recordMany(em: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    const at = new Date();
    const json = (value: unknown): string | null =>
      value === undefined || value === null ? null : JSON.stringify(value);
    const rows = records.map((record) => {
      const actor = record.by ?? currentActor();
      return {
        at,
        userId: actor?.userId ?? null,
        username: actor?.username.slice(0, 60) ?? SYSTEM_USERNAME,
        action: record.action,
        entityType: record.entityType,
        entityId: String(record.entityId),
        clusterId: record.clusterId ?? null,
        year: record.year ?? null,
        unitId: record.unitId ?? null,
        before: json(record.before),
        after: json(record.after),
        reason: record.reason ?? null,
      };
    });
    await insertMany(em, AuditEntry, rows, AUDIT_ROWS_PER_INSERT);
  }

  /** Who last changed each unit's results of a cluster-year, and when (units never changed are absent). */
  async lastResultChanges(
    em: EntityManager,
    clusterId: number,
    year: number,
    unitIds: readonly number[],
  ): Promise<Map<number, { by: string; at: Date }>> {
    if (unitIds.length === 0) return new Map();
    const latest = await em
      .createQueryBuilder(AuditEntry, 'a')
      .select('MAX(a.id)', 'id')
      .where('a.cluster_id = :clusterId AND a.year = :year AND a.entity_type = :type', {
        clusterId,
        year,
        type: 'results',
      })
      .andWhere('a.unit_id IN (:...unitIds)', { unitIds: [...new Set(unitIds)] })
      .groupBy('a.unit_id')
      .getRawMany<{ id: number | string }>();
    if (latest.length === 0) return new Map();
    const rows = await em.find(AuditEntry, { where: { id: In(latest.map((r) => Number(r.id))) } });
    return new Map(rows.map((row) => [row.unitId ?? 0, { by: row.username, at: row.at }] as const));
  }

  /** The accounts that changed a cluster-year (for choosing one), by name. */
  async actors(clusterId: number, year: number): Promise<Array<{ userId: number; username: string }>> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(AuditEntry, 'a')
      .select('a.user_id', 'userId')
      .addSelect('MAX(a.username)', 'username')
      .where('a.cluster_id = :clusterId AND a.year = :year AND a.user_id IS NOT NULL', { clusterId, year })
      .groupBy('a.user_id')
      .getRawMany<{ userId: number | string; username: string }>();
    return rows
      .map((r) => ({ userId: Number(r.userId), username: r.username }))
      .sort((a, b) => a.username.localeCompare(b.username, 'vi'));
  }

  async list(query: AuditQueryDto): Promise<AuditListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.dataSource.manager.createQueryBuilder(AuditEntry, 'a');
    if (query.clusterId !== undefined) qb.andWhere('a.cluster_id = :clusterId', { clusterId: query.clusterId });
    if (query.year !== undefined) qb.andWhere('a.year = :year', { year: query.year });
    if (query.unitId !== undefined) qb.andWhere('a.unit_id = :unitId', { unitId: query.unitId });
    if (query.userId !== undefined) qb.andWhere('a.user_id = :userId', { userId: query.userId });
    if (query.entityType !== undefined) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.action !== undefined) qb.andWhere('a.action = :action', { action: query.action });
    // Days as our users live them: Vietnam time (UTC+7, no daylight saving).
    if (query.from !== undefined) qb.andWhere('a.at >= :from', { from: new Date(`${query.from}${VIETNAM_MIDNIGHT}`) });
    if (query.to !== undefined) {
      const end = new Date(`${query.to}${VIETNAM_MIDNIGHT}`);
      end.setUTCDate(end.getUTCDate() + 1);
      qb.andWhere('a.at < :to', { to: end });
    }
    const [rows, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      page,
      pageSize,
      total,
      items: rows.map((row) => {
        const before: unknown = row.before === null ? null : JSON.parse(row.before);
        const after: unknown = row.after === null ? null : JSON.parse(row.after);
        return {
          id: row.id,
          at: row.at.toISOString(),
          userId: row.userId,
          username: row.username,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          clusterId: row.clusterId,
          year: row.year,
          unitId: row.unitId,
          reason: row.reason,
          changes: diffJson(before, after),
          before,
          after,
        };
      }),
    };
  }
}
