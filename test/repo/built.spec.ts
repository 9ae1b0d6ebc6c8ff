/**
 * scripts/built.mjs, behind npm start / npm run cli: builds only when the sources changed, then runs
 * the entry with its arguments and exit code. Run on a copy of the launcher in a temporary project
 * whose `nest build` is a fake that counts builds and writes a dist/cli.js.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

const LAUNCHER = path.resolve(import.meta.dirname, '../../scripts/built.mjs');
let project: string;

const FAKE_NEST = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
writeFileSync('dist/cli.js', "process.stdout.write(process.argv.slice(2).join(' ')); process.exit(3);");
appendFileSync('builds.log', 'build\\n');
`;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

function launch(...args: string[]): { status: number | null; stdout: string; builds: number } {
  const result = spawnSync(process.execPath, [path.join(project, 'scripts/built.mjs'), ...args], {
    cwd: project,
    encoding: 'utf8',
  });
  const log = path.join(project, 'builds.log');
  const builds = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0;
  return { status: result.status, stdout: result.stdout, builds };
}

beforeEach(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'thidua-built-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(LAUNCHER, path.join(project, 'scripts/built.mjs'));
  write('node_modules/@nestjs/cli/bin/nest.js', FAKE_NEST);
  write('package.json', '{ "type": "module" }');
  write('src/cli.ts', 'export {};\n');
  write('tsconfig.json', '{}');
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('scripts/built.mjs', () => {
  it('builds the first time, then runs the entry with its arguments and passes its exit code on', () => {
    expect(launch('cli.js', 'help', '--x')).toEqual({ status: 3, stdout: 'help --x', builds: 1 });
  });

  it('does not build again while nothing under src/ changed', () => {
    launch('cli.js');
    expect(launch('cli.js', 'a').builds).toBe(1);
    expect(launch().builds).toBe(1);
  });

  it('builds again after a source or a build config changes, or a source is added', () => {
    launch();
    write('src/cli.ts', 'export const changed = 1;\n');
    expect(launch('cli.js').builds).toBe(2);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(project, 'tsconfig.json'), later, later);
    expect(launch('cli.js').builds).toBe(3);
    write('src/new/thing.ts', 'export {};\n');
    expect(launch('cli.js').builds).toBe(4);
    expect(launch('cli.js').builds).toBe(4);
  });

  it('ignores test files, and builds anyway with --force', () => {
    launch();
    write('src/cli.spec.ts', 'test\n');
    expect(launch('cli.js').builds).toBe(1);
    expect(launch('--force').builds).toBe(2);
  });

  it('without the Nest CLI (no dev dependencies), runs the build that exists', () => {
    launch();
    rmSync(path.join(project, 'node_modules'), { recursive: true });
    write('dist/main.js', '');
    write('src/cli.ts', 'export const changed = 2;\n');
    expect(launch('cli.js', 'ok')).toEqual({ status: 3, stdout: 'ok', builds: 1 });
  });
});
