import { describe, expect, it } from '@jest/globals';
import { diffJson } from './audit-diff.js';

describe('diffJson', () => {
  it('lists each changed leaf by path, ignoring timestamps and versions', () => {
    const before = {
      name: 'A',
      version: 1,
      updatedAt: 'x',
      ruleSet: { thresholds: { excellent: 90 } },
      members: [1, 2],
    };
    const after = {
      name: 'B',
      version: 2,
      updatedAt: 'y',
      ruleSet: { thresholds: { excellent: 85 } },
      members: [1, 2, 3],
    };
    expect(diffJson(before, after)).toEqual([
      { path: 'name', from: 'A', to: 'B' },
      { path: 'ruleSet.thresholds.excellent', from: 90, to: 85 },
      { path: 'members[2]', from: null, to: 3 },
    ]);
  });

  it('treats a created resource as one change from nothing', () => {
    expect(diffJson(null, { id: 1 })).toEqual([{ path: '(toàn bộ)', from: null, to: { id: 1 } }]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffJson({ a: [{ b: 1 }] }, { a: [{ b: 1 }] })).toEqual([]);
  });
});
