import { describe, it, expect } from '@jest/globals';
import { cleanNumber } from './numbers.js';

describe('cleanNumber', () => {
  it.each([
    [0.1 + 0.2, 0.3],
    [0.7 + 0.1 + 0.1, 0.9],
    [-(0.1 + 0.2), -0.3],
    [1.23456789012, 1.23456789],
    [-0.0000000001, 0],
    [42, 42],
  ])('cleans %p to %p', (input, expected) => {
    expect(cleanNumber(input)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(cleanNumber(-1e-12), 0)).toBe(true);
  });
});
