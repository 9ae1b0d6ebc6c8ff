/**
 * The repository stands on its own: every relative link in README.md, CONTRIBUTING.md and
 * docs/**\/*.md points at a file inside the repository that exists (and, for a link to a heading
 * of a Markdown file, at a heading that exists).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../..');

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(file);
    return entry.name.endsWith('.md') ? [file] : [];
  });
}

const DOCUMENTS = [
  path.join(root, 'README.md'),
  path.join(root, 'CONTRIBUTING.md'),
  ...markdownUnder(path.join(root, 'docs')),
];

/** Link targets outside code: inline `[text](target)`, images, and reference definitions `[x]: target`. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(
    (m) => m[1] ?? '',
  );
  return [...inline, ...references];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => headingAnchor(m[1] ?? '')));
}

/** What is wrong with one link of `from`, or null. */
function problem(from: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:…
  const [pathPart = '', anchor] = target.split('#');
  const resolved = pathPart === '' ? from : path.resolve(path.dirname(from), decodeURIComponent(pathPart));
  const inside = path.relative(root, resolved);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return `${target}: outside the repository`;
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) return `${target}: no such heading`;
  return null;
}

describe('links in the documentation', () => {
  it('finds the documents', () => {
    expect(DOCUMENTS.map((file) => path.relative(root, file))).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', path.join('docs', 'rules.md')]),
    );
    for (const file of DOCUMENTS) expect(existsSync(file)).toBe(true);
  });

  it.each(DOCUMENTS.map((file) => [path.relative(root, file), file]))(
    '%s links only to files in the repository',
    (_name, file) => {
      const problems = linkTargets(readFileSync(file, 'utf8'))
        .map((target) => problem(file, target))
        .filter((message): message is string => message !== null);
      expect(problems).toEqual([]);
    },
  );

  it('recognizes what it checks', () => {
    const markdown = [
      'See [rules](docs/rules.md#ratings), [shared](../shared/domain.md), ![logo](img/logo.png) and',
      '[site](https://example.org). `[not](a-link.md)`',
      '```',
      '[nor](this.md)',
      '```',
      '[ref]: ../outside.md',
    ].join('\n');
    expect(linkTargets(markdown)).toEqual([
      'docs/rules.md#ratings',
      '../shared/domain.md',
      'img/logo.png',
      'https://example.org',
      '../outside.md',
    ]);
    expect(problem(path.join(root, 'README.md'), '../shared/domain.md')).toBe(
      '../shared/domain.md: outside the repository',
    );
    expect(problem(path.join(root, 'README.md'), 'docs/missing.md')).toBe('docs/missing.md: no such file');
    expect(problem(path.join(root, 'README.md'), 'docs/rules.md#no-such-heading')).toBe(
      'docs/rules.md#no-such-heading: no such heading',
    );
    expect(headingAnchor('Head, deputy and the leading unit')).toBe('head-deputy-and-the-leading-unit');
    expect(headingAnchor('The published case: Cụm thi đua số 5, 2021')).toBe(
      'the-published-case-cụm-thi-đua-số-5-2021',
    );
  });
});
