/**
 * scripts/system-packages.sh, which `npm test` runs first, on a simulated machine: PATH holds only
 * a temporary folder with fakes of `id`, `apt-get` and, where the case says so, `soffice`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';

const SCRIPT = path.resolve('scripts/system-packages.sh');
/** A program of this machine, by absolute path: the simulated PATH holds only the fakes. */
const which = (name: string): string | undefined =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find((file) => existsSync(file));
const BASH = which('bash');
const CHMOD = which('chmod') ?? 'chmod';

interface Machine {
  uid: number;
  soffice?: boolean;
  aptGet?: 'installs' | 'installs-nothing' | 'absent';
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fake(bin: string, name: string, body: string): void {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

function run(machine: Machine): { status: number | null; stderr: string; aptCalls: string[]; bin: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'thidua-syspkg-'));
  dirs.push(bin);
  const log = path.join(bin, 'apt-get.log');
  fake(bin, 'id', `echo ${machine.uid}`);
  if (machine.soffice) fake(bin, 'soffice', 'exit 0');
  const aptGet = machine.aptGet ?? 'installs';
  if (aptGet !== 'absent') {
    const install =
      aptGet === 'installs'
        ? `if [ "$1" = install ]; then printf '#!/bin/sh\\nexit 0\\n' > "${bin}/soffice"; ${CHMOD} +x "${bin}/soffice"; fi`
        : '';
    fake(bin, 'apt-get', `echo "$*" >> "${log}"\n${install}`);
  }
  const result = spawnSync(BASH ?? 'bash', [SCRIPT], { env: { PATH: bin }, encoding: 'utf8' });
  const aptCalls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr, aptCalls, bin };
}

describe('scripts/system-packages.sh', () => {
  it('finds bash to run the script with', () => {
    expect(BASH).toBeDefined();
  });

  it('does nothing when every program is there', () => {
    const { status, stderr, aptCalls } = run({ uid: 0, soffice: true });
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(aptCalls).toEqual([]);
  });

  it('as root, installs what is missing with apt-get (one update, then one install)', () => {
    const { status, aptCalls, bin } = run({ uid: 0 });
    expect(status).toBe(0);
    expect(aptCalls).toEqual(['update -qq', 'install -y -qq libreoffice-calc-nogui']);
    expect(existsSync(path.join(bin, 'soffice'))).toBe(true);
  });

  it('as another user, stops with one line naming the exact command, and installs nothing', () => {
    const { status, stderr, aptCalls } = run({ uid: 1000 });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('sudo apt-get install -y libreoffice-calc-nogui');
    expect(aptCalls).toEqual([]);
  });

  it('as root without apt-get, stops with the same line', () => {
    const { status, stderr } = run({ uid: 0, aptGet: 'absent' });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('sudo apt-get install -y libreoffice-calc-nogui');
  });

  it('fails when the program is still missing after the install', () => {
    const { status, stderr } = run({ uid: 0, aptGet: 'installs-nothing' });
    expect(status).toBe(1);
    expect(stderr).toContain('`soffice` is still not on PATH');
  });
});
