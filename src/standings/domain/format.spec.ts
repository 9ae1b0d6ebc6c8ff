import { describe, it, expect } from '@jest/globals';
import {
  formatDate,
  formatFraction,
  formatNumber,
  formatPercent,
  formatValue,
  roundHalfUp,
  summarySentence,
} from './format.js';
import { clusterSummary } from '../../../test/factories/domain-builders.js';
import { Rational } from './rational.js';
import { fraction } from './summary.js';
import type { ClusterSummary } from './types.js';

describe('roundHalfUp', () => {
  it.each([
    [1.005, 2, 1.01], // Math.round(1.005 * 100) / 100 gives 1
    [91.665, 2, 91.67],
    [-1.005, 2, -1.01],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [1.2345, 3, 1.235],
    [1100 / 12, 2, 91.67],
    [0.1 + 0.2, 1, 0.3],
    [4.35 + 0.005, 2, 4.36], // 4.3549999999999995: float noise from a sum, really 4.355
    [91.66 + 0.005, 2, 91.67], // 91.66499999999999
    [1.0044, 2, 1],
    [0.0000001, 2, 0], // written 1e-7
    [123.456, 0, 123],
    [-0.001, 2, 0], // not −0
  ])('roundHalfUp(%p, %p) = %p', (x, decimals, expected) => {
    expect(roundHalfUp(x, decimals)).toBe(expected);
  });

  it('refuses a negative number of decimals', () => {
    expect(() => roundHalfUp(1, -1)).toThrow(RangeError);
  });
});

describe('formatNumber', () => {
  it.each<[number | Rational, number, string]>([
    [Rational.of(10, 3), 2, '3,33'], // exact values are rounded once, here
    [Rational.of(20, 3), 2, '6,67'],
    [Rational.of(-201, 200), 2, '-1,01'], // half away from zero
    [Rational.of(1, 3).mul(Rational.of(3)), 4, '1,0000'],
    [Rational.of(9_999_999_999_9999n, 10_000n), 4, '9.999.999.999,9999'],
    [Rational.of(9_999_999_999_9999n, 10_000n), 2, '10.000.000.000,00'],
    [Rational.of(-1, 1000), 2, '0,00'], // never '-0,00'
    [1234.5, 1, '1.234,5'],
    [1234.5, 2, '1.234,50'],
    [1234567.891, 2, '1.234.567,89'],
    [0, 2, '0,00'],
    [-1234.5, 1, '-1.234,5'],
    [-0.001, 2, '0,00'],
    [999.995, 2, '1.000,00'],
    [100, 0, '100'],
    [1000, 0, '1.000'],
    [91.665, 2, '91,67'],
  ])('formatNumber(%p, %p) = %p', (x, decimals, expected) => {
    expect(formatNumber(x, decimals)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each([
    [20, '20'],
    [2.5, '2,5'],
    [1234.5, '1.234,5'],
    [0.1 + 0.2, '0,3'],
    [-1, '-1'],
  ])('formatValue(%p) = %p', (x, expected) => {
    expect(formatValue(x)).toBe(expected);
  });
});

describe('formatPercent and formatFraction', () => {
  it.each([
    [1100 / 12, 2, '91,67%'],
    [90, 2, '90,00%'],
    [100 / 3, 0, '33%'],
    [null, 2, '—'],
  ])('formatPercent(%p, %p) = %p', (percent, decimals, expected) => {
    expect(formatPercent(percent, decimals)).toBe(expected);
  });

  it.each([
    [fraction(11, 12), 2, '11/12 (91,67%)'],
    [fraction(108, 120), 1, '108/120 (90,0%)'],
    [fraction(1200, 1500), 0, '1.200/1.500 (80%)'],
    [fraction(0, 0), 2, '0/0 (—)'],
  ])('formatFraction(%p, %p) = %p', (f, decimals, expected) => {
    expect(formatFraction(f, decimals)).toBe(expected);
  });
});

describe('formatDate', () => {
  it.each([
    ['2021-12-03', '03/12/2021'],
    ['2024-02-29', '29/02/2024'],
    ['2025-07-01', '01/07/2025'],
  ])('formatDate(%p) = %p', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  it.each(['2021-02-30', '2023-02-29', '2021-13-01', '03/12/2021', '2021-12-03T00:00:00Z', ''])('refuses %p', (iso) => {
    expect(() => formatDate(iso)).toThrow(RangeError);
  });
});

describe('summarySentence', () => {
  const summary = (units: number, excellent: number, met: number, signed: number): ClusterSummary =>
    clusterSummary(units, excellent, met, signed);

  it.each([
    [summary(12, 11, 108, 120), 2, '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%)'],
    [summary(12, 11, 108, 120), 0, '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (92%); 108/120 chỉ tiêu đạt (90%)'],
    [summary(4, 3, 0, 0), 2, '3/4 đơn vị hoàn thành xuất sắc nhiệm vụ (75,00%); chưa có chỉ tiêu nào được ký kết'],
    [summary(5, 0, 0, 10), 1, '0/5 đơn vị hoàn thành xuất sắc nhiệm vụ (0,0%); 0/10 chỉ tiêu đạt (0,0%)'],
    [summary(0, 0, 0, 0), 2, 'Chưa có đơn vị nào được xếp loại'],
  ])('%#: %s', (s, decimals, expected) => {
    expect(summarySentence(s, decimals)).toBe(expected);
  });
});
