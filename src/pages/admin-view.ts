/**
 * View-models of the administration pages ("Quản trị"): small pure functions from the services'
 * responses to what the templates print (Vietnamese labels, dd/mm/yyyy dates, counts).
 */
import type { UserResponse } from '../accounts/dto/accounts.dto.js';
import { ROLE_LABELS, ROLES } from '../accounts/user-account.entity.js';
import type { ClusterResponse } from '../clusters/dto/cluster.dto.js';
import type { OrganizerSettingsResponse } from '../reports/dto/settings.dto.js';
import type { UnitNameDto } from '../units/dto/unit.dto.js';

/** "2022-06-01" → "01/06/2022"; null → "". */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDate;
}

/** When a name was in use, in words: "từ 01/06/2022", "đến 31/05/2022", "01/01/2020 – 31/12/2021", "từ trước đến nay". */
export function nameSpan(name: Pick<UnitNameDto, 'validFrom' | 'validTo'>): string {
  const from = formatDate(name.validFrom);
  const to = formatDate(name.validTo);
  if (from && to) return `${from} – ${to}`;
  if (from) return `từ ${from} đến nay`;
  if (to) return `đến ${to}`;
  return 'từ trước đến nay';
}

export interface ClusterOption {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kindLabel: string;
}

export interface UserRow {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly roleLabel: string;
  readonly active: boolean;
  readonly clusterIds: readonly number[];
  /** "CUM5 — Cụm thi đua số 5", one per cluster, for a secretary. */
  readonly clusters: readonly string[];
}

export const ROLE_OPTIONS: ReadonlyArray<{ readonly value: string; readonly label: string }> = ROLES.map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));

export const clusterOptions = (clusters: readonly ClusterResponse[]): ClusterOption[] =>
  clusters.map((c) => ({ id: c.id, code: c.code, name: c.name, kindLabel: c.kindLabel }));

export function userRows(users: readonly UserResponse[], clusters: readonly ClusterResponse[]): UserRow[] {
  const byId = new Map(clusters.map((c) => [c.id, c]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleLabel: u.roleLabel,
    active: u.active,
    clusterIds: u.clusterIds,
    clusters: u.clusterIds.map((id) => {
      const cluster = byId.get(id);
      return cluster ? `${cluster.code} — ${cluster.name}` : `mã số ${id}`;
    }),
  }));
}

export interface AdminSection {
  readonly href: string;
  readonly title: string;
  readonly summary: string;
  readonly description: string;
}

/** The admin home's sections, each with what it holds now. */
export function adminSections(
  users: readonly UserResponse[],
  unitCount: number,
  clusters: readonly ClusterResponse[],
  settings: OrganizerSettingsResponse,
): AdminSection[] {
  const locked = users.filter((u) => !u.active).length;
  const blocs = clusters.filter((c) => c.kind === 'bloc').length;
  const count = new Intl.NumberFormat('vi-VN');
  return [
    {
      href: '/quan-tri/tai-khoan',
      title: 'Tài khoản',
      summary: `${count.format(users.length)} tài khoản${locked > 0 ? `, ${count.format(locked)} đang khóa` : ''}`,
      description: 'Tạo tài khoản, giao cụm cho thư ký, đổi vai trò, khóa hoặc mở khóa, đặt lại mật khẩu.',
    },
    {
      href: '/quan-tri/don-vi',
      title: 'Đơn vị',
      summary: `${count.format(unitCount)} đơn vị`,
      description: 'Thêm đơn vị, sửa mã, đổi tên từ một ngày (giữ lịch sử tên).',
    },
    {
      href: '/quan-tri/cum',
      title: 'Cụm, khối thi đua',
      summary: `${count.format(clusters.length - blocs)} cụm, ${count.format(blocs)} khối`,
      description: 'Thêm và sửa cụm thi đua (theo địa bàn), khối thi đua (theo chức năng).',
    },
    {
      href: '/quan-tri/thiet-lap-bao-cao',
      title: 'Thiết lập báo cáo',
      summary: settings.issuingBody,
      description: 'Cơ quan cấp trên, cơ quan ban hành, quốc hiệu hay tên Đảng, địa danh in trên báo cáo.',
    },
  ];
}
