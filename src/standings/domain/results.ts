/**
 * What a unit may enter for the leaves of the scoring table (kết quả thực hiện, điểm tự chấm,
 * điểm cụm chấm), and what makes an entry invalid.
 */
import { formatValue } from './format.js';
import { LEAF_KIND_LABELS, type CriterionInput } from './types.js';

export interface ResultEntry {
  readonly criterionCode: string;
  readonly actual: number | null;
  readonly selfScore: number | null;
  readonly reviewedScore: number | null;
  readonly reviewReason: string | null;
}

export interface ResultProblem {
  /** Position in the entries list. */
  readonly index: number;
  /** The ResultEntry field to fix. */
  readonly field: string;
  readonly message: string;
}

export function validateResults(criteria: readonly CriterionInput[], entries: readonly ResultEntry[]): ResultProblem[] {
  const problems: ResultProblem[] = [];
  const byCode = new Map<string, CriterionInput>();
  for (const criterion of criteria) if (!byCode.has(criterion.code)) byCode.set(criterion.code, criterion);
  const firstIndex = new Map<string, number>();

  entries.forEach((entry, index) => {
    const add = (field: string, message: string): void => {
      problems.push({ index, field, message });
    };
    const label = `Tiêu chí "${entry.criterionCode}"`;
    const criterion = byCode.get(entry.criterionCode);
    if (criterion === undefined) {
      add('criterionCode', `${label}: không có trong bảng chấm điểm của năm này.`);
      return;
    }
    if (criterion.kind === null) {
      add(
        'criterionCode',
        `${label}: là nhóm tiêu chí; điểm của nhóm là tổng các tiêu chí con, hãy nhập kết quả cho từng tiêu chí con.`,
      );
      return;
    }
    const first = firstIndex.get(entry.criterionCode);
    if (first !== undefined) {
      add('criterionCode', `${label}: đã có kết quả ở dòng ${first + 1}; mỗi tiêu chí chỉ nhập một lần.`);
      return;
    }
    firstIndex.set(entry.criterionCode, index);

    const max = criterion.maxPoints;
    for (const [field, value, what] of [
      ['selfScore', entry.selfScore, 'Điểm tự chấm'],
      ['reviewedScore', entry.reviewedScore, 'Điểm cụm chấm'],
    ] as const) {
      if (value === null) continue;
      if (!Number.isFinite(value) || value < 0 || (max !== null && value > max)) {
        const range = max === null ? 'không được âm' : `phải từ 0 đến ${formatValue(max)} (điểm tối đa)`;
        const shown = Number.isFinite(value) ? formatValue(value) : String(value);
        add(field, `${label}: ${what} ${range}, đang là ${shown}.`);
      }
    }

    const actual = entry.actual;
    if (actual !== null) {
      if (criterion.method === 'direct') {
        add(
          'actual',
          `${label}: tiêu chí ${LEAF_KIND_LABELS[criterion.kind]} nhập điểm trực tiếp, không có kết quả thực hiện; hãy nhập điểm vào ô điểm tự chấm (selfScore) hoặc điểm cụm chấm (reviewedScore).`,
        );
      } else if (!Number.isFinite(actual) || actual < 0) {
        add('actual', `${label}: kết quả thực hiện không được âm (đang là ${String(actual)}).`);
      } else if (criterion.method === 'per-occurrence' && !Number.isInteger(actual)) {
        add('actual', `${label}: kết quả là số lần nên phải là số nguyên (đang là ${formatValue(actual)}).`);
      } else if (criterion.method === 'all-or-nothing' && criterion.kind !== 'target' && actual !== 0 && actual !== 1) {
        add(
          'actual',
          `${label}: tiêu chí đạt/không đạt nhận 1 (đạt) hoặc 0 (không đạt), đang là ${formatValue(actual)}.`,
        );
      }
    }

    const reviewed = entry.reviewedScore;
    const self = entry.selfScore;
    if (reviewed !== null && self !== null && reviewed !== self && (entry.reviewReason ?? '').trim() === '') {
      add(
        'reviewReason',
        `${label}: điểm cụm chấm (${formatValue(reviewed)}) khác điểm tự chấm (${formatValue(self)}); hãy ghi lý do.`,
      );
    }
  });
  return problems;
}
