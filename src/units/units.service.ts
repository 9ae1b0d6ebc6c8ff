import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import { nameInYear, validateNameHistory, type NameRecord } from '../standings/domain/name-history.js';
import type {
  CreateUnitDto,
  UnitListQueryDto,
  UnitNameDto,
  UpdateUnitDto,
  UnitLinkDto,
  WomenShareDto,
} from './dto/unit.dto.js';
import { mapUnit, mapUnitSummary, currentName, sortedNames } from './unit.mapper.js';
import type { UnitResponse, UnitSummaryResponse } from './dto/unit.dto.js';
import { UnitLink } from './unit-link.entity.js';
import { predecessorCycle } from './domain/predecessor-cycle.js';
import { UnitName } from './unit-name.entity.js';
import { UnitWomenShare } from './unit-women-share.entity.js';
import { Unit } from './unit.entity.js';

const dayBefore = (isoDate: string): string => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
};

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: UnitListQueryDto): Promise<UnitSummaryResponse[]> {
    const units = await this.dataSource.getRepository(Unit).find({ relations: { names: true }, order: { id: 'ASC' } });
    const needle = query.q?.toLocaleLowerCase('vi');
    return units
      .map((unit) => mapUnitSummary(unit, query.year))
      .filter(
        (unit) =>
          needle === undefined ||
          unit.name.toLocaleLowerCase('vi').includes(needle) ||
          (unit.code ?? '').toLocaleLowerCase('vi').includes(needle),
      );
  }

  async get(id: number): Promise<UnitResponse> {
    return this.load(this.dataSource.manager, id);
  }

  /** Every unit in full (name history, women shares, links), in three queries: the admin's list. */
  async listDetailed(): Promise<UnitResponse[]> {
    const em = this.dataSource.manager;
    const units = await em.find(Unit, { relations: { names: true, womenShares: true }, order: { id: 'ASC' } });
    const links = await em.find(UnitLink, { order: { id: 'ASC' } });
    return units.map((unit) =>
      mapUnit(
        unit,
        links.filter((l) => l.predecessorId === unit.id || l.successorId === unit.id),
      ),
    );
  }

  async create(dto: CreateUnitDto): Promise<UnitResponse> {
    const names = this.namesOf(dto);
    return this.dataSource.transaction(async (em) => {
      await this.assertCodeFree(em, dto.code ?? null, null);
      const unit = await em.save(em.create(Unit, { code: dto.code ?? null, note: dto.note ?? null }));
      await this.replaceNames(em, unit.id, names);
      if (dto.womenShares) await this.upsertWomenShares(em, unit.id, dto.womenShares, 'womenShares');
      if (dto.predecessors) await this.replacePredecessors(em, unit.id, dto.predecessors);
      const after = await this.load(em, unit.id);
      await this.audit.record(em, { action: 'create', entityType: 'unit', entityId: unit.id, unitId: unit.id, after });
      return after;
    });
  }

  async update(id: number, dto: UpdateUnitDto): Promise<UnitResponse> {
    if (dto.names && dto.rename) {
      throw new AppException(
        'VALIDATION_FAILED',
        'Gửi "names" (thay cả lịch sử) hoặc "rename" (đổi tên), không gửi cả hai.',
        {
          rename: ['không dùng cùng "names"'],
        },
      );
    }
    if (dto.names) this.checkNames(dto.names, 'names');
    return this.dataSource.transaction(async (em) => {
      const unit = await this.findOrFail(em, id);
      const before = await this.load(em, id);
      const version = await claimVersion(em, Unit, id, dto.version);
      if (version === null) throw versionConflict(`Đơn vị "${before.name}"`, dto.version, await this.load(em, id));
      unit.version = version;
      if (dto.code !== undefined) {
        await this.assertCodeFree(em, dto.code, id);
        unit.code = dto.code;
      }
      if (dto.note !== undefined) unit.note = dto.note;
      await em.save(unit);
      if (dto.names) await this.replaceNames(em, id, dto.names);
      if (dto.rename) await this.rename(em, id, dto.rename.name, dto.rename.from);
      if (dto.womenShares) await this.upsertWomenShares(em, id, dto.womenShares, 'womenShares');
      if (dto.predecessors) await this.replacePredecessors(em, id, dto.predecessors);
      const after = await this.load(em, id);
      await this.audit.record(em, { action: 'update', entityType: 'unit', entityId: id, unitId: id, before, after });
      return after;
    });
  }

  /** Throws UNIT_NOT_FOUND naming every id that does not exist. */
  async assertExist(em: EntityManager, ids: readonly number[], path: (index: number) => string): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const found = new Set((await em.find(Unit, { select: { id: true }, where: { id: In(unique) } })).map((u) => u.id));
    const errors: FieldErrors = {};
    ids.forEach((id, index) => {
      if (!found.has(id)) addFieldError(errors, path(index), `không có đơn vị mã số ${id}`);
    });
    if (Object.keys(errors).length > 0) {
      const missing = unique.filter((id) => !found.has(id));
      throw new AppException('UNIT_NOT_FOUND', `Không tìm thấy đơn vị mã số ${missing.join(', ')}.`, errors);
    }
  }

  /** Each unit's code (null where it has none), in one query. */
  async codes(em: EntityManager, ids: readonly number[]): Promise<Map<number, string | null>> {
    const rows =
      ids.length === 0
        ? []
        : await em.find(Unit, { where: { id: In([...new Set(ids)]) }, select: { id: true, code: true } });
    return new Map(rows.map((row) => [row.id, row.code] as const));
  }

  /** The name each unit had in a year, in one query. */
  async namesInYear(em: EntityManager, ids: readonly number[], year: number): Promise<Map<number, string>> {
    const rows =
      ids.length === 0
        ? []
        : await em.find(UnitName, { where: { unitId: In([...new Set(ids)]) }, order: { id: 'ASC' } });
    const byUnit = new Map<number, NameRecord[]>();
    for (const row of rows) {
      const list = byUnit.get(row.unitId) ?? [];
      list.push(row);
      byUnit.set(row.unitId, list);
    }
    return new Map(ids.map((id) => [id, nameInYear(byUnit.get(id) ?? [], year) ?? currentName(byUnit.get(id) ?? [])]));
  }

  /** A unit's names over time, oldest first (one indexed query). */
  async nameHistory(unitId: number): Promise<NameRecord[]> {
    return sortedNames({ names: await this.dataSource.manager.find(UnitName, { where: { unitId } }) });
  }

  /** Women-staff share per unit in a year (null where not given). */
  async womenSharesInYear(
    em: EntityManager,
    ids: readonly number[],
    year: number,
  ): Promise<Map<number, number | null>> {
    const rows =
      ids.length === 0 ? [] : await em.find(UnitWomenShare, { where: { unitId: In([...new Set(ids)]), year } });
    const byUnit = new Map(rows.map((row) => [row.unitId, row.percent]));
    return new Map(ids.map((id) => [id, byUnit.get(id) ?? null]));
  }

  private async findOrFail(em: EntityManager, id: number): Promise<Unit> {
    const unit = await em.findOne(Unit, { where: { id } });
    if (!unit) throw new AppException('UNIT_NOT_FOUND', `Không tìm thấy đơn vị mã số ${id}.`);
    return unit;
  }

  private async load(em: EntityManager, id: number): Promise<UnitResponse> {
    const unit = await em.findOne(Unit, { where: { id }, relations: { names: true, womenShares: true } });
    if (!unit) throw new AppException('UNIT_NOT_FOUND', `Không tìm thấy đơn vị mã số ${id}.`);
    const links = await em.find(UnitLink, {
      where: [{ predecessorId: id }, { successorId: id }],
      order: { id: 'ASC' },
    });
    return mapUnit(unit, links);
  }

  private namesOf(dto: CreateUnitDto): UnitNameDto[] {
    if ((dto.name === undefined) === (dto.names === undefined)) {
      throw new AppException(
        'VALIDATION_FAILED',
        'Cần tên đơn vị: gửi "name" (tên hiện tại) hoặc "names" (cả lịch sử tên).',
        {
          name: ['gửi "name" hoặc "names" (một trong hai)'],
        },
      );
    }
    const names = dto.names ?? [{ name: dto.name ?? '', validFrom: null, validTo: null }];
    this.checkNames(names, dto.names ? 'names' : 'name');
    return names;
  }

  private checkNames(names: readonly UnitNameDto[], path: string): void {
    const errors: FieldErrors = {};
    if (names.length === 0) addFieldError(errors, path, 'cần ít nhất một tên');
    for (const message of validateNameHistory(names.map(toNameRecord))) addFieldError(errors, path, message);
    throwIfFieldErrors(errors, 'Lịch sử tên đơn vị không hợp lệ.');
  }

  private async assertCodeFree(em: EntityManager, code: string | null, selfId: number | null): Promise<void> {
    if (code === null) return;
    const other = await em.findOne(Unit, { where: { code } });
    if (other && other.id !== selfId) {
      throw new AppException('UNIT_CODE_TAKEN', `Mã đơn vị "${code}" đã được dùng cho đơn vị mã số ${other.id}.`, {
        code: ['đã được dùng'],
      });
    }
  }

  private async replaceNames(em: EntityManager, unitId: number, names: readonly UnitNameDto[]): Promise<void> {
    await em.delete(UnitName, { unitId });
    await em.save(names.map((n) => em.create(UnitName, { unitId, ...toNameRecord(n) })));
  }

  private async rename(em: EntityManager, unitId: number, name: string, from: string): Promise<void> {
    const names = await em.find(UnitName, { where: { unitId }, order: { id: 'ASC' } });
    const open = names.filter((n) => n.validTo === null || n.validTo >= from);
    for (const current of open) {
      if (current.validFrom !== null && current.validFrom >= from) {
        throw new AppException(
          'VALIDATION_FAILED',
          `Tên "${current.name}" bắt đầu từ ${current.validFrom}, không sớm hơn ngày đổi tên ${from}: sửa cả lịch sử bằng "names".`,
          { 'rename.from': ['phải sau ngày bắt đầu của tên hiện tại'] },
        );
      }
      current.validTo = dayBefore(from);
    }
    const history = [...names.map(toNameRecord), { name, validFrom: from, validTo: null }];
    const errors: FieldErrors = {};
    for (const message of validateNameHistory(history)) addFieldError(errors, 'rename', message);
    throwIfFieldErrors(errors, 'Đổi tên không hợp lệ.');
    await em.save(open);
    await em.save(em.create(UnitName, { unitId, name, validFrom: from, validTo: null }));
  }

  private async upsertWomenShares(
    em: EntityManager,
    unitId: number,
    shares: readonly WomenShareDto[],
    path: string,
  ): Promise<void> {
    const errors: FieldErrors = {};
    const years = new Set<number>();
    shares.forEach((share, index) => {
      if (years.has(share.year)) addFieldError(errors, `${path}[${index}].year`, `năm ${share.year} bị lặp`);
      years.add(share.year);
    });
    throwIfFieldErrors(errors);
    for (const share of shares) {
      if (share.percent === null || share.percent === undefined) {
        await em.delete(UnitWomenShare, { unitId, year: share.year });
      } else {
        await em.save(em.create(UnitWomenShare, { unitId, year: share.year, percent: share.percent }));
      }
    }
  }

  /** 400 when the new predecessors would close a cycle (A↔B, A→B→C→A), naming the units in it. */
  private async assertNoCycle(em: EntityManager, unitId: number, links: readonly UnitLinkDto[]): Promise<void> {
    const edges = await em.find(UnitLink, { select: { predecessorId: true, successorId: true } });
    const cycle = predecessorCycle(
      edges,
      unitId,
      links.map((link) => link.unitId),
    );
    if (cycle === null) return;
    const units = await em.find(Unit, { where: { id: In(cycle) }, relations: { names: true } });
    const names = new Map(units.map((unit) => [unit.id, currentName(unit.names)]));
    const index = links.findIndex((link) => link.unitId === cycle[cycle.length - 2]);
    const path = cycle.map((id) => `"${names.get(id) ?? id}"`).join(' → ');
    throw new AppException(
      'VALIDATION_FAILED',
      `Liên kết tiền thân tạo thành vòng: ${path}. Một đơn vị không thể là tiền thân (trực tiếp hay gián tiếp) của chính nó; hãy bỏ liên kết này.`,
      { [`predecessors[${index}].unitId`]: [`tạo thành vòng: ${path}`] },
    );
  }

  private async replacePredecessors(em: EntityManager, unitId: number, links: readonly UnitLinkDto[]): Promise<void> {
    const errors: FieldErrors = {};
    const seen = new Set<number>();
    links.forEach((link, index) => {
      if (link.unitId === unitId)
        addFieldError(errors, `predecessors[${index}].unitId`, 'một đơn vị không thể là tiền thân của chính nó');
      if (seen.has(link.unitId)) addFieldError(errors, `predecessors[${index}].unitId`, `đơn vị ${link.unitId} bị lặp`);
      seen.add(link.unitId);
    });
    throwIfFieldErrors(errors, 'Danh sách đơn vị tiền thân không hợp lệ.');
    await this.assertExist(
      em,
      links.map((l) => l.unitId),
      (i) => `predecessors[${i}].unitId`,
    );
    await this.assertNoCycle(em, unitId, links);
    await em.delete(UnitLink, { successorId: unitId });
    await em.save(
      links.map((link) =>
        em.create(UnitLink, {
          predecessorId: link.unitId,
          successorId: unitId,
          kind: link.kind,
          effectiveOn: link.effectiveOn ?? null,
        }),
      ),
    );
  }
}

function toNameRecord(name: UnitNameDto): NameRecord {
  return { name: name.name, validFrom: name.validFrom ?? null, validTo: name.validTo ?? null };
}
