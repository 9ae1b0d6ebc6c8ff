/**
 * Plain types shared by the pure domain rules (scoring, rating, ranking, summary).
 * No framework imports here or anywhere under `domain/`.
 *
 * Inputs are plain numbers, the decimals as entered. Everything the rules compute (points, totals,
 * group scores, percentages) is an exact `Rational`; it becomes a number only when it leaves the
 * domain (`toNumber`, `formatNumber`).
 */
import type { Rational } from './rational.js';

/** Ratings (xếp loại), best first. */
export const RATINGS = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_LABELS: Readonly<Record<Rating, string>> = {
  EXCELLENT: 'Hoàn thành xuất sắc nhiệm vụ',
  GOOD: 'Hoàn thành tốt nhiệm vụ',
  COMPLETED: 'Hoàn thành nhiệm vụ',
  NOT_COMPLETED: 'Không hoàn thành nhiệm vụ',
};

export const RATING_SHORT: Readonly<Record<Rating, string>> = {
  EXCELLENT: 'HTXSNV',
  GOOD: 'HTTNV',
  COMPLETED: 'HTNV',
  NOT_COMPLETED: 'KHTNV',
};

/** A leaf's kind: chỉ tiêu, chấm trực tiếp, điểm cộng, điểm trừ. */
export const LEAF_KINDS = ['target', 'graded', 'bonus', 'penalty'] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export const SCORING_METHODS = [
  'proportional',
  'all-or-nothing',
  'per-occurrence',
  'relative-to-leader',
  'direct',
] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const DIRECTIONS = ['at-least', 'at-most'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * One node of the scoring table, in display order; the tree is given by parentCode.
 * A node with kind === null is a group (nhóm tiêu chí); otherwise it is a scored leaf.
 */
export interface CriterionInput {
  readonly code: string;
  readonly title: string;
  readonly parentCode: string | null;
  /** Required on leaves; optional on groups (then it is the sum of the children). */
  readonly maxPoints: number | null;
  readonly kind: LeafKind | null;
  readonly method: ScoringMethod | null;
  /** Required for targets; null otherwise. */
  readonly direction: Direction | null;
  /** Target value used for a unit that signed no value of its own. */
  readonly defaultTarget: number | null;
  readonly unitOfMeasure: string | null;
  /** Required for per-occurrence. */
  readonly pointsPerOccurrence: number | null;
}

export const TIE_BREAKER_KINDS = ['targets-met', 'group-score', 'fewer-penalty', 'women-share'] as const;
export type TieBreakerKind = (typeof TIE_BREAKER_KINDS)[number];

/** Tie-breakers, applied in order only between units with equal totals. */
export type TieBreaker =
  | { readonly kind: 'targets-met' }
  | { readonly kind: 'group-score'; readonly criterionCode: string }
  | { readonly kind: 'fewer-penalty' }
  | { readonly kind: 'women-share' };

/** Share of women staff from which the legal preference applies (Decree 152/2025, art. 4(6)). */
export const WOMEN_SHARE_PREFERENCE_PERCENT = 70;

export interface RatingThresholds {
  /** Percent of the maximum total, e.g. 90. */
  readonly excellent: number;
  readonly good: number;
  readonly completed: number;
}

export interface RuleSetInput {
  readonly thresholds: RatingThresholds;
  /** A vetoed unit's rating is at most this. */
  readonly vetoCap: Rating;
  readonly tieBreakers: readonly TieBreaker[];
  /** Decimals shown in scores and percentages (0–4). */
  readonly displayDecimals: number;
  /** Declared maximum total; null: the sum of the target and graded leaves' maximum points. */
  readonly maxTotal: number | null;
}

export interface ResultInput {
  /** Actual value, count (per-occurrence) or 1/0 (yes/no all-or-nothing); null when not entered. */
  readonly actual: number | null;
  readonly selfScore: number | null;
  readonly reviewedScore: number | null;
}

export interface MemberInput {
  readonly unitId: number;
  readonly name: string;
  /** False for a unit that left the cluster during the year: listed, but neither rated nor ranked. */
  readonly active: boolean;
  readonly womenSharePercent: number | null;
  readonly veto: { readonly reason: string } | null;
  readonly ratingOverride: { readonly rating: Rating; readonly reason: string } | null;
  /** Signed target per leaf code; a target leaf without an entry uses its defaultTarget. */
  readonly targets: ReadonlyMap<string, number>;
  /** Entered results per leaf code. */
  readonly results: ReadonlyMap<string, ResultInput>;
}

export interface ClusterYearInput {
  readonly criteria: readonly CriterionInput[];
  readonly ruleSet: RuleSetInput;
  readonly members: readonly MemberInput[];
}

export type ScoreSource = 'reviewed' | 'self' | 'computed' | 'none';

export interface LeafScore {
  readonly code: string;
  readonly kind: LeafKind;
  readonly maxPoints: number;
  readonly target: number | null;
  readonly actual: number | null;
  /** Whether the target was met; null for non-targets or when no actual value was entered. */
  readonly met: boolean | null;
  /** What the method gives from the entered values; null when nothing was entered. */
  readonly computed: Rational | null;
  readonly selfScore: number | null;
  readonly reviewedScore: number | null;
  /** The score that counts: reviewed ?? self ?? computed ?? 0. Always positive (penalties too). */
  readonly final: Rational;
  readonly source: ScoreSource;
}

export interface UnitScore {
  readonly unitId: number;
  readonly name: string;
  readonly active: boolean;
  readonly leaves: readonly LeafScore[];
  /** Score per group code: sum of its children's contributions (penalties subtract). */
  readonly groups: ReadonlyMap<string, Rational>;
  /** Sum of the target and graded leaves' final scores. */
  readonly base: Rational;
  readonly bonus: Rational;
  readonly penalty: Rational;
  /** max(0, base + bonus − penalty). */
  readonly total: Rational;
  readonly targetsMet: number;
  readonly targetsSigned: number;
  /** How many leaves have anything entered. */
  readonly leavesEntered: number;
  readonly computedRating: Rating | null;
  /** The rating that counts: override, else computed capped by the veto. null for inactive units. */
  readonly rating: Rating | null;
  readonly vetoed: boolean;
  readonly overridden: boolean;
}

/** What separated a unit from the units it is ranked against. 'total' when its total is unique. */
export type DecidedBy = 'total' | TieBreakerKind;

export interface StandingRow {
  /** Standard competition rank (1, 2, 2, 4); null for a unit that left. */
  readonly rank: number | null;
  readonly unitId: number;
  readonly name: string;
  readonly total: Rational;
  readonly rating: Rating | null;
  readonly computedRating: Rating | null;
  readonly vetoed: boolean;
  readonly overridden: boolean;
  readonly targetsMet: number;
  readonly targetsSigned: number;
  /** null when still tied after every tie-breaker (then tied === true). */
  readonly decidedBy: DecidedBy | null;
  /** For a group-score decision, the group's code. */
  readonly decidedByCriterion: string | null;
  readonly tied: boolean;
  readonly active: boolean;
}

/** A share with its numerator and denominator; percent is exact (count × 100 / of), null when of = 0. */
export interface Fraction {
  readonly count: number;
  readonly of: number;
  readonly percent: Rational | null;
}

export interface ClusterSummary {
  /** Rated member units (units that left during the year are not counted). */
  readonly unitCount: number;
  readonly ratings: Readonly<Record<Rating, Fraction>>;
  readonly targets: { readonly met: number; readonly signed: number; readonly percent: Rational | null };
  readonly averageTotal: Rational | null;
  readonly maxTotal: Rational | null;
  readonly leadingUnitIds: readonly number[];
  readonly unitsWithoutResults: number;
}

/** Vietnamese names of the leaf kinds, as used in messages and reports. */
export const LEAF_KIND_LABELS: Readonly<Record<LeafKind, string>> = {
  target: 'chỉ tiêu',
  graded: 'chấm trực tiếp',
  bonus: 'điểm cộng',
  penalty: 'điểm trừ',
};

/** Vietnamese names of the scoring methods. */
export const SCORING_METHOD_LABELS: Readonly<Record<ScoringMethod, string>> = {
  proportional: 'tỷ lệ theo kết quả',
  'all-or-nothing': 'đạt thì đủ điểm, không đạt 0 điểm',
  'per-occurrence': 'tính theo số lần',
  'relative-to-leader': 'so với đơn vị dẫn đầu',
  direct: 'nhập điểm trực tiếp',
};

/** Vietnamese names of the target directions. */
export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  'at-least': 'tối thiểu (≥)',
  'at-most': 'tối đa (≤)',
};
