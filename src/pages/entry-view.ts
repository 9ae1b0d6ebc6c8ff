/**
 * The results entry page's view-model: the scoring table as a grid (group headings in tree order,
 * then their leaves with what each takes), from the cluster-year's table and the unit's results.
 * Pure: the page and its script get the same rows.
 */
import type { CriterionDto } from '../covenants/dto/cluster-year.dto.js';
import type { UnitResultsResponse } from '../results/dto/results.dto.js';
import { LEAF_KIND_LABELS, type LeafKind } from '../standings/domain/types.js';

export interface EntryGroupRow {
  readonly type: 'group';
  readonly code: string;
  readonly title: string;
  readonly depth: number;
  readonly score: number | null;
  readonly maxPoints: number | null;
}

export interface EntryLeafRow {
  readonly type: 'leaf';
  /** Position in the PUT body's `results` (the API's field errors name it: results[3].actual). */
  readonly index: number;
  readonly code: string;
  readonly title: string;
  readonly depth: number;
  readonly kind: string;
  readonly kindLabel: string;
  readonly method: string;
  readonly maxPoints: number;
  readonly target: number | null;
  /** "≥ 95 %", "≤ 2 báo cáo", or null. */
  readonly targetText: string | null;
  readonly unitOfMeasure: string | null;
  /** Whether the leaf takes an actual value (every method but `direct`). */
  readonly takesActual: boolean;
  /** What the actual value is: a count (integer), yes/no (1/0), or any number. */
  readonly actualKind: 'count' | 'yes-no' | 'number' | null;
  /** A short hint under the leaf's title. */
  readonly hint: string;
  readonly actual: number | null;
  readonly selfScore: number | null;
  readonly reviewedScore: number | null;
  readonly reviewReason: string | null;
  readonly note: string | null;
  readonly final: number;
  readonly source: string;
}

export type EntryRow = EntryGroupRow | EntryLeafRow;

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });
const n = (value: number): string => NUMBER.format(value);

function hintOf(c: CriterionDto, actualKind: EntryLeafRow['actualKind']): string {
  const kind = LEAF_KIND_LABELS[c.kind as LeafKind] ?? '';
  const max = n(c.maxPoints ?? 0);
  switch (c.method) {
    case 'direct':
      return `${kind}: nhập điểm trực tiếp, từ 0 đến ${max}`;
    case 'per-occurrence':
      return `${kind}: ${n(c.pointsPerOccurrence ?? 0)} điểm mỗi lần, tối đa ${max}; nhập số lần`;
    case 'all-or-nothing':
      return actualKind === 'yes-no'
        ? `${kind}: đạt (1) được ${max} điểm, không đạt (0) được 0`
        : `${kind}: đạt chỉ tiêu được ${max} điểm, không đạt được 0`;
    case 'relative-to-leader':
      return `${kind}: điểm tính theo đơn vị dẫn đầu cụm, tối đa ${max}`;
    case 'proportional':
      return `${kind}: điểm theo tỷ lệ thực hiện so với chỉ tiêu, tối đa ${max}`;
    default:
      return kind;
  }
}

/** The grid's rows: each group, then its children, in the table's order, at any depth. */
export function entryRows(table: readonly CriterionDto[], results: UnitResultsResponse): EntryRow[] {
  const codes = new Set(table.map((c) => c.code));
  const children = new Map<string | null, CriterionDto[]>();
  for (const c of table) {
    const parent = c.parentCode && codes.has(c.parentCode) ? c.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const groups = new Map(results.groups.map((g) => [g.code, g]));
  const leaves = new Map(results.results.map((r) => [r.criterionCode, r]));
  const rows: EntryRow[] = [];
  let index = 0;
  const visit = (parent: string | null, depth: number, seen: Set<string>): void => {
    for (const c of children.get(parent) ?? []) {
      if (seen.has(c.code)) continue;
      seen.add(c.code);
      if (c.kind === null || c.kind === undefined) {
        const group = groups.get(c.code);
        rows.push({
          type: 'group',
          code: c.code,
          title: c.title,
          depth,
          score: group?.score ?? null,
          maxPoints: group?.maxPoints ?? c.maxPoints ?? null,
        });
        visit(c.code, depth + 1, seen);
        continue;
      }
      const leaf = leaves.get(c.code);
      const takesActual = c.method !== 'direct';
      const actualKind: EntryLeafRow['actualKind'] = !takesActual
        ? null
        : c.method === 'per-occurrence'
          ? 'count'
          : c.method === 'all-or-nothing' && c.kind !== 'target'
            ? 'yes-no'
            : 'number';
      const target = leaf?.target ?? null;
      const unit = c.unitOfMeasure ? ` ${c.unitOfMeasure}` : '';
      rows.push({
        type: 'leaf',
        index: index++,
        code: c.code,
        title: c.title,
        depth,
        kind: c.kind,
        kindLabel: LEAF_KIND_LABELS[c.kind] ?? c.kind,
        method: c.method ?? '',
        maxPoints: c.maxPoints ?? 0,
        target,
        targetText: target === null ? null : `${c.direction === 'at-most' ? '≤' : '≥'} ${n(target)}${unit}`,
        unitOfMeasure: c.unitOfMeasure ?? null,
        takesActual,
        actualKind,
        hint: hintOf(c, actualKind),
        actual: leaf?.actual ?? null,
        selfScore: leaf?.selfScore ?? null,
        reviewedScore: leaf?.reviewedScore ?? null,
        reviewReason: leaf?.reviewReason ?? null,
        note: leaf?.note ?? null,
        final: leaf?.final ?? 0,
        source: leaf?.source ?? 'none',
      });
    }
  };
  visit(null, 0, new Set());
  return rows;
}

/** A number as an input shows it: vi-VN decimal comma, no grouping (so "1.234" is never read back as 1,234). */
export const inputNumber = (value: number | null): string =>
  value === null ? '' : value.toLocaleString('vi-VN', { maximumFractionDigits: 6, useGrouping: false });
