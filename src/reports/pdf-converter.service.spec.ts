import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { findSoffice } from './pdf-converter.service.js';

describe('findSoffice', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-soffice-'));
  const program = path.join(dir, 'soffice');
  writeFileSync(program, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the configured path when it exists', program, '', program],
    ['nothing when the configured path does not exist (PATH is not searched)', path.join(dir, 'none'), dir, null],
    ['the first soffice on PATH', undefined, ['/nonexistent', dir].join(path.delimiter), program],
    ['nothing when PATH has none', undefined, '/nonexistent', null],
    ['nothing for an empty PATH entry', undefined, '', null],
  ])('%s', (_what, configured, searchPath, expected) => expect(findSoffice(configured, searchPath)).toBe(expected));
});
