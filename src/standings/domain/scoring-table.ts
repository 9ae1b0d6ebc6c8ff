/**
 * The scoring table (bảng chấm điểm): a tree of criteria groups and scored leaves, given as a flat
 * list in display order linked by parentCode. What makes a table valid, and its maxima.
 */
import { formatValue } from './format.js';
import { Rational } from './rational.js';
import {
  DIRECTION_LABELS,
  LEAF_KINDS,
  LEAF_KIND_LABELS,
  SCORING_METHODS,
  SCORING_METHOD_LABELS,
  type CriterionInput,
  type LeafKind,
  type ScoringMethod,
} from './types.js';

/** One thing wrong with a scoring table. */
export interface TableProblem {
  /** Position in the criteria array; null for a problem of the whole table. */
  readonly index: number | null;
  /** The CriterionInput field to fix; null when no single field is at fault. */
  readonly field: string | null;
  readonly message: string;
}

/** Which methods each leaf kind may use. */
export const METHODS_BY_KIND: Readonly<Record<LeafKind, readonly ScoringMethod[]>> = {
  target: ['proportional', 'all-or-nothing', 'relative-to-leader'],
  graded: ['direct', 'per-occurrence', 'all-or-nothing'],
  bonus: ['direct', 'per-occurrence'],
  penalty: ['direct', 'per-occurrence'],
};

/** True for a criteria group (kind null), false for a scored leaf. */
export function isGroup(criterion: CriterionInput): boolean {
  return criterion.kind === null;
}

/** The scored leaves, in table order. */
export function leafCriteria(criteria: readonly CriterionInput[]): CriterionInput[] {
  return criteria.filter((criterion) => criterion.kind !== null);
}

/** The children of every node, by parent code, each list in table order. */
export function childrenByParent(criteria: readonly CriterionInput[]): Map<string, CriterionInput[]> {
  const children = new Map<string, CriterionInput[]>();
  for (const criterion of criteria) {
    if (criterion.parentCode === null) continue;
    const list = children.get(criterion.parentCode) ?? [];
    list.push(criterion);
    children.set(criterion.parentCode, list);
  }
  return children;
}

/**
 * The maximum of a group: its declared maxPoints, else the sum of its children's maxima
 * (penalty leaves do not count, bonus leaves do). For a leaf code, the leaf's maxPoints.
 */
export function groupMaximum(criteria: readonly CriterionInput[], code: string): Rational {
  const byCode = new Map(criteria.map((criterion) => [criterion.code, criterion] as const));
  const node = byCode.get(code);
  if (node === undefined) throw new RangeError(`Không có tiêu chí "${code}" trong bảng chấm điểm.`);
  return nodeMaximum(node, byCode, childrenByParent(criteria), new Set());
}

/**
 * The maximum total used for ratings when the rule set declares none: the sum of the maximum
 * points of the target and graded leaves (bonus and penalty points are extra).
 */
export function tableMaximum(criteria: readonly CriterionInput[]): Rational {
  return Rational.sum(
    criteria
      .filter((criterion) => criterion.kind === 'target' || criterion.kind === 'graded')
      .map((criterion) => Rational.fromNumber(criterion.maxPoints ?? 0)),
  );
}

function nodeMaximum(
  node: CriterionInput,
  byCode: ReadonlyMap<string, CriterionInput>,
  children: ReadonlyMap<string, readonly CriterionInput[]>,
  visiting: Set<string>,
): Rational {
  if (node.kind !== null || node.maxPoints !== null) return Rational.fromNumber(node.maxPoints ?? 0);
  return derivedMaximum(node.code, byCode, children, visiting) ?? Rational.ZERO;
}

/** The sum of the children's maxima; null when a child's maximum is unknown (or in a cycle). */
function derivedMaximum(
  code: string,
  byCode: ReadonlyMap<string, CriterionInput>,
  children: ReadonlyMap<string, readonly CriterionInput[]>,
  visiting: Set<string>,
): Rational | null {
  if (visiting.has(code)) return null;
  visiting.add(code);
  const maxima: Rational[] = [];
  let known = true;
  for (const child of children.get(code) ?? []) {
    if (child.kind === 'penalty') continue;
    if (child.kind !== null) {
      if (!isPositive(child.maxPoints)) known = false;
      else maxima.push(Rational.fromNumber(child.maxPoints));
    } else if (child.maxPoints !== null) {
      if (!Number.isFinite(child.maxPoints)) known = false;
      else maxima.push(Rational.fromNumber(child.maxPoints));
    } else {
      const childMaximum = derivedMaximum(child.code, byCode, children, visiting);
      if (childMaximum === null) known = false;
      else maxima.push(childMaximum);
    }
  }
  visiting.delete(code);
  return known ? Rational.sum(maxima) : null;
}

function isPositive(value: number | null): value is number {
  return value !== null && Number.isFinite(value) && value > 0;
}

function describe(criterion: CriterionInput, index: number): string {
  return criterion.code.trim() === '' ? `Tiêu chí ở dòng ${index + 1}` : `Tiêu chí "${criterion.code}"`;
}

function listMethods(methods: readonly ScoringMethod[]): string {
  return methods.map((method) => `"${SCORING_METHOD_LABELS[method]}"`).join(', ');
}

/** Whether the target's method divides by it (then it must be above 0). */
function targetMustBePositive(criterion: CriterionInput): boolean {
  return (
    criterion.direction !== 'at-most' &&
    (criterion.method === 'proportional' || criterion.method === 'relative-to-leader')
  );
}

/**
 * What is wrong with a target value (signed by a unit, or the leaf's default) for this leaf,
 * or null when it is fine. `what` names the value in the message, e.g. 'chỉ tiêu ký kết'.
 */
export function validateTargetValue(criterion: CriterionInput, value: number, what = 'chỉ tiêu ký kết'): string | null {
  const label = criterion.code.trim() === '' ? 'Tiêu chí' : `Tiêu chí "${criterion.code}"`;
  if (!Number.isFinite(value)) return `${label}: ${what} phải là một số.`;
  if (targetMustBePositive(criterion) && value <= 0) {
    return `${label}: ${what} phải lớn hơn 0 vì điểm được tính bằng cách chia cho chỉ tiêu (đang là ${formatValue(value)}).`;
  }
  if (value < 0) return `${label}: ${what} không được âm (đang là ${formatValue(value)}).`;
  return null;
}

const GROUP_ONLY_EMPTY_FIELDS = [
  ['method', 'cách tính điểm'],
  ['direction', 'chiều chỉ tiêu'],
  ['defaultTarget', 'chỉ tiêu mặc định'],
  ['pointsPerOccurrence', 'điểm mỗi lần'],
] as const;

/** Every problem of the table at once (an empty list: the table can be used). */
export function validateScoringTable(criteria: readonly CriterionInput[]): TableProblem[] {
  const problems: TableProblem[] = [];
  const add = (index: number | null, field: string | null, message: string): void => {
    problems.push({ index, field, message });
  };
  if (criteria.length === 0) {
    add(null, null, 'Bảng chấm điểm chưa có tiêu chí nào. Hãy thêm ít nhất một nhóm hoặc một tiêu chí.');
    return problems;
  }

  const byCode = new Map<string, CriterionInput>();
  const firstIndex = new Map<string, number>();
  criteria.forEach((criterion, index) => {
    if (criterion.code.trim() === '') {
      add(index, 'code', `Tiêu chí ở dòng ${index + 1}: mã tiêu chí đang để trống. Hãy nhập mã, ví dụ "1.2".`);
      return;
    }
    const first = firstIndex.get(criterion.code);
    if (first !== undefined) {
      add(
        index,
        'code',
        `Tiêu chí "${criterion.code}" ở dòng ${index + 1}: mã bị trùng với dòng ${first + 1}. Mỗi tiêu chí cần một mã riêng.`,
      );
      return;
    }
    firstIndex.set(criterion.code, index);
    byCode.set(criterion.code, criterion);
  });
  const children = childrenByParent(criteria);

  criteria.forEach((criterion, index) => {
    const label = describe(criterion, index);
    if (criterion.title.trim() === '') add(index, 'title', `${label}: tên tiêu chí đang để trống.`);
    checkParent(criterion, index, label, byCode, add);
    if (criterion.kind === null) {
      checkGroup(criterion, index, label, byCode, children, add);
    } else {
      checkLeaf(criterion, index, label, add);
    }
  });
  return problems;
}

type Add = (index: number | null, field: string | null, message: string) => void;

function checkParent(
  criterion: CriterionInput,
  index: number,
  label: string,
  byCode: ReadonlyMap<string, CriterionInput>,
  add: Add,
): void {
  if (criterion.parentCode === null) return;
  const parent = byCode.get(criterion.parentCode);
  if (parent === undefined) {
    add(
      index,
      'parentCode',
      `${label}: không có nhóm cha "${criterion.parentCode}" trong bảng. Hãy chọn một nhóm có sẵn, hoặc để trống nếu đây là nhóm cấp cao nhất.`,
    );
    return;
  }
  if (parent.kind !== null) {
    const kind = (LEAF_KIND_LABELS as Record<string, string>)[parent.kind] ?? parent.kind;
    add(
      index,
      'parentCode',
      `${label}: "${parent.code}" là tiêu chí được chấm điểm (loại ${kind}) nên không thể chứa tiêu chí con. Hãy để trống loại của "${parent.code}" để nó thành nhóm, hoặc chọn nhóm cha khác.`,
    );
    return;
  }
  const path = [criterion.code];
  const seen = new Set<string>();
  let current: string | null = criterion.parentCode;
  while (current !== null && !seen.has(current)) {
    path.push(current);
    if (current === criterion.code) {
      add(
        index,
        'parentCode',
        `${label}: quan hệ nhóm cha tạo thành vòng lặp (${path.join(' → ')}). Hãy chọn lại nhóm cha.`,
      );
      return;
    }
    seen.add(current);
    current = byCode.get(current)?.parentCode ?? null;
  }
}

function checkGroup(
  criterion: CriterionInput,
  index: number,
  label: string,
  byCode: ReadonlyMap<string, CriterionInput>,
  children: ReadonlyMap<string, readonly CriterionInput[]>,
  add: Add,
): void {
  if ((children.get(criterion.code) ?? []).length === 0) {
    add(
      index,
      null,
      `${label}: nhóm chưa có tiêu chí con nào. Hãy thêm tiêu chí con, hoặc chọn loại để nó thành tiêu chí được chấm điểm.`,
    );
  }
  for (const [field, name] of GROUP_ONLY_EMPTY_FIELDS) {
    if (criterion[field] !== null) {
      add(
        index,
        field,
        `${label}: là nhóm tiêu chí nên không có ${name}; hãy để trống (chỉ tiêu chí được chấm điểm mới có).`,
      );
    }
  }
  const declared = criterion.maxPoints;
  if (declared === null) return;
  if (!Number.isFinite(declared) || declared < 0) {
    add(index, 'maxPoints', `${label}: điểm tối đa của nhóm phải là số không âm, hoặc để trống để tự tính.`);
    return;
  }
  if (byCode.get(criterion.code) !== criterion) return; // a duplicate code: already reported
  const derived = derivedMaximum(criterion.code, byCode, children, new Set());
  if (
    derived !== null &&
    (children.get(criterion.code) ?? []).length > 0 &&
    !Rational.fromNumber(declared).equals(derived)
  ) {
    add(
      index,
      'maxPoints',
      `${label}: điểm tối đa của nhóm (${formatValue(declared)}) khác tổng điểm tối đa của các tiêu chí con (${formatValue(derived)}). Hãy sửa cho bằng nhau, hoặc để trống để tự tính.`,
    );
  }
}

function checkLeaf(criterion: CriterionInput, index: number, label: string, add: Add): void {
  const kind = criterion.kind;
  if (kind === null) return;
  if (!(LEAF_KINDS as readonly string[]).includes(kind)) {
    add(
      index,
      'kind',
      `${label}: loại "${kind}" không hợp lệ; chọn chỉ tiêu, chấm trực tiếp, điểm cộng hoặc điểm trừ.`,
    );
    return;
  }
  const kindLabel = LEAF_KIND_LABELS[kind];
  if (!isPositive(criterion.maxPoints)) {
    const current = criterion.maxPoints === null ? 'đang để trống' : `đang là ${formatValue(criterion.maxPoints)}`;
    add(index, 'maxPoints', `${label}: điểm tối đa phải lớn hơn 0 (${current}).`);
  }

  const allowed = METHODS_BY_KIND[kind];
  const method = criterion.method;
  if (method === null) {
    add(
      index,
      'method',
      `${label}: chưa chọn cách tính điểm. Với loại ${kindLabel}, chọn một trong: ${listMethods(allowed)}.`,
    );
  } else if (!(SCORING_METHODS as readonly string[]).includes(method)) {
    add(
      index,
      'method',
      `${label}: cách tính "${method}" không hợp lệ. Với loại ${kindLabel}, chọn một trong: ${listMethods(allowed)}.`,
    );
  } else if (!allowed.includes(method)) {
    add(
      index,
      'method',
      `${label}: cách tính "${SCORING_METHOD_LABELS[method]}" không dùng được cho loại ${kindLabel}; chọn một trong: ${listMethods(allowed)}.`,
    );
  }

  if (kind === 'target') {
    if (criterion.direction === null) {
      add(
        index,
        'direction',
        `${label}: chỉ tiêu cần chọn chiều: ${DIRECTION_LABELS['at-least']} hoặc ${DIRECTION_LABELS['at-most']}.`,
      );
    } else if (method === 'relative-to-leader' && criterion.direction !== 'at-least') {
      add(
        index,
        'direction',
        `${label}: cách tính "${SCORING_METHOD_LABELS['relative-to-leader']}" chỉ dùng cho chỉ tiêu ${DIRECTION_LABELS['at-least']}.`,
      );
    }
    if (criterion.defaultTarget !== null) {
      const problem = validateTargetValue(criterion, criterion.defaultTarget, 'chỉ tiêu mặc định');
      if (problem !== null) add(index, 'defaultTarget', problem);
    }
  } else {
    if (criterion.direction !== null) {
      add(index, 'direction', `${label}: chỉ chỉ tiêu mới có chiều (≥/≤); với loại ${kindLabel} hãy để trống.`);
    }
    if (criterion.defaultTarget !== null) {
      add(
        index,
        'defaultTarget',
        `${label}: chỉ chỉ tiêu mới có chỉ tiêu mặc định; với loại ${kindLabel} hãy để trống.`,
      );
    }
  }

  if (method === 'per-occurrence') {
    if (!isPositive(criterion.pointsPerOccurrence)) {
      add(index, 'pointsPerOccurrence', `${label}: cách tính theo số lần cần số điểm mỗi lần lớn hơn 0.`);
    }
  } else if (criterion.pointsPerOccurrence !== null) {
    add(index, 'pointsPerOccurrence', `${label}: điểm mỗi lần chỉ dùng với cách tính theo số lần; hãy để trống.`);
  }
}
