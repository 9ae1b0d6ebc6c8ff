/**
 * Numeric hygiene for scores. Scores are plain JS numbers, so sums like 0.7 + 0.1 + 0.1 give
 * 0.8999999999999999; every arithmetic step that can leave such noise is cleaned to 9 decimals,
 * far below anything a scoring table or a report uses.
 */

/** Removes float noise: rounds to 9 decimals (symmetric around zero) and never returns -0. */
export function cleanNumber(x: number): number {
  if (!Number.isFinite(x)) return x;
  const cleaned = (Math.sign(x) * Math.round(Math.abs(x) * 1e9)) / 1e9;
  return cleaned === 0 ? 0 : cleaned;
}

/** The cleaned sum of the values (0 for none). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total = cleanNumber(total + value);
  return total;
}
