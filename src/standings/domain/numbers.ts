/**
 * Float hygiene for plain numbers that reach display formatting from outside the rules (the rules
 * themselves compute exactly, see rational.ts): 0.7 + 0.1 + 0.1 gives 0.8999999999999999, which
 * is shown as the 0.9 it stands for.
 */

/** Removes float noise: rounds to 9 decimals (symmetric around zero) and never returns -0. */
export function cleanNumber(x: number): number {
  if (!Number.isFinite(x)) return x;
  const cleaned = (Math.sign(x) * Math.round(Math.abs(x) * 1e9)) / 1e9;
  return cleaned === 0 ? 0 : cleaned;
}
