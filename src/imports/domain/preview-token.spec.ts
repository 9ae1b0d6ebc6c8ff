import { describe, expect, it } from '@jest/globals';
import {
  decodePreviewToken,
  encodePreviewToken,
  sameOverwrite,
  staleUnits,
  type PreviewBasis,
} from './preview-token.js';

const SHA = 'a'.repeat(64);
const basis: PreviewBasis = { sha256: SHA, versions: { Q3: 1, Q1: 4 }, overwrite: ['Q3', 'Q1'] };

describe('preview token', () => {
  it('round trips what the preview was computed against', () => {
    expect(decodePreviewToken(encodePreviewToken(basis))).toEqual({
      sha256: SHA,
      versions: { Q1: 4, Q3: 1 },
      overwrite: ['Q1', 'Q3'],
    });
    expect(encodePreviewToken(basis)).toBe(encodePreviewToken({ ...basis, versions: { Q1: 4, Q3: 1 } }));
  });

  it.each([
    ['not ours', 'abc'],
    ['not JSON', 'xt1.bm90IGpzb24'],
    ['a bad SHA-256', `xt1.${Buffer.from(JSON.stringify({ s: 'x', v: {}, o: [] })).toString('base64url')}`],
    ['a bad version', `xt1.${Buffer.from(JSON.stringify({ s: SHA, v: { Q1: 'x' }, o: [] })).toString('base64url')}`],
    ['a bad overwrite', `xt1.${Buffer.from(JSON.stringify({ s: SHA, v: {}, o: 3 })).toString('base64url')}`],
  ])('refuses %s', (_name, token) => {
    expect(decodePreviewToken(token)).toBeNull();
  });

  it.each<[string, Record<string, number>, { code: string; then: number | null; now: number | null }[]]>([
    ['the same versions', { Q1: 4, Q3: 1 }, []],
    ['a unit changed since the preview', { Q1: 5, Q3: 1 }, [{ code: 'Q1', then: 4, now: 5 }]],
    ['a unit no longer in the plan', { Q1: 4 }, [{ code: 'Q3', then: 1, now: null }]],
    ['a unit new in the plan', { Q1: 4, Q3: 1, Q5: 2 }, [{ code: 'Q5', then: null, now: 2 }]],
  ])('staleUnits: %s', (_name, now, stale) => {
    expect(staleUnits(basis, now)).toEqual(stale);
  });

  it.each<[PreviewBasis['overwrite'], PreviewBasis['overwrite'], boolean]>([
    [[], [], true],
    [['Q1', 'Q3'], ['Q3', 'Q1'], true],
    [['Q1'], ['Q1', 'Q3'], false],
    ['all', 'all', true],
    ['all', ['Q1'], false],
  ])('sameOverwrite(%j, %j) is %p', (a, b, same) => {
    expect(sameOverwrite(a, b)).toBe(same);
  });
});
