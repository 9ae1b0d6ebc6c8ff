import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { claimVersion, versionConflict } from '../common/versioning.js';
import type { OrganizerSettingsResponse, PutOrganizerSettingsDto } from './dto/settings.dto.js';
import { OrganizerSettings, type MottoKind } from './organizer-settings.entity.js';

export const MOTTO_LINES: Readonly<Record<MottoKind, readonly [string, string]>> = {
  state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  party: ['ĐẢNG CỘNG SẢN VIỆT NAM', ''],
};

const SETTINGS_ID = 1;

@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(em: EntityManager = this.dataSource.manager): Promise<OrganizerSettingsResponse> {
    const row = await em.findOneOrFail(OrganizerSettings, { where: { id: SETTINGS_ID } });
    return mapSettings(row);
  }

  async put(dto: PutOrganizerSettingsDto): Promise<OrganizerSettingsResponse> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.get(em);
      const version = await claimVersion(em, OrganizerSettings, SETTINGS_ID, dto.version);
      if (version === null) throw versionConflict('Thông tin đơn vị tổ chức', dto.version, await this.get(em));
      await em.update(
        OrganizerSettings,
        { id: SETTINGS_ID },
        {
          parentBody: dto.parentBody,
          issuingBody: dto.issuingBody,
          mottoKind: dto.mottoKind,
          place: dto.place,
          ...(dto.signerAuthority === undefined ? {} : { signerAuthority: dto.signerAuthority }),
          ...(dto.signerTitle === undefined ? {} : { signerTitle: dto.signerTitle }),
          ...(dto.signerName === undefined ? {} : { signerName: dto.signerName }),
        },
      );
      const after = await this.get(em);
      await this.audit.record(em, { action: 'update', entityType: 'settings', entityId: SETTINGS_ID, before, after });
      return after;
    });
  }
}

function mapSettings(row: OrganizerSettings): OrganizerSettingsResponse {
  return {
    parentBody: row.parentBody,
    issuingBody: row.issuingBody,
    mottoKind: row.mottoKind,
    place: row.place,
    mottoLines: [...MOTTO_LINES[row.mottoKind]],
    signerAuthority: row.signerAuthority,
    signerTitle: row.signerTitle,
    signerName: row.signerName,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}
