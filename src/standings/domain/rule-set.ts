/**
 * The rule set of a cluster-year (quy định chấm điểm của năm): thresholds, veto cap, tie-breakers,
 * display decimals and the maximum total. The defaults, and what makes a rule set valid.
 */
import { formatValue } from './format.js';
import { Rational } from './rational.js';
import { validateTieBreakers } from './ranking.js';
import { thresholdProblems } from './rating.js';
import { tableMaximum } from './scoring-table.js';
import { RATINGS, type CriterionInput, type RuleSetInput } from './types.js';

/** The common rules: 90 / 70 / 50% of the maximum; a veto caps at "completed". */
export const DEFAULT_RULE_SET: RuleSetInput = {
  thresholds: { excellent: 90, good: 70, completed: 50 },
  vetoCap: 'COMPLETED',
  tieBreakers: [{ kind: 'targets-met' }, { kind: 'fewer-penalty' }, { kind: 'women-share' }],
  displayDecimals: 2,
  maxTotal: null,
};

export interface RuleSetProblem {
  readonly field: string;
  readonly message: string;
}

export function validateRuleSet(ruleSet: RuleSetInput, criteria: readonly CriterionInput[]): RuleSetProblem[] {
  const problems: RuleSetProblem[] = [...thresholdProblems(ruleSet.thresholds)];
  if (!(RATINGS as readonly string[]).includes(ruleSet.vetoCap)) {
    problems.push({
      field: 'vetoCap',
      message: `Mức xếp loại tối đa khi bị phủ quyết "${ruleSet.vetoCap}" không hợp lệ.`,
    });
  }
  const decimals = ruleSet.displayDecimals;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4) {
    problems.push({
      field: 'displayDecimals',
      message: `Số chữ số thập phân khi hiển thị phải là số nguyên từ 0 đến 4 (đang là ${String(decimals)}).`,
    });
  }
  const tableMax = tableMaximum(criteria);
  if (ruleSet.maxTotal !== null) {
    if (!Number.isFinite(ruleSet.maxTotal) || ruleSet.maxTotal <= 0) {
      problems.push({
        field: 'maxTotal',
        message: `Tổng điểm tối đa phải lớn hơn 0 (đang là ${String(ruleSet.maxTotal)}); hoặc để trống để lấy tổng điểm tối đa của bảng chấm điểm.`,
      });
    } else if (criteria.length > 0 && !Rational.fromNumber(ruleSet.maxTotal).equals(tableMax)) {
      problems.push({
        field: 'maxTotal',
        message: `Tổng điểm tối đa khai báo (${formatValue(ruleSet.maxTotal)}) khác tổng điểm tối đa của các tiêu chí chỉ tiêu và chấm trực tiếp trong bảng chấm điểm (${formatValue(tableMax)}). Hãy sửa cho bằng nhau, hoặc để trống để tự tính.`,
      });
    }
  } else if (criteria.length > 0 && tableMax.sign <= 0) {
    problems.push({
      field: 'maxTotal',
      message:
        'Bảng chấm điểm chưa có tiêu chí chỉ tiêu hoặc chấm trực tiếp nào nên tổng điểm tối đa bằng 0 và không xếp loại được. Hãy thêm tiêu chí được chấm điểm.',
    });
  }
  for (const message of validateTieBreakers(ruleSet.tieBreakers, criteria)) {
    problems.push({ field: 'tieBreakers', message });
  }
  return problems;
}
