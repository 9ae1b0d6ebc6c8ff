/**
 * scripts/system-packages.sh, which `npm test` runs first, on a simulated machine: PATH holds only
 * a temporary folder with fakes of `id`, `apt-get` and, where the case says so, `soffice`, `pdftotext`
 * and `chromium`; LibreOffice Writer's library (checked by its path) is looked for in that folder too.
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
const MKDIR = which('mkdir') ?? 'mkdir';

/** The file that shows LibreOffice Writer is installed (an absolute path in the script). */
const WRITER = '/usr/lib/libreoffice/program/libswlo.so';

interface Machine {
  uid: number;
  soffice?: boolean;
  writer?: boolean;
  pdftotext?: boolean;
  chromium?: boolean;
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
  if (machine.writer) fake(bin, 'libswlo.so', 'exit 0');
  if (machine.pdftotext) fake(bin, 'pdftotext', 'exit 0');
  if (machine.chromium) fake(bin, 'chromium', 'exit 0');
  const aptGet = machine.aptGet ?? 'installs';
  if (aptGet !== 'absent') {
    const install =
      aptGet === 'installs'
        ? `if [ "$1" = install ]; then for p in soffice libswlo.so pdftotext chromium; do printf '#!/bin/sh\\nexit 0\\n' > "${bin}/$p"; ${CHMOD} +x "${bin}/$p"; done; fi`
        : '';
    fake(bin, 'apt-get', `echo "$*" >> "${log}"\n${install}`);
  }
  // The script as it is, but for Writer's library, looked for in the simulated machine's folder.
  const script = path.join(bin, 'system-packages.sh');
  const text = readFileSync(SCRIPT, 'utf8');
  if (!text.includes(WRITER)) throw new Error(`system-packages.sh no longer checks ${WRITER}`);
  writeFileSync(script, text.replaceAll(WRITER, path.join(bin, 'libswlo.so')));
  const result = spawnSync(BASH ?? 'bash', [script], { env: { PATH: bin }, encoding: 'utf8' });
  const aptCalls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr, aptCalls, bin };
}

describe('scripts/system-packages.sh', () => {
  it('finds bash to run the script with', () => {
    expect(BASH).toBeDefined();
  });

  it('does nothing when every program is there', () => {
    const { status, stderr, aptCalls } = run({ uid: 0, soffice: true, writer: true, pdftotext: true, chromium: true });
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(aptCalls).toEqual([]);
  });

  it('as root, installs what is missing with apt-get (one update, then one install)', () => {
    const { status, aptCalls, bin } = run({ uid: 0 });
    expect(status).toBe(0);
    expect(aptCalls).toEqual([
      'update -qq',
      'install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils chromium',
    ]);
    expect(existsSync(path.join(bin, 'soffice'))).toBe(true);
    expect(existsSync(path.join(bin, 'chromium'))).toBe(true);
  });

  it('as another user, stops with one line naming the exact command, and installs nothing', () => {
    const { status, stderr, aptCalls } = run({ uid: 1000 });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(
      'sudo apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils chromium',
    );
    expect(aptCalls).toEqual([]);
  });

  it('as root without apt-get, stops with the same line', () => {
    const { status, stderr } = run({ uid: 0, aptGet: 'absent', chromium: true });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('sudo apt-get install -y libreoffice-calc-nogui');
    expect(stderr).not.toContain('chromium');
  });

  it('fails when the program is still missing after the install', () => {
    const { status, stderr } = run({ uid: 0, aptGet: 'installs-nothing' });
    expect(status).toBe(1);
    expect(stderr).toContain('`soffice` is still missing');
  });

  it('checks a package by a command or by an absolute path, and names only the missing ones', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'thidua-syspkg-'));
    dirs.push(bin);
    const marker = path.join(bin, 'lib', 'libswlo.so');
    // The same script with another list: one package found by its command, one by a file.
    const script = path.join(bin, 'system-packages.sh');
    writeFileSync(
      script,
      readFileSync(SCRIPT, 'utf8').replace(
        /^PACKAGES=\([\s\S]*?^\)/m,
        `PACKAGES=(\n  "libreoffice-calc-nogui=soffice"\n  "libreoffice-writer-nogui=${marker}"\n)`,
      ),
    );
    fake(bin, 'id', 'echo 1000');
    fake(bin, 'soffice', 'exit 0');
    const asUser = spawnSync(BASH ?? 'bash', [script], { env: { PATH: bin }, encoding: 'utf8' });
    expect(asUser.status).toBe(1);
    expect(asUser.stderr.trim()).toBe(
      'The tests need system packages that are missing; install them with: sudo apt-get install -y libreoffice-writer-nogui',
    );
    fake(bin, 'id', 'echo 0');
    fake(
      bin,
      'apt-get',
      `echo "$*" >> "${bin}/apt-get.log"\nif [ "$1" = install ]; then ${MKDIR} -p "${bin}/lib"; : > "${marker}"; fi`,
    );
    const asRoot = spawnSync(BASH ?? 'bash', [script], { env: { PATH: bin }, encoding: 'utf8' });
    expect(asRoot.status).toBe(0);
    expect(readFileSync(path.join(bin, 'apt-get.log'), 'utf8').trim().split('\n')).toEqual([
      'update -qq',
      'install -y -qq libreoffice-writer-nogui',
    ]);
    expect(existsSync(marker)).toBe(true);
  });
});
