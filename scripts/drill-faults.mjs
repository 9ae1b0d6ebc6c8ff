#!/usr/bin/env node
/**
 * Fault drill: starts the built app (dist/main.js) and breaks its database the way an unlucky operator
 * would, checking that every request answers a clear 503 while the fault lasts, that the app heals when
 * the cause goes away, and that nothing is lost. Prints the figures.
 *
 *   node scripts/drill-faults.mjs [sqlite-locked] [sqlite-read-only] [sqlite-full] [postgres]
 *
 * Without arguments: every scenario. Needs: a build (run first, when the sources changed), root for
 * the read-only (runs the app without CAP_DAC_OVERRIDE, since root writes through any permission), disk-full
 * (a 8 MB tmpfs) and PostgreSQL (a throwaway cluster, `pg_createcluster`) scenarios. Exit code 1 on
 * any failed check; a scenario that cannot run on this machine fails too (no silent skips).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['sqlite-locked', 'sqlite-read-only', 'sqlite-full', 'postgres'];
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const isRoot = process.getuid?.() === 0;
/** Root writes through any file mode: the read-only drill runs the app as root without that power. */
const WITHOUT_DAC_OVERRIDE = ['setpriv', '--bounding-set=-dac_override,-dac_read_search'];

let failures = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** A request with its time, status, headers and parsed body; a network failure is status 0. */
async function request(base, method, url, { token, body } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(base + url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, body: json, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, headers: new Headers(), body: String(error), ms: performance.now() - started };
  }
}

const isErrorShape = (body, status, code) =>
  typeof body === 'object' &&
  body !== null &&
  body.statusCode === status &&
  body.code === code &&
  typeof body.message === 'string' &&
  /[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/.test(body.message);

/** Starts `node dist/main.js` with this environment (as root, optionally without CAP_DAC_OVERRIDE); resolves once /api/health answers. */
async function startApp(env, { respectFileModes = false, expectExit = false } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const command = [process.execPath, path.join(root, 'dist/main.js')];
  if (respectFileModes && isRoot) command.unshift(...WITHOUT_DAC_OVERRIDE);
  const [program = process.execPath, ...args] = command;
  const child = spawn(program, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const app = { child, base, exited, output: () => output, exitCode: undefined };
  void exited.then((code) => (app.exitCode = code));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== undefined) return app;
    if (!expectExit && (await request(base, 'GET', '/api/health')).status !== 0) return app;
    await sleep(200);
  }
  return app;
}

async function stopApp(app) {
  if (app.exitCode === undefined) {
    app.child.kill('SIGTERM');
    await Promise.race([app.exited, sleep(10_000)]);
    if (app.exitCode === undefined) app.child.kill('SIGKILL');
  }
  await app.exited;
}

async function login(base) {
  const response = await request(base, 'POST', '/api/auth/login', {
    body: { username: 'admin', password: 'thidua-admin' },
  });
  return response.body?.token;
}

const unitCount = async (base, token) => {
  const response = await request(base, 'GET', '/api/units', { token });
  return Array.isArray(response.body) ? response.body.length : -1;
};

/** Polls /api/health every 20 ms while `during` runs; returns the slowest answer. */
async function healthLatencyDuring(base, during) {
  let slowest = 0;
  let running = true;
  const poller = (async () => {
    while (running) {
      const { ms } = await request(base, 'GET', '/api/health');
      slowest = Math.max(slowest, ms);
      await sleep(20);
    }
  })();
  const result = await during();
  running = false;
  await poller;
  return { result, slowest };
}

// ---------------------------------------------------------------------------------------------

/** Another process holds SQLite's write lock (BEGIN EXCLUSIVE) for a few seconds. */
async function sqliteLocked() {
  console.log('\n== SQLite: the file locked by another process');
  const folder = mkdtempSync(path.join(tmpdir(), 'thidua-drill-'));
  const file = path.join(folder, 'locked.sqlite');
  const app = await startApp({ SQLITE_PATH: file, DEMO_SEED: 'auto' });
  try {
    const token = await login(app.base);
    check('the app starts and logs in', Boolean(token), app.output().slice(-300));
    const before = await unitCount(app.base, token);

    const holdMs = 6000;
    const locker = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
         db.exec('BEGIN EXCLUSIVE'); db.prepare('UPDATE unit SET note = note WHERE 1 = 0').run();
         console.log('locked'); setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, ${holdMs});`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => locker.stdout.once('data', resolve));
    const lockedAt = performance.now();

    const { result: write, slowest } = await healthLatencyDuring(app.base, () =>
      request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị trong lúc khóa' } }),
    );
    check(
      'a write while locked answers 503 DATABASE_LOCKED with Retry-After',
      write.status === 503 &&
        isErrorShape(write.body, 503, 'DATABASE_LOCKED') &&
        write.headers.get('retry-after') === '5',
      `${write.status} ${write.body?.code} after ${write.ms.toFixed(0)} ms, Retry-After ${write.headers.get('retry-after')}`,
    );
    check(
      'health keeps answering while the write waits',
      slowest < 200,
      `slowest /api/health ${slowest.toFixed(0)} ms`,
    );
    const health = await request(app.base, 'GET', '/api/health');
    check(
      'health says 503 database: "locked"',
      health.status === 503 && health.body.database === 'locked',
      `${health.status} ${JSON.stringify(health.body.database)} in ${health.ms.toFixed(0)} ms`,
    );
    const read = await request(app.base, 'GET', '/api/units', { token });
    check('reading still works while locked', read.status === 200, `${read.status} in ${read.ms.toFixed(0)} ms`);

    await new Promise((resolve) => locker.on('exit', resolve));
    const healed = await request(app.base, 'GET', '/api/health');
    const after = await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị sau khóa' } });
    check(
      'healed once the lock is released',
      healed.status === 200 && after.status === 201,
      `health ${healed.status}, write ${after.status}, ${((performance.now() - lockedAt) / 1000).toFixed(1)} s after the lock was taken`,
    );
    check('nothing lost, nothing half-written', (await unitCount(app.base, token)) === before + 1);
    check('the process stayed up', app.exitCode === undefined);
  } finally {
    await stopApp(app);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The database file made read-only (as root, the app runs without CAP_DAC_OVERRIDE, so file modes hold). */
async function sqliteReadOnly() {
  console.log('\n== SQLite: a read-only database file');
  const folder = mkdtempSync(path.join(tmpdir(), 'thidua-drill-'));
  const file = path.join(folder, 'read-only.sqlite');
  const options = { respectFileModes: true };
  chmodSync(folder, 0o755);
  const env = { SQLITE_PATH: file, DEMO_SEED: 'auto' };
  try {
    let app = await startApp(env, options);
    const token = await login(app.base);
    check(`the app starts${isRoot ? ' (root without CAP_DAC_OVERRIDE)' : ''} and logs in`, Boolean(token), app.output().slice(-300));
    await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị trước khi chỉ đọc' } });
    const before = await unitCount(app.base, token);
    await stopApp(app);

    chmodSync(file, 0o444);
    app = await startApp(env, { ...options, expectExit: true });
    check(
      'the start is refused with a clear message',
      app.exitCode === 1 && /không ghi được/.test(app.output()),
      `exit ${app.exitCode}: ${app.output().trim().split('\n').pop()}`,
    );
    check(
      'no read-only -wal/-shm left behind',
      readdirSync(folder).every((name) => !/-(wal|shm)$/.test(name)),
      readdirSync(folder).join(', '),
    );

    chmodSync(file, 0o644);
    app = await startApp(env, options);
    const token2 = await login(app.base);
    const health = await request(app.base, 'GET', '/api/health');
    const write = await request(app.base, 'POST', '/api/units', {
      token: token2,
      body: { name: 'Đơn vị sau khi sửa quyền' },
    });
    check(
      'healed once the permissions return',
      health.status === 200 && write.status === 201,
      `health ${health.status}, write ${write.status}`,
    );
    check('nothing lost', (await unitCount(app.base, token2)) === before + 1);
    await stopApp(app);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The disk under the SQLite file fills up (an 8 MB tmpfs: needs root). */
async function sqliteFull() {
  console.log('\n== SQLite: disk full');
  const folder = mkdtempSync(path.join(tmpdir(), 'thidua-drill-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', folder], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    check('mount a small tmpfs for the disk-full drill (needs root)', false, mounted.stderr.trim());
    rmSync(folder, { recursive: true, force: true });
    return;
  }
  const file = path.join(folder, 'full.sqlite');
  const filler = path.join(folder, 'filler');
  const app = await startApp({ SQLITE_PATH: file, DEMO_SEED: 'auto' });
  try {
    const token = await login(app.base);
    check('the app starts and logs in', Boolean(token), app.output().slice(-300));
    const before = await unitCount(app.base, token);
    // Fill every remaining byte.
    const block = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    try {
      for (;;) {
        writeFileSync(filler, block, { flag: 'a' });
        written += block.length;
      }
    } catch {
      // ENOSPC: full
    }
    let write;
    for (let i = 0; i < 50; i += 1) {
      write = await request(app.base, 'POST', '/api/units', {
        token,
        body: { name: `Đơn vị khi đầy ${i}`, note: 'x'.repeat(900) },
      });
      if (write.status !== 201) break;
    }
    check(
      'a write on a full disk answers 503 DISK_FULL with Retry-After',
      write.status === 503 && isErrorShape(write.body, 503, 'DISK_FULL') && write.headers.get('retry-after') === '60',
      `${write.status} ${write.body?.code} (filler ${(written / 1024 / 1024).toFixed(1)} MB)`,
    );
    const health = await request(app.base, 'GET', '/api/health');
    check(
      'health says 503 database: "full"',
      health.status === 503 && health.body.database === 'full',
      `${health.status} ${JSON.stringify(health.body.database)}`,
    );
    const counted = await unitCount(app.base, token);

    rmSync(filler);
    const healed = await request(app.base, 'GET', '/api/health');
    const after = await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị sau khi giải phóng' } });
    check(
      'healed once space is freed',
      healed.status === 200 && after.status === 201,
      `health ${healed.status}, write ${after.status}`,
    );
    check(
      'nothing lost',
      (await unitCount(app.base, token)) === counted + 1 && counted >= before,
      `${before} → ${counted} → ${counted + 1}`,
    );
    check('the process stayed up', app.exitCode === undefined);
  } finally {
    await stopApp(app);
    spawnSync('umount', [folder]);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The PostgreSQL server stopped, then started again (a throwaway cluster of its own). */
async function postgres() {
  console.log('\n== PostgreSQL: the server stopped, then started');
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => a - b) : [];
  const version = versions.at(-1);
  const name = `thidua_drill_${process.pid}`;
  const port = await freePort();
  const created = version
    ? spawnSync('pg_createcluster', [version, name, '-p', String(port), '--start', '--', '--auth=trust'], {
        encoding: 'utf8',
      })
    : { status: 1, stderr: 'PostgreSQL is not installed' };
  if (created.status !== 0) {
    check('start a throwaway PostgreSQL (pg_createcluster)', false, created.stderr.trim());
    return;
  }
  const pg = (action) => spawnSync('pg_ctlcluster', [version, name, action], { encoding: 'utf8' });
  let app;
  try {
    for (let i = 0; i < 30; i += 1) {
      if (spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0) break;
      await sleep(300);
    }
    app = await startApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, DEMO_SEED: 'auto' });
    const token = await login(app.base);
    check('the app starts on PostgreSQL and logs in', Boolean(token), app.output().slice(-300));
    await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị trước khi dừng' } });
    const before = await unitCount(app.base, token);

    const stopped = pg('stop');
    check('PostgreSQL stopped', stopped.status === 0, stopped.stderr.trim());
    const downAt = performance.now();
    const health = await request(app.base, 'GET', '/api/health');
    check(
      'health says 503 database: "unreachable"',
      health.status === 503 && health.body.database === 'unreachable' && health.body.code === 'DATABASE_UNREACHABLE',
      `${health.status} ${JSON.stringify(health.body.database)} in ${health.ms.toFixed(0)} ms`,
    );
    const write = await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị khi máy chủ dừng' } });
    check(
      'a write answers 503 DATABASE_UNREACHABLE with Retry-After',
      isErrorShape(write.body, 503, 'DATABASE_UNREACHABLE') && write.headers.get('retry-after') === '10',
      `${write.status} ${write.body?.code} in ${write.ms.toFixed(0)} ms`,
    );
    const loginDown = await request(app.base, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'thidua-admin' },
    });
    check(
      'a login answers 503 DATABASE_UNREACHABLE',
      isErrorShape(loginDown.body, 503, 'DATABASE_UNREACHABLE'),
      `${loginDown.status} ${loginDown.body?.code}`,
    );
    const read = await request(app.base, 'GET', '/api/units', { token });
    check(
      'a read answers 503 DATABASE_UNREACHABLE',
      isErrorShape(read.body, 503, 'DATABASE_UNREACHABLE'),
      `${read.status} ${read.body?.code}`,
    );
    check('the process stayed up', app.exitCode === undefined);

    const started = pg('start');
    check('PostgreSQL started again', started.status === 0, started.stderr.trim());
    let healed;
    const healStart = performance.now();
    for (let i = 0; i < 100; i += 1) {
      healed = await request(app.base, 'GET', '/api/health');
      if (healed.status === 200) break;
      await sleep(100);
    }
    const healMs = performance.now() - healStart;
    const after = await request(app.base, 'POST', '/api/units', { token, body: { name: 'Đơn vị sau khi chạy lại' } });
    check(
      'healed without a restart',
      healed.status === 200 && after.status === 201,
      `health 200 ${healMs.toFixed(0)} ms after the server was back (${((performance.now() - downAt) / 1000).toFixed(1)} s outage), write ${after.status}`,
    );
    check('nothing lost', (await unitCount(app.base, token)) === before + 1);
  } finally {
    if (app) await stopApp(app);
    spawnSync('pg_dropcluster', ['--stop', version, name]);
  }
}

const RUN = { 'sqlite-locked': sqliteLocked, 'sqlite-read-only': sqliteReadOnly, 'sqlite-full': sqliteFull, postgres };
if (!existsSync(path.join(root, 'dist/main.js'))) {
  console.error('dist/main.js is missing: build first (npm run build).');
  process.exit(1);
}
for (const scenario of scenarios) {
  if (!RUN[scenario]) {
    console.error(`Unknown scenario ${scenario}; known: ${ALL.join(', ')}`);
    process.exit(2);
  }
  await RUN[scenario]();
}
mkdirSync(tmpdir(), { recursive: true });
console.log(`\n${failures === 0 ? 'Fault drill passed' : `Fault drill FAILED: ${failures} check(s)`}`);
process.exit(failures === 0 ? 0 : 1);
