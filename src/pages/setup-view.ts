/**
 * View-models of the cluster-year's setup pages (setup, finalize, change history): pure functions
 * from the API's responses to what the templates print, in Vietnamese.
 */
import type { AuditAction, AuditEntityType } from '../audit/audit-entry.entity.js';
import type { AuditEntryResponse } from '../audit/dto/audit.dto.js';
import type { ClusterYearResponse, CriterionDto } from '../covenants/dto/cluster-year.dto.js';
import { DECIDED_BY_LABELS } from '../standings/domain/ranking.js';
import {
  DIRECTIONS,
  DIRECTION_LABELS,
  LEAF_KINDS,
  LEAF_KIND_LABELS,
  RATING_LABELS,
  SCORING_METHODS,
  SCORING_METHOD_LABELS,
  type Rating,
} from '../standings/domain/types.js';

export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  create: 'Tạo mới',
  update: 'Sửa',
  copy: 'Sao chép từ năm trước',
  finalize: 'Chốt số liệu',
  reopen: 'Mở lại',
  'change-password': 'Đổi mật khẩu',
  'reset-password': 'Đặt lại mật khẩu',
  import: 'Nhập từ Excel',
  login: 'Đăng nhập',
  'login-failed': 'Đăng nhập không thành công',
  logout: 'Đăng xuất',
};

/** The actions a cluster-year's history holds (those offered in its filter). */
export const CLUSTER_YEAR_ACTIONS: readonly AuditAction[] = [
  'create',
  'update',
  'copy',
  'import',
  'finalize',
  'reopen',
];

export const ENTITY_LABELS: Readonly<Record<AuditEntityType, string>> = {
  unit: 'đơn vị',
  cluster: 'cụm',
  'cluster-year': 'thiết lập năm',
  results: 'kết quả của đơn vị',
  user: 'tài khoản',
  settings: 'cài đặt',
  import: 'tệp nhập',
  session: 'phiên đăng nhập',
};

/** Names of the cluster-year's fields in the history (the others are shown by their path). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  status: 'Trạng thái',
  sentence: 'Kết quả',
  headUnitId: 'Cụm trưởng (mã)',
  deputyUnitId: 'Cụm phó (mã)',
  nextHeadUnitId: 'Cụm trưởng năm sau (mã)',
  nextDeputyUnitId: 'Cụm phó năm sau (mã)',
  head: 'Cụm trưởng',
  deputy: 'Cụm phó',
  nextHead: 'Cụm trưởng năm sau',
  nextDeputy: 'Cụm phó năm sau',
  'head.name': 'Cụm trưởng',
  'deputy.name': 'Cụm phó',
  'nextHead.name': 'Cụm trưởng năm sau',
  'nextDeputy.name': 'Cụm phó năm sau',
  covenantDate: 'Ngày ký giao ước',
  conferenceDate: 'Ngày hội nghị tổng kết',
  finalizedAt: 'Thời điểm chốt',
  finalizedBy: 'Người chốt',
  'ruleSet.thresholds.excellent': 'Ngưỡng hoàn thành xuất sắc (%)',
  'ruleSet.thresholds.good': 'Ngưỡng hoàn thành tốt (%)',
  'ruleSet.thresholds.completed': 'Ngưỡng hoàn thành (%)',
  'ruleSet.vetoCap': 'Mức xếp loại cao nhất khi bị phủ quyết',
  'ruleSet.displayDecimals': 'Số chữ số thập phân',
  'ruleSet.maxTotal': 'Tổng điểm tối đa',
  effectiveMaxTotal: 'Tổng điểm tối đa dùng để xếp loại',
};

const STATUS_LABELS: Readonly<Record<string, string>> = { open: 'đang mở', finalized: 'đã chốt' };

const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant in Vietnam time: '2021-12-03T02:05:00Z' → '03/12/2021 09:05'. */
export function vietnamTime(iso: string): string {
  const parts = Object.fromEntries(VN_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** '2021-12-03' → '03/12/2021'; null → '—'. */
export const vietnamDate = (iso: string | null | undefined): string =>
  iso ? iso.slice(0, 10).split('-').reverse().join('/') : '—';

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });

/** A number as vi-VN (1.234,5); null → '—'. */
export const viNumber = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : NUMBER.format(value);

/** One value of a change, short and readable: null → '(trống)', numbers vi-VN, objects as compact text. */
export function changeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  if (typeof value === 'number') return NUMBER.format(value);
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'string') {
    if (STATUS_LABELS[value]) return STATUS_LABELS[value];
    if (value in RATING_LABELS) return RATING_LABELS[value as Rating];
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return vietnamDate(value);
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return vietnamTime(value);
    return value;
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== null && v !== undefined && key !== 'criterionCode')
      .map(([key, v]) => `${VALUE_KEYS[key] ?? key} ${changeValue(v)}`);
    return parts.length === 0 ? '(trống)' : parts.join('; ');
  }
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Names of a result's fields, when a whole result is shown as one value. */
const VALUE_KEYS: Readonly<Record<string, string>> = {
  actual: 'thực hiện',
  selfScore: 'tự chấm',
  reviewedScore: 'cụm chấm',
  note: 'ghi chú',
  reviewReason: 'lý do chấm lại',
  name: 'tên',
  id: 'mã',
};

/** A change's path in words: results[3].actual → "Tiêu chí 1.4 — thực hiện" (the code read from the entry). */
function fieldLabel(path: string, before: unknown, after: unknown): string {
  if (path === '(toàn bộ)') return 'Toàn bộ';
  const result = /^results\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (result) {
    const index = Number(result[1]);
    const codeOf = (doc: unknown): unknown =>
      (doc as { results?: Array<{ criterionCode?: unknown }> } | null)?.results?.[index]?.criterionCode;
    const code = codeOf(after) ?? codeOf(before);
    const field = result[2] ? ` — ${VALUE_KEYS[result[2]] ?? result[2]}` : '';
    return typeof code === 'string' ? `Tiêu chí ${code}${field}` : `${path}`;
  }
  return FIELD_LABELS[path] ?? path;
}

export interface CriterionRow {
  readonly code: string;
  readonly title: string;
  readonly depth: number;
  readonly group: boolean;
  readonly kind: string;
  readonly method: string;
  readonly direction: string;
  readonly maxPoints: string;
  readonly defaultTarget: string;
  readonly unitOfMeasure: string;
  /** The raw values the editable row starts from ('' where empty), numbers in vi-VN. */
  readonly parentCode: string;
  readonly target: boolean;
  readonly maxPointsInput: string;
  readonly defaultTargetInput: string;
}

/** The scoring table in display order, each row with its depth in the tree and Vietnamese labels. */
export function scoringTree(table: readonly CriterionDto[]): CriterionRow[] {
  const parents = new Map(table.map((c) => [c.code, c.parentCode ?? null]));
  const depth = (code: string): number => {
    let d = 0;
    for (let p = parents.get(code) ?? null; p !== null && d < 50; p = parents.get(p) ?? null) d += 1;
    return d;
  };
  return table.map((c) => ({
    code: c.code,
    title: c.title,
    depth: depth(c.code),
    group: !c.kind,
    kind: c.kind ? LEAF_KIND_LABELS[c.kind] : 'nhóm tiêu chí',
    method: c.method ? SCORING_METHOD_LABELS[c.method] : '',
    direction: c.direction ? DIRECTION_LABELS[c.direction] : '',
    maxPoints: viNumber(c.maxPoints),
    defaultTarget: c.kind === 'target' ? viNumber(c.defaultTarget) : '',
    unitOfMeasure: c.unitOfMeasure ?? '',
    parentCode: c.parentCode ?? '',
    target: c.kind === 'target',
    maxPointsInput: c.maxPoints === null || c.maxPoints === undefined ? '' : viNumber(c.maxPoints),
    defaultTargetInput: c.defaultTarget === null || c.defaultTarget === undefined ? '' : viNumber(c.defaultTarget),
  }));
}

/**
 * Marks the rows that results are stored for: a leaf with results, and a group holding one (rows
 * in display order, so a group's subtree is the rows after it that are deeper).
 */
export function withResultsMarked(
  rows: readonly CriterionRow[],
  usedCodes: ReadonlySet<string>,
): (CriterionRow & { hasResults: boolean })[] {
  return rows.map((row, i) => {
    let hasResults = usedCodes.has(row.code);
    for (let j = i + 1; !hasResults && j < rows.length && (rows[j]?.depth ?? 0) > row.depth; j += 1) {
      hasResults = usedCodes.has(rows[j]?.code ?? '');
    }
    return { ...row, hasResults };
  });
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** The choices of a new criterion's selects: kind (empty: a group), method, direction. */
export const CRITERION_CHOICES: {
  readonly kinds: readonly Choice[];
  readonly methods: readonly Choice[];
  readonly directions: readonly Choice[];
} = {
  kinds: [{ value: '', label: 'nhóm tiêu chí' }, ...LEAF_KINDS.map((k) => ({ value: k, label: LEAF_KIND_LABELS[k] }))],
  methods: SCORING_METHODS.map((m) => ({ value: m, label: SCORING_METHOD_LABELS[m] })),
  directions: DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] })),
};

/** Units that may join the year: those not members yet, by name, each with its code. */
export function unitCandidates(
  units: ReadonlyArray<{ readonly id: number; readonly code: string | null; readonly name: string }>,
  members: readonly number[],
): Array<{ id: number; code: string; name: string }> {
  const taken = new Set(members);
  return units
    .filter((u) => !taken.has(u.id))
    .map((u) => ({ id: u.id, code: u.code ?? '', name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export interface TargetGrid {
  readonly leaves: ReadonlyArray<{
    readonly code: string;
    readonly title: string;
    readonly direction: string;
    readonly unitOfMeasure: string;
    readonly defaultTarget: number | null;
  }>;
  readonly rows: ReadonlyArray<{
    readonly unitId: number;
    readonly name: string;
    /** The signed value per leaf (same order), null where the unit signed none (the default applies). */
    readonly values: ReadonlyArray<number | null>;
  }>;
}

/** Units × target leaves: each unit's signed value. */
export function targetGrid(clusterYear: ClusterYearResponse): TargetGrid {
  const leaves = clusterYear.scoringTable.filter((c) => c.kind === 'target');
  return {
    leaves: leaves.map((c) => ({
      code: c.code,
      title: c.title,
      direction: c.direction === 'at-most' ? '≤' : '≥',
      unitOfMeasure: c.unitOfMeasure ?? '',
      defaultTarget: c.defaultTarget ?? null,
    })),
    rows: clusterYear.memberDetails.map((m) => ({
      unitId: m.unitId,
      name: m.name,
      values: leaves.map((c) => c.targets?.find((t) => t.unitId === m.unitId)?.value ?? null),
    })),
  };
}

/** The rule set's tie-breakers, in order, in words. */
export const tieBreakerLabels = (clusterYear: ClusterYearResponse): string[] =>
  clusterYear.ruleSet.tieBreakers.map((t) =>
    t.kind === 'group-score'
      ? `${DECIDED_BY_LABELS[t.kind]} ${t.criterionCode ?? ''}`.trim()
      : DECIDED_BY_LABELS[t.kind],
  );

export interface AuditEntryView {
  readonly id: number;
  readonly at: string;
  readonly who: string;
  readonly action: string;
  readonly actionCode: AuditAction;
  readonly what: string;
  readonly unit: string;
  readonly reason: string;
  readonly changes: ReadonlyArray<{ readonly field: string; readonly from: string; readonly to: string }>;
  /** Changes left out of `changes` (a long list is cut). */
  readonly more: number;
}

/** Paths whose change another path already says in words (the unit's name beside its id). */
const REDUNDANT = /^(head|deputy|nextHead|nextDeputy)\.id$/;

/** One audit entry as the history shows it; unit names are those of the cluster's year. */
export function auditEntryView(
  entry: AuditEntryResponse,
  unitNames: ReadonlyMap<number, string>,
  maxChanges = 8,
): AuditEntryView {
  const changes = entry.changes
    .filter((c) => !REDUNDANT.test(c.path))
    .map((c) =>
      c.path === '(toàn bộ)'
        ? { field: 'Toàn bộ', from: '(chưa có)', to: 'tạo mới' }
        : { field: fieldLabel(c.path, entry.before, entry.after), from: changeValue(c.from), to: changeValue(c.to) },
    );
  return {
    id: entry.id,
    at: vietnamTime(entry.at),
    who: entry.username,
    action: ACTION_LABELS[entry.action] ?? entry.action,
    actionCode: entry.action,
    what: ENTITY_LABELS[entry.entityType] ?? entry.entityType,
    unit: entry.unitId === null ? '' : (unitNames.get(entry.unitId) ?? `đơn vị ${entry.unitId}`),
    reason: entry.reason ?? '',
    changes: changes.slice(0, maxChanges),
    more: Math.max(0, changes.length - maxChanges),
  };
}
