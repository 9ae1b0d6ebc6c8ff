/**
 * Vietnamese display formatting: 1.234,5 điểm · 91,67% · 11/12 (91,67%) · 03/12/2021.
 * Display only: thresholds and rankings always use the exact values, never these strings.
 */
import { cleanNumber } from './numbers.js';
import { Rational } from './rational.js';
import { RATING_LABELS, type ClusterSummary, type Fraction } from './types.js';

/** Shown for a percentage that has no denominator. */
export const NO_VALUE = '—';

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`Số chữ số thập phân phải là số nguyên từ 0 đến 20 (đang là ${decimals}).`);
  }
}

/**
 * The exact value to display: a Rational as it is; a plain number as the decimal it was written as,
 * with float noise below 1e-9 removed first (so 4.3549999999999995, from a sum of floats, is 4.355).
 */
function exactOf(x: number | Rational): Rational {
  return x instanceof Rational ? x : Rational.fromNumber(cleanNumber(x));
}

/**
 * Rounds half away from zero on the exact value: 1.005 → 1.01, 91.665 → 91.67, −1.005 → −1.01
 * (plain Math.round on 1.005 × 100 would give 1.00), 10/3 → 3.33. The one rounding of the rules'
 * numbers for display.
 */
export function roundHalfUp(x: number | Rational, decimals: number): number {
  checkDecimals(decimals);
  if (typeof x === 'number' && !Number.isFinite(x)) return x;
  return exactOf(x).round(decimals);
}

/** 1234.5 → '1.234,5' with exactly `decimals` decimals ('1.234,50' for 2); 10/3 at 2 → '3,33'. */
export function formatNumber(x: number | Rational, decimals: number): string {
  checkDecimals(decimals);
  if (typeof x === 'number' && !Number.isFinite(x)) return NO_VALUE;
  const text = exactOf(x).toFixed(decimals);
  const negative = text.startsWith('-');
  const [integerPart = '0', fractionPart] = (negative ? text.slice(1) : text).split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = negative ? '-' : '';
  return fractionPart === undefined ? `${sign}${grouped}` : `${sign}${grouped},${fractionPart}`;
}

/** A value in messages: at most 4 decimals, no trailing zeros (20 → '20', 2.5 → '2,5'). */
export function formatValue(x: number | Rational): string {
  const text = formatNumber(x, 4);
  return text.includes(',') ? text.replace(/0+$/, '').replace(/,$/, '') : text;
}

/** 91.666… → '91,67%'; null (no denominator) → '—'. */
export function formatPercent(percent: number | Rational | null, decimals: number): string {
  return percent === null ? NO_VALUE : `${formatNumber(percent, decimals)}%`;
}

/** {11, 12, 91.666…} → '11/12 (91,67%)'. */
export function formatFraction(fraction: Fraction, decimals: number): string {
  return `${formatNumber(fraction.count, 0)}/${formatNumber(fraction.of, 0)} (${formatPercent(fraction.percent, decimals)})`;
}

/** '2021-12-03' → '03/12/2021'. Throws on anything that is not a real YYYY-MM-DD date. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null || !isRealDate(isoDate)) {
    throw new RangeError(`Ngày "${isoDate}" không đúng dạng YYYY-MM-DD.`);
  }
  const [, year, month, day] = match;
  return `${day}/${month}/${year}`;
}

/** Whether a YYYY-MM-DD string names a day that exists (no 2021-02-30). */
export function isRealDate(isoDate: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The published sentence, with both percentages and what each is a share of:
 * '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%)'.
 */
export function summarySentence(summary: ClusterSummary, decimals: number): string {
  if (summary.unitCount === 0) return 'Chưa có đơn vị nào được xếp loại';
  const excellent = summary.ratings.EXCELLENT;
  const units = `${formatNumber(excellent.count, 0)}/${formatNumber(excellent.of, 0)} đơn vị ${lowerFirst(
    RATING_LABELS.EXCELLENT,
  )} (${formatPercent(excellent.percent, decimals)})`;
  const { met, signed, percent } = summary.targets;
  const targets =
    signed === 0
      ? 'chưa có chỉ tiêu nào được ký kết'
      : `${formatNumber(met, 0)}/${formatNumber(signed, 0)} chỉ tiêu đạt (${formatPercent(percent, decimals)})`;
  return `${units}; ${targets}`;
}
