import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { timestampType } from '../database/column-types.js';

export const MOTTO_KINDS = ['state', 'party'] as const;
/** state: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"; party: "ĐẢNG CỘNG SẢN VIỆT NAM". */
export type MottoKind = (typeof MOTTO_KINDS)[number];

/** The organizer's settings printed on every report (one row, id 1). */
@Entity('organizer_settings')
export class OrganizerSettings {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  /** The parent body, printed above the issuing body (e.g. "THÀNH ỦY TP. HỒ CHÍ MINH"). */
  @Column({ type: 'varchar', length: 255 })
  parentBody: string;

  /** The issuing body (e.g. "BAN TUYÊN GIÁO"). */
  @Column({ type: 'varchar', length: 255 })
  issuingBody: string;

  @Column({ type: 'varchar', length: 10 })
  mottoKind: MottoKind;

  /** Place in the date line: "TP. Hồ Chí Minh, ngày 03 tháng 12 năm 2021". */
  @Column({ type: 'varchar', length: 120 })
  place: string;

  /** The line above the signer's title when signing on behalf of someone (e.g. "KT. TRƯỞNG BAN"); null: none. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  signerAuthority: string | null;

  /** The signer's title in the overview's signature block (e.g. "TRƯỞNG BAN"). */
  @Column({ type: 'varchar', length: 120, default: 'TRƯỞNG BAN' })
  signerTitle: string;

  /** The signer's name; null: left blank to write by hand. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  signerName: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @UpdateDateColumn({ type: timestampType() })
  updatedAt: Date;
}
