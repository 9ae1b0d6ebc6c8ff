import { describe, expect, it } from '@jest/globals';
import { predecessorCycle, type LinkEdge } from './predecessor-cycle.js';

const edges = (...pairs: [number, number][]): LinkEdge[] =>
  pairs.map(([predecessorId, successorId]) => ({ predecessorId, successorId }));

describe('predecessorCycle', () => {
  it.each([
    ['no links', edges(), 1, [2], null],
    ['A→B, then B gets predecessor A again (no cycle)', edges([1, 2]), 2, [1], null],
    ['A→B, then A gets predecessor B (A↔B)', edges([1, 2]), 1, [2], [1, 2, 1]],
    ['A→B→C, then A gets predecessor C', edges([1, 2], [2, 3]), 1, [3], [1, 2, 3, 1]],
    ['A→B→C, then A gets predecessors D and C', edges([1, 2], [2, 3]), 1, [4, 3], [1, 2, 3, 1]],
    ['a merger: A→C, B→C; then C gets predecessors A, B again', edges([1, 3], [2, 3]), 3, [1, 2], null],
    ['a split: A→B, A→C; then D gets predecessor B', edges([1, 2], [1, 3]), 4, [2], null],
    ['A→B and C→B, then C gets predecessor B (C↔B)', edges([1, 2], [3, 2]), 3, [2], [3, 2, 3]],
    ['diamond A→B→D, A→C→D, then A gets predecessor D', edges([1, 2], [1, 3], [2, 4], [3, 4]), 1, [4], [1, 2, 4, 1]],
  ])('%s', (_label, links, unitId, predecessors, expected) => {
    expect(predecessorCycle(links, unitId, predecessors)).toEqual(expected);
  });
});
