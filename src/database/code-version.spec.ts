import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeVersion, fingerprint } from './code-version.js';

const extension = path.extname(fileURLToPath(import.meta.url));
const made: string[] = [];

/** A folder of code files: name → content. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'thidua-code-'));
  made.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

afterAll(() => {
  for (const root of made) rmSync(root, { recursive: true, force: true });
});

describe('code version', () => {
  const base = { [`a/rules${extension}`]: 'export const x = 1;', [`main${extension}`]: 'run();' };

  it('is the same for the same files, wherever they are', () => {
    expect(fingerprint(tree(base))).toBe(fingerprint(tree(base)));
  });

  it.each([
    ['a file changes', { ...base, [`a/rules${extension}`]: 'export const x = 2;' }],
    ['a file is added', { ...base, [`b/more${extension}`]: '' }],
    ['a file is renamed', { [`a/rules2${extension}`]: 'export const x = 1;', [`main${extension}`]: 'run();' }],
  ])('changes when %s', (_what, files) => {
    expect(fingerprint(tree(files))).not.toBe(fingerprint(tree(base)));
  });

  it('leaves out tests, declarations and other files', () => {
    const withOthers = {
      ...base,
      [`a/rules.spec${extension}`]: 'test();',
      'a/rules.d.ts': 'declare const x: number;',
      'notes.md': '#',
    };
    expect(fingerprint(tree(withOthers))).toBe(fingerprint(tree(base)));
  });

  it('of the running code: a SHA-256, the same on every call', () => {
    expect(codeVersion()).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion()).toBe(codeVersion());
  });
});
