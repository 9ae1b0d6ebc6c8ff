#!/usr/bin/env node
/**
 * The benchmark (a script, not a test): the app against small references, measured in the same run.
 *
 *   npm run bench [-- --db postgres] [--rounds 3] [--seconds 5] [--out bench/results.json]
 *   npm run bench -- --small        a tiny province, one round, about a second per measurement (CI)
 *
 * Generates the province from a fixed seed (40 clusters × 15 units × 10 years × 30 criteria, about
 * 180,000 result rows; with --small 2 × 5 × 2) through the app's own services into a fresh SQLite
 * file, and with `--db postgres` also into a fresh database made on $DATABASE_URL's server (dropped
 * at the end). Then, per database and for every round, interleaving app and reference:
 *
 *   - start to first 200 on /api/health, and idle memory: the app vs. a Fastify hello;
 *   - GET standings and summary (one cluster-year), the year's summary (every cluster) and health with 20 keep-alive connections
 *     (bench/load.mjs, its own process): the app vs. bare node:http answering the bytes the app
 *     answered (bench/ref-http.mjs); the app's memory sampled under that load;
 *   - the overview workbook of the last year from the CLI: wall time and peak memory vs. exceljs's
 *     streaming writer writing the same cells (bench/ref-excel.mjs write), each its own process;
 *   - the same overview over HTTP, warm, vs. that streaming write's own time;
 *   - an import of 200 units × 30 criteria (preview, then apply) vs. exceljs reading the same file.
 *
 * Prints medians with min and max, the ratios and the goals (never fails on a figure), a Markdown
 * table for the README, and writes the results as JSON. Exits 1 only when something fails to run.
 * Loopback only; every child process is killed and the temporary folder removed on the way out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_USER, SIZES, leaves, prng, unitResults } from '../bench/province.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    db: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
const SMALL = args.small;
const ROUNDS = Number(args.rounds ?? (SMALL ? 1 : 3));
const SECONDS = Number(args.seconds ?? (SMALL ? 1 : 5));
const WARMUP = SMALL ? 0.3 : 1;
const CONNECTIONS = Number(args.connections);
const OUT = path.resolve(
  args.out ?? (SMALL ? path.join(os.tmpdir(), 'thidua-bench-small.json') : 'bench/results.json'),
);
const DATABASES = args.db === 'postgres' ? ['sqlite', 'postgres'] : args.db === 'sqlite' ? ['sqlite'] : null;
const TIME_LIMIT_MS = (SMALL ? 3 : 12) * 60_000 * (DATABASES?.length ?? 1);
if (DATABASES === null) fail(`--db: sqlite or postgres, not ${args.db}`);
if (DATABASES.includes('postgres') && !process.env.DATABASE_URL) fail('--db postgres needs DATABASE_URL');
if (![ROUNDS, SECONDS, CONNECTIONS].every((n) => Number.isFinite(n) && n > 0))
  fail('--rounds, --seconds, --connections: positive numbers');

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- processes and clean-up

const children = new Set();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-'));
let pgCleanup = null;

function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}
const deadline = setTimeout(() => {
  console.error(`bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopped`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

/** Starts a child process (output to a log file in tmp); `done` resolves with its exit code. */
function start(command, argv, { env = {}, log, stdout = false } = {}) {
  const child = spawn(command, argv, {
    cwd: root,
    env: { ...process.env, TZ: 'UTC', ...env },
    stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (log) writeFileSync(path.join(tmp, `${log}.log`), err);
      resolve({ code: code ?? (signal ? 128 : 1), out, err });
    });
  });
  child.output = () => out;
  child.label = log;
  child.errorOutput = () => err;
  return child;
}

/** Runs a child to its end (killed after timeoutMs); throws with its error output when it fails. */
async function run(command, argv, options = {}) {
  const startedAt = performance.now();
  const child = start(command, argv, { ...options, stdout: true });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const result = await child.done;
  clearTimeout(timer);
  if (result.code !== 0)
    throw new Error(
      `${argv.filter((a) => !a.startsWith('-') && !a.includes('peak-rss')).join(' ')} failed (${result.code}):\n${result.err.slice(-3000)}`,
    );
  return { ...result, ms: performance.now() - startedAt };
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.done;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs the app's measurement and the reference's, the app first or second: [app, reference]. */
async function interleaved(appFirst, onApp, onRef) {
  if (appFirst) {
    const app = await onApp();
    return [app, await onRef()];
  }
  const ref = await onRef();
  return [await onApp(), ref];
}

const say = (line) => console.log(`   ${line}`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a live process, MB (Linux /proc). */
function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts a server and polls GET /api/health every 5 ms: ms from spawn to its first 200. */
async function startServer(command, argv, env, log) {
  const port = await freePort();
  const startedAt = performance.now();
  const child = start(command, argv, { env: { ...env, PORT: String(port) }, log });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (performance.now() - startedAt > 60_000 || child.exitCode !== null) {
      await stop(child);
      throw new Error(`${log} did not answer /api/health within 60 s:\n${readLog(log)}`);
    }
    try {
      const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return { child, base, port, readyMs: performance.now() - startedAt };
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
}

function readLog(name) {
  const file = path.join(tmp, `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '';
}

// ---------------------------------------------------------------- the app's side

function appEnv(db) {
  return {
    ...db.env,
    DEMO_SEED: 'off',
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
  };
}

const startApp = (db) => startServer(process.execPath, ['dist/main.js'], appEnv(db), `app-${db.name}`);

async function api(base, token, method, url, init = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(120_000),
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

async function login(base) {
  const response = await api(base, null, 'POST', '/api/auth/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_USER),
  });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${response.body}`);
  return response.json().token;
}

/** One load run of bench/load.mjs against url; samples a pid's memory meanwhile when given. */
async function load(url, token, samplePid) {
  const argv = [
    'bench/load.mjs',
    '--url',
    url,
    '--connections',
    String(CONNECTIONS),
    '--seconds',
    String(SECONDS),
    '--warmup',
    String(WARMUP),
  ];
  if (token) argv.push('--header', `authorization: Bearer ${token}`);
  let peak = 0;
  const sampler = samplePid
    ? setInterval(() => {
        peak = Math.max(peak, rssMb(samplePid) ?? 0);
      }, 100)
    : null;
  // Requests still in flight at the end are awaited: a slow route can take a while to drain.
  const result = await run(process.execPath, argv, { timeoutMs: (SECONDS + WARMUP) * 1000 + 180_000 });
  if (sampler) clearInterval(sampler);
  const figures = JSON.parse(result.out);
  if (figures.errors > 0) throw new Error(`load on ${url}: ${result.out}`);
  return { ...figures, rssPeakMb: samplePid ? peak : null };
}

/** The CLI (or any node script) as its own process: wall ms, peak RSS MB, its stdout. */
async function timedNode(argv, env) {
  const rssFile = path.join(tmp, `rss-${Math.random().toString(36).slice(2)}`);
  const result = await run(process.execPath, ['--import', './bench/peak-rss.mjs', ...argv], {
    env: { ...env, BENCH_PEAK_RSS_FILE: rssFile },
    timeoutMs: 300_000,
  });
  const peakMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  return { ms: result.ms, peakMb, out: result.out };
}

/** Fills the import cluster's entry workbook: every scored cell of every unit, values from `seed`. */
async function filledWorkbook(template, seed) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template);
  const sheet = workbook.getWorksheet('Kết quả');
  const header = new Map();
  sheet.getRow(1).eachCell((cell, col) => header.set(String(cell.value), col));
  const [unitCol, codeCol, actualCol, selfCol] = ['Mã đơn vị', 'Mã tiêu chí', 'Kết quả thực hiện', 'Điểm tự chấm'].map(
    (h) => {
      if (!header.has(h)) throw new Error(`entry workbook: no column "${h}"`);
      return header.get(h);
    },
  );
  const random = prng(seed);
  const byUnit = new Map();
  let cells = 0;
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const unit = row.getCell(unitCol).value;
    const code = row.getCell(codeCol).value;
    if (typeof unit !== 'string' || typeof code !== 'string') return;
    if (!byUnit.has(unit)) byUnit.set(unit, new Map(unitResults(random, random()).map((e) => [e.criterionCode, e])));
    const entry = byUnit.get(unit).get(code);
    if (entry === undefined) return;
    if (entry.actual !== undefined) row.getCell(actualCol).value = entry.actual;
    if (entry.selfScore !== undefined) row.getCell(selfCol).value = entry.selfScore;
    cells += 1;
  });
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), units: byUnit.size, cells };
}

async function postImport(base, token, url, file) {
  const form = new FormData();
  form.append(
    'file',
    new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    'nhap-thu.xlsx',
  );
  const startedAt = performance.now();
  const response = await api(base, token, 'POST', url, { body: form });
  const ms = performance.now() - startedAt;
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`import ${url}: ${response.status} ${response.body.toString().slice(0, 1000)}`);
  return { ms, body: response.json() };
}

// ---------------------------------------------------------------- databases

async function prepareDatabase(name) {
  if (name === 'sqlite') return { name, env: { SQLITE_PATH: path.join(tmp, 'bench.sqlite'), DATABASE_URL: '' } };
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const database = `thidua_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  pgCleanup = async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
    pgCleanup = null;
  };
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${database}`;
  return { name, env: { DATABASE_URL: url.toString(), SQLITE_PATH: '' } };
}

// ---------------------------------------------------------------- one database, every round

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Median, min and max of a round's figures (a run that measured nothing, e.g. no p99, is left out). */
const stats = (runs) => {
  const xs = runs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (xs.length === 0) return { median: null, min: null, max: null, runs };
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs };
};

/**
 * What the reads answer on the app just started: the paths, a check that the standings make sense,
 * and the bytes (status, headers, body) for the node:http reference.
 */
async function captureReads(app, token, size, year, file) {
  const list = (await api(app.base, token, 'GET', '/api/clusters')).json();
  const target = list.find((c) => c.code === `CUM${String(Math.ceil(size.clusters / 2)).padStart(2, '0')}`);
  const importCluster = list.find((c) => c.code === 'NHAP-THU');
  if (!target || !importCluster) throw new Error(`GET /api/clusters: generated clusters not found`);
  const paths = {
    standings: `/api/clusters/${target.id}/years/${year}/standings`,
    summary: `/api/clusters/${target.id}/years/${year}/summary`,
    yearSummary: `/api/years/${year}/summary`,
    health: '/api/health',
  };
  const captured = {};
  for (const [key, url] of Object.entries(paths)) {
    const response = await api(app.base, key === 'health' ? null : token, 'GET', url);
    if (response.status !== 200)
      throw new Error(`GET ${url}: ${response.status} ${response.body.toString().slice(0, 500)}`);
    const headers = {};
    response.headers.forEach((value, name) => {
      if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
    });
    captured[url] = { status: 200, headers, body: response.body.toString('base64') };
  }
  const bytes = (key) => Buffer.from(captured[paths[key]].body, 'base64');
  const standings = JSON.parse(bytes('standings').toString('utf8'));
  const ranks = standings.rows.map((r) => r.rank).sort((a, b) => a - b);
  if (
    standings.rows.length !== size.unitsPerCluster ||
    ranks[0] !== 1 ||
    standings.rows.some((r) => r.leavesEntered !== 30)
  ) {
    throw new Error(
      `standings of ${target.code} ${year} do not look right: ${JSON.stringify(standings).slice(0, 500)}`,
    );
  }
  writeFileSync(file, JSON.stringify(captured));
  say(
    `reads: ${target.code} ${year}, ${standings.rows.length} units, ranks ${ranks[0]}–${ranks.at(-1)}; ` +
      `${bytes('standings').length} B standings, ${bytes('summary').length} B summary, ` +
      `${bytes('yearSummary').length} B year summary`,
  );
  return { paths, target, importCluster };
}

async function benchDatabase(dbName) {
  const db = await prepareDatabase(dbName);
  const size = SIZES[SMALL ? 'small' : 'full'];
  console.log(
    `\n== ${dbName}: generating the province (${size.clusters} clusters × ${size.unitsPerCluster} units × ${size.years} years × 30 criteria)`,
  );
  const generated = await run(process.execPath, ['bench/generate.mjs', '--size', SMALL ? 'small' : 'full'], {
    env: appEnv(db),
    timeoutMs: 8 * 60_000,
  });
  const province = JSON.parse(generated.out.trim().split('\n').at(-1));
  console.log(`   ${province.resultRows} result rows in ${province.seconds.toFixed(1)} s`);
  const year = province.measuredYear;

  const m = {};
  const add = (key, value) => (m[key] ??= []).push(value);
  const capturedFile = path.join(tmp, 'captured.json');
  const overviewApp = path.join(tmp, 'overview-app.xlsx');
  const overviewRef = path.join(tmp, 'overview-ref.xlsx');
  const cellsFile = path.join(tmp, 'overview-cells.json');
  const cliArgs = ['dist/cli.js', 'overview', '--year', String(year), '--out', overviewApp];
  let app = null;
  let token = null;
  let reads = null;
  let overviewSheets = 0;
  let importCells = 0;

  for (let round = 1; round <= ROUNDS; round += 1) {
    const appFirst = round % 2 === 1;
    const busy = os.loadavg()[0];
    add('loadAverage', busy);
    console.log(
      `-- round ${round}/${ROUNDS} (${appFirst ? 'app' : 'reference'} first; load average ${busy.toFixed(2)}` +
        `${busy > os.cpus().length * 0.5 ? ': other work is running on this machine, the figures will be noisy' : ''})`,
    );

    // Start-up and idle memory.
    const startFastify = async () => {
      const hello = await startServer(process.execPath, ['bench/ref-fastify.mjs'], {}, 'fastify');
      await sleep(SMALL ? 200 : 1000);
      add('readyRef', hello.readyMs);
      add('idleRef', rssMb(hello.child.pid));
      await stop(hello.child);
    };
    const startTheApp = async () => {
      app = await startApp(db);
      add('readyApp', app.readyMs);
      token = await login(app.base);
      await sleep(SMALL ? 200 : 1000);
      add('idleApp', rssMb(app.child.pid));
    };
    await interleaved(appFirst, startTheApp, startFastify);
    say(
      `ready: app ${fmt(m.readyApp.at(-1))} ms (idle ${fmt(m.idleApp.at(-1))} MB), ` +
        `Fastify hello ${fmt(m.readyRef.at(-1))} ms (idle ${fmt(m.idleRef.at(-1))} MB)`,
    );
    reads ??= await captureReads(app, token, size, year, capturedFile);
    const { paths } = reads;
    const importUrl = `/api/clusters/${reads.importCluster.id}/years/${province.importYear}`;

    // Reads under load.
    const ref = start(process.execPath, ['bench/ref-http.mjs', capturedFile], { stdout: true, log: 'ref-http' });
    for (let i = 0; i < 100 && !ref.output().includes('port'); i += 1) await sleep(20);
    const refBase = `http://127.0.0.1:${JSON.parse(ref.output()).port}`;
    for (const key of ['standings', 'summary', 'yearSummary', 'health']) {
      const onApp = () =>
        load(`${app.base}${paths[key]}`, key === 'health' ? null : token, key === 'health' ? null : app.child.pid);
      const onRef = () => load(`${refBase}${paths[key]}`, null, null);
      const [appRun, r] = await interleaved(appFirst, onApp, onRef);
      add(`${key}App`, appRun);
      add(`${key}Ref`, r);
      if (appRun.rssPeakMb) add('loadRss', appRun.rssPeakMb);
      say(`${key}: app ${fmt(appRun.rps)} req/s (p99 ${fmt(appRun.p99, 1)} ms), node:http ${fmt(r.rps)} req/s`);
      // Not counted in req/s (a 503 shed under overload is no answer to the read); said here, in the
      // table's last column and in the JSON.
      if (appRun.non2xx > 0) {
        say(`WARNING ${paths[key]}: answers not counted (status: how many) ${JSON.stringify(appRun.statuses)}`);
      }
    }
    await stop(ref);

    // The overview workbook from the CLI, against the same cells through the streaming writer.
    const cli = () => timedNode(cliArgs, appEnv(db));
    const refWrite = async () => {
      if (!existsSync(cellsFile)) {
        // Round 1 runs the app first: the cells to write are those of the workbook it just wrote.
        await run(process.execPath, ['bench/ref-excel.mjs', 'capture', overviewApp, cellsFile]);
        overviewSheets = JSON.parse(readFileSync(cellsFile, 'utf8')).length;
      }
      return timedNode(['bench/ref-excel.mjs', 'write', cellsFile, overviewRef], {});
    };
    const [cliRun, w] = await interleaved(appFirst, cli, refWrite);
    add('overviewCli', cliRun.ms);
    add('overviewCliRss', cliRun.peakMb);
    add('overviewRef', w.ms);
    add('overviewRefRss', w.peakMb);
    add('overviewRefWrite', JSON.parse(w.out).ms);
    say(
      `overview CLI: ${fmt(cliRun.ms / 1000, 2)} s, ${fmt(cliRun.peakMb)} MB; streaming writer ${fmt(w.ms / 1000, 2)} s, ${fmt(w.peakMb)} MB`,
    );

    // The overview over HTTP, warm: one request first, then three timed.
    const overviewUrl = `/api/years/${year}/report.xlsx`;
    for (let i = 0; i < 4; i += 1) {
      const startedAt = performance.now();
      const response = await api(app.base, token, 'GET', overviewUrl);
      if (response.status !== 200)
        throw new Error(`GET ${overviewUrl}: ${response.status} ${response.body.toString().slice(0, 500)}`);
      if (i > 0) add('overviewHttp', performance.now() - startedAt);
    }
    say(
      `overview over HTTP: ${m.overviewHttp
        .slice(-3)
        .map((x) => fmt(x))
        .join(', ')} ms`,
    );

    // Import: a fresh template filled with new values each round, previewed then applied.
    let template = await api(app.base, token, 'GET', `${importUrl}/entry-template.xlsx`);
    if (template.status === 503) {
      // "Try again later": said (with what the app logged) and done once, as a user would.
      say(`WARNING entry template: 503 ${template.body.toString().slice(0, 300)}`);
      say(`the app's last output:\n${app.child.errorOutput().slice(-3000)}`);
      await sleep(Number(template.headers.get('retry-after') ?? 5) * 1000);
      template = await api(app.base, token, 'GET', `${importUrl}/entry-template.xlsx`);
    }
    if (template.status !== 200)
      throw new Error(`entry template: ${template.status} ${template.body.toString().slice(0, 500)}`);
    const filled = await filledWorkbook(template.body, 1000 + round);
    importCells = filled.cells;
    if (filled.units !== province.importUnits || filled.cells !== filled.units * 30) {
      throw new Error(`entry workbook: ${filled.units} units, ${filled.cells} cells filled`);
    }
    const file = path.join(tmp, `import-${round}.xlsx`);
    writeFileSync(file, filled.buffer);
    const doImport = async () => {
      const preview = await postImport(app.base, token, `${importUrl}/import`, filled.buffer);
      if (!preview.body.canApply || !preview.body.previewToken)
        throw new Error(`import preview cannot apply: ${JSON.stringify(preview.body).slice(0, 500)}`);
      const apply = await postImport(
        app.base,
        token,
        `${importUrl}/import?dryRun=false&previewToken=${encodeURIComponent(preview.body.previewToken)}`,
        filled.buffer,
      );
      if (!apply.body.applied) throw new Error(`import not applied: ${JSON.stringify(apply.body).slice(0, 500)}`);
      return { preview: preview.ms, apply: apply.ms };
    };
    const readRef = async () => JSON.parse((await run(process.execPath, ['bench/ref-excel.mjs', 'read', file])).out).ms;
    const [imported, r1] = await interleaved(appFirst, doImport, readRef);
    add('importPreview', imported.preview);
    add('importTotal', imported.preview + imported.apply);
    add('importRef', r1);
    say(
      `import of ${filled.cells} cells: preview ${fmt(imported.preview)} ms + apply ${fmt(imported.apply)} ms; exceljs read ${fmt(r1)} ms`,
    );

    await stop(app.child);
  }
  return {
    db: dbName,
    province,
    target: { code: reads.target.code, year },
    importCells,
    m,
    overviewSheets,
  };
}

// ---------------------------------------------------------------- report

const fmt = (x, digits = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (s, digits, scale = 1) =>
  s.median === null
    ? 'nothing measured'
    : `${fmt(s.median * scale, digits)} (${fmt(s.min * scale, digits)}–${fmt(s.max * scale, digits)})`;

/** The table's rows for one database: each with app and reference figures, ratio, goal, met. */
function rows(result) {
  const { m } = result;
  const S = (key, pick = (x) => x) => stats(m[key].map(pick));
  const out = [];
  /**
   * One row: the ratio of the medians app/reference, and the goal as a bound on that ratio
   * (minRatio, maxRatio) or on the app's own median (maxApp, in the row's unit).
   */
  const compare = (
    work,
    unit,
    app,
    ref,
    digits,
    { scale = 1, better = 'lower', minRatio, maxRatio, maxApp, note = null } = {},
  ) => {
    const ratio = ref && app.median !== null && ref.median ? app.median / ref.median : null;
    let goal = null;
    let met = null;
    if (minRatio !== undefined) [goal, met] = [`≥ ${minRatio}×`, ratio !== null && ratio >= minRatio];
    if (maxRatio !== undefined) [goal, met] = [`≤ ${maxRatio}×`, ratio !== null && ratio <= maxRatio];
    if (maxApp !== undefined)
      [goal, met] = [`≤ ${maxApp} ${unit}`, app.median !== null && app.median * scale <= maxApp];
    out.push({ work, unit, app, ref, digits, scale, ratio, better: ref ? better : null, goal, met, note });
  };
  const reads = [
    ['standings', 'GET standings', 0.6],
    ['summary', 'GET summary', 0.6],
    ['yearSummary', `GET the year's summary (organizer's overview, ${result.province.clusters} clusters)`, 0.6],
    ['health', 'GET health', 0.8],
  ];
  for (const [key, label, minRatio] of reads) {
    const [app, ref] = [`${key}App`, `${key}Ref`];
    const refused = {};
    for (const run of m[app]) {
      for (const [status, n] of Object.entries(run.statuses ?? {})) refused[status] = (refused[status] ?? 0) + n;
    }
    const note = Object.keys(refused).length
      ? `not counted: ${Object.entries(refused)
          .map(([status, n]) => `${n} × ${status}`)
          .join(', ')}`
      : null;
    compare(
      `${label}, ${CONNECTIONS} connections`,
      'req/s',
      S(app, (x) => x.rps),
      S(ref, (x) => x.rps),
      0,
      {
        better: 'higher',
        minRatio,
        note,
      },
    );
    if (key !== 'health')
      compare(
        `${label}, p99`,
        'ms',
        S(app, (x) => x.p99),
        S(ref, (x) => x.p99),
        1,
      );
  }
  const seconds = { scale: 1 / 1000 };
  const clusters = `${result.province.clusters} clusters`;
  compare(`overview workbook, ${clusters} (CLI, whole process)`, 's', S('overviewCli'), S('overviewRef'), 2, {
    ...seconds,
    maxRatio: 1.5,
  });
  compare('overview workbook (CLI), peak RSS', 'MB', S('overviewCliRss'), S('overviewRefRss'), 0, { maxApp: 300 });
  compare('overview over HTTP (warm) vs. the streaming write alone', 'ms', S('overviewHttp'), S('overviewRefWrite'), 0);
  const imported = `import, ${result.province.importUnits} units × 30 criteria`;
  compare(`${imported} (preview + apply)`, 's', S('importTotal'), S('importRef'), 2, { ...seconds, maxRatio: 2 });
  compare(`${imported}, preview alone`, 's', S('importPreview'), S('importRef'), 2, seconds);
  compare('start to first 200 on /api/health (vs. a Fastify hello)', 's', S('readyApp'), S('readyRef'), 2, {
    ...seconds,
    maxRatio: 2,
  });
  compare('RSS idle (vs. a bare Fastify idle)', 'MB', S('idleApp'), S('idleRef'), 0, { maxApp: 120 });
  compare('RSS under read load (standings, summaries)', 'MB', S('loadRss'), null, 0);
  return out;
}

function markdown(result, table) {
  const lines = [
    `| work (${result.db}) | app: median (min–max) | reference: median (min–max) | ratio app/ref | goal | |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of table) {
    const ratio =
      r.ratio === null ? '' : `${r.ratio < 0.1 ? r.ratio.toPrecision(2) : r.ratio.toFixed(2)}× (${r.better} is better)`;
    lines.push(
      `| ${r.work} | ${spread(r.app, r.digits, r.scale)} ${r.unit} | ${r.ref ? `${spread(r.ref, r.digits, r.scale)} ${r.unit}` : '–'} | ${ratio} | ${r.goal ?? ''} | ${[r.met === null ? '' : r.met ? 'met' : '**not met**', r.note ?? ''].filter(Boolean).join('; ')} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

const startedAt = performance.now();
let exitCode = 0;
const results = [];
try {
  await run(process.execPath, ['scripts/built.mjs'], { timeoutMs: 180_000 });
  console.log(
    `bench: ${SMALL ? 'SMALL province (CI), ' : ''}${ROUNDS} round(s), ${SECONDS} s per load run after ${WARMUP} s warm-up, ` +
      `${CONNECTIONS} connections; ${os.cpus().length} cores shared by the load generator and the server (loopback)`,
  );
  for (const dbName of DATABASES) {
    try {
      results.push(await benchDatabase(dbName));
    } finally {
      if (pgCleanup)
        await pgCleanup().catch((e) => console.error(`bench: dropping the PostgreSQL database: ${e.message}`));
    }
  }
} catch (error) {
  console.error(`bench: ${error.stack ?? error}`);
  for (const child of children) {
    if (child.label?.startsWith('app'))
      console.error(`-- ${child.label}, its last output:\n${child.errorOutput().slice(-4000)}`);
  }
  exitCode = 1;
}

const totalSeconds = (performance.now() - startedAt) / 1000;
if (results.length > 0) {
  const report = {
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? null,
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      note: 'load generator, server and references share the cores; loopback only',
    },
    settings: { small: SMALL, rounds: ROUNDS, seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS },
    totalSeconds,
    databases: results.map((result) => ({
      db: result.db,
      province: result.province,
      measured: result.target,
      importCells: result.importCells,
      non2xxUnderLoad: Object.fromEntries(
        ['standings', 'summary', 'yearSummary', 'health'].map((k) => [
          k,
          result.m[`${k}App`].reduce((n, x) => n + x.non2xx, 0),
        ]),
      ),
      loadAverageAtEachRound: result.m.loadAverage.map((x) => Number(x.toFixed(2))),
      overviewSheets: result.overviewSheets,
      rows: rows(result).map(({ digits: _d, scale, ...r }) => ({
        ...r,
        app: scaled(r.app, scale),
        ref: r.ref ? scaled(r.ref, scale) : null,
      })),
    })),
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\n${os.cpus().length} cores (client and server share them), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; medians of ${ROUNDS} round(s), min–max in brackets.\n`,
  );
  for (const result of results) console.log(`${markdown(result, rows(result))}\n`);
  console.log(
    `results: ${path.relative(root, OUT).startsWith('..') ? OUT : path.relative(root, OUT)}; total ${totalSeconds.toFixed(0)} s`,
  );
}
process.exit(exitCode);

function scaled(s, scale) {
  const f = (x) => (x === null ? null : Number((x * scale).toPrecision(6)));
  return { median: f(s.median), min: f(s.min), max: f(s.max), runs: s.runs.map(f) };
}
