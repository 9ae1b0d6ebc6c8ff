/**
 * How a rating (xếp loại) is decided: the total against the thresholds (exact values, never
 * rounded ones), then a veto caps it, and the conference may override it with a reason.
 */
import { formatValue } from './format.js';
import { Rational } from './rational.js';
import { RATINGS, type Rating, type RatingThresholds } from './types.js';

/**
 * The rating a total earns: EXCELLENT when total ≥ excellent% of maxTotal, and so on down.
 * Compared exactly as total × 100 ≥ maxTotal × threshold: a total of exactly 90 of 100 is excellent
 * at 90%, and 89.9999 is not. With no maximum (maxTotal ≤ 0) nothing can be earned: NOT_COMPLETED.
 */
export function rateTotal(total: Rational, maxTotal: Rational, thresholds: RatingThresholds): Rating {
  if (maxTotal.sign <= 0) return 'NOT_COMPLETED';
  const hundredTimesTotal = total.mul(Rational.of(100));
  const reaches = (percent: number): boolean => hundredTimesTotal.gte(maxTotal.mul(Rational.fromNumber(percent)));
  if (reaches(thresholds.excellent)) return 'EXCELLENT';
  if (reaches(thresholds.good)) return 'GOOD';
  if (reaches(thresholds.completed)) return 'COMPLETED';
  return 'NOT_COMPLETED';
}

/** The worse of the two ratings (a veto's cap never raises a rating). */
export function capRating(rating: Rating, cap: Rating): Rating {
  return RATINGS.indexOf(rating) >= RATINGS.indexOf(cap) ? rating : cap;
}

/**
 * The rating that counts. A conference override always wins (it is recorded with its reason, so
 * the row is marked overridden even when it repeats the computed rating); otherwise a veto caps
 * the computed rating.
 */
export function finalRating(
  computed: Rating,
  vetoed: boolean,
  vetoCap: Rating,
  override: { readonly rating: Rating } | null,
): { rating: Rating; overridden: boolean } {
  if (override !== null) return { rating: override.rating, overridden: true };
  return { rating: vetoed ? capRating(computed, vetoCap) : computed, overridden: false };
}

/** Threshold problems with the field they concern ('thresholds.excellent', …). */
export function thresholdProblems(thresholds: RatingThresholds): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const names = {
    excellent: 'Ngưỡng "Hoàn thành xuất sắc nhiệm vụ"',
    good: 'Ngưỡng "Hoàn thành tốt nhiệm vụ"',
    completed: 'Ngưỡng "Hoàn thành nhiệm vụ"',
  } as const;
  const valid = { excellent: true, good: true, completed: true };
  for (const key of ['excellent', 'good', 'completed'] as const) {
    const value = thresholds[key];
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      valid[key] = false;
      const shown = Number.isFinite(value) ? `${formatValue(value)}%` : String(value);
      problems.push({
        field: `thresholds.${key}`,
        message: `${names[key]} phải từ 0 đến 100 (% điểm tối đa), đang là ${shown}.`,
      });
    }
  }
  const order = [
    ['excellent', 'good'],
    ['good', 'completed'],
  ] as const;
  for (const [higher, lower] of order) {
    if (valid[higher] && valid[lower] && !(thresholds[higher] > thresholds[lower])) {
      problems.push({
        field: `thresholds.${higher}`,
        message: `${names[higher]} (${formatValue(thresholds[higher])}%) phải cao hơn ${names[lower].charAt(0).toLowerCase()}${names[lower].slice(1)} (${formatValue(thresholds[lower])}%).`,
      });
    }
  }
  return problems;
}

/** Messages for thresholds that cannot work: each from 0 to 100, excellent > good > completed. */
export function validateThresholds(thresholds: RatingThresholds): string[] {
  return thresholdProblems(thresholds).map((problem) => problem.message);
}
