#!/usr/bin/env node
/**
 * Drill: does the server stay responsive while it reads the largest import a cluster-year allows?
 *
 *   node scripts/drill-uploads.mjs [--units 100] [--criteria 100]
 *
 * Starts the compiled app (dist/main.js; `npm run build` first) on a throwaway SQLite file with the
 * demo data, creates a cluster-year of UNITS units × CRITERIA criteria (10,000 result rows by
 * default), downloads its entry workbook, fills every row, then previews and applies the import
 * while GET /api/health is polled every 20 ms; then downloads the workbook again (all rows filled),
 * corrects every row and imports it once more (stored results, base values, every row changed). Then sends three hostile files at once (a zip bomb,
 * 2 million rows, a lying header) and more imports at once than IMPORT_MAX_CONCURRENT allows. Prints the
 * import times, the health latencies (max, p99) and every status; exits 1 when health ever took
 * 100 ms or more, failed, or an answer was not the expected one. Not a CI step (about a minute).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const UNITS = arg('units', 100);
const CRITERIA = arg('criteria', 100);
const YEAR = 2030;
const HEALTH_BUDGET_MS = 100;

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-drill-uploads-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
  cwd: root,
  env: { ...process.env, PORT: String(port), SQLITE_PATH: path.join(dir, 'drill.sqlite'), DEMO_SEED: 'auto', LOG_LEVEL: 'warn', TZ: 'UTC' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => {
  app.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);

for (let i = 0; ; i += 1) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 120) throw new Error('the app did not start');
  await new Promise((r) => setTimeout(r, 250));
}

const login = await (
  await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'thidua-admin' }),
  })
).json();
const auth = { authorization: `Bearer ${login.token}` };
const json = async (method, url, body) => {
  const response = await fetch(base + url, {
    method,
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
};

console.log(`== setting up a cluster-year of ${UNITS} units × ${CRITERIA} criteria`);
const stamp = Date.now().toString(36).toUpperCase();
const units = [];
for (let i = 1; i <= UNITS; i += 1) {
  units.push((await json('POST', '/api/units', { name: `Đơn vị diễn tập ${i}`, code: `D${stamp}-${i}` })).id);
}
const cluster = (await json('POST', '/api/clusters', { name: `Cụm diễn tập ${stamp}`, code: `DT${stamp}`, kind: 'cluster' })).id;
const scoringTable = Array.from({ length: CRITERIA }, (_, i) => ({
  code: `${i + 1}`,
  title: `Tiêu chí diễn tập ${i + 1}`,
  kind: 'graded',
  method: 'direct',
  // Whole points adding up to 100.
  maxPoints: i < CRITERIA - 1 ? Math.floor(100 / CRITERIA) : 100 - Math.floor(100 / CRITERIA) * (CRITERIA - 1),
}));
await json('PUT', `/api/clusters/${cluster}/years/${YEAR}`, {
  members: units,
  headUnitId: units[0],
  deputyUnitId: units[1],
  ruleSet: {
    thresholds: { excellent: 90, good: 70, completed: 50 },
    vetoCap: 'COMPLETED',
    tieBreakers: [{ kind: 'targets-met' }],
    displayDecimals: 2,
  },
  scoringTable,
});

async function fetchTemplate() {
  const response = await fetch(`${base}/api/clusters/${cluster}/years/${YEAR}/entry-template.xlsx`, { headers: auth });
  if (!response.ok) throw new Error(`template: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
async function open(content) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content);
  return { workbook, sheet: workbook.getWorksheet('Kết quả') };
}
const { workbook, sheet } = await open(await fetchTemplate());
let filled = 0;
for (let row = 2; row <= sheet.rowCount; row += 1) {
  if (!sheet.getCell(row, 1).value) continue;
  sheet.getCell(row, 10).value = row % 2 === 0 ? 1 : 0;
  sheet.getCell(row, 13).value = `Ghi chú diễn tập dòng ${row}`;
  filled += 1;
}
const file = Buffer.from(await workbook.xlsx.writeBuffer());
console.log(`entry workbook: ${filled} rows filled, ${(file.length / 1024).toFixed(0)} KB`);

const multipart = (content, name = 'dien-tap.xlsx') => {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  return form;
};
const post = async (url, content) => {
  const started = performance.now();
  const response = await fetch(base + url, { method: 'POST', headers: auth, body: multipart(content) });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, body, ms: performance.now() - started, retryAfter: response.headers.get('retry-after') };
};

/** Polls /api/health every 20 ms while `work` runs; returns its result and the latencies. */
async function whilePolling(work) {
  const latencies = [];
  const failures = [];
  let done = false;
  let slowest = { ms: 0, at: 0 };
  const begun = performance.now();
  const poller = (async () => {
    while (!done) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}/api/health`);
        await response.text();
        if (!response.ok) failures.push(response.status);
      } catch (error) {
        failures.push(String(error));
      }
      const took = performance.now() - started;
      latencies.push(took);
      if (took > slowest.ms) slowest = { ms: took, at: started - begun };
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const result = await work();
  const workMs = performance.now() - begun;
  done = true;
  await poller;
  latencies.sort((a, b) => a - b);
  const max = latencies.at(-1) ?? 0;
  const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
  return { result, max, p99, count: latencies.length, failures, slowestAt: slowest.at, workMs };
}

const problems = [];
const report = (label, polled) => {
  console.log(
    `${label}: health polled ${polled.count}×, max ${polled.max.toFixed(1)} ms (asked ${polled.slowestAt.toFixed(0)} ms into ${polled.workMs.toFixed(0)} ms), p99 ${polled.p99.toFixed(1)} ms` +
      (polled.failures.length ? `, FAILED ${polled.failures.join(', ')}` : ''),
  );
  if (polled.max >= HEALTH_BUDGET_MS) problems.push(`${label}: health took ${polled.max.toFixed(1)} ms`);
  if (polled.failures.length) problems.push(`${label}: health failed`);
};

console.log('== the largest import of this cluster-year, health polled every 20 ms');
const url = `/api/clusters/${cluster}/years/${YEAR}/import`;
const preview = await whilePolling(() => post(url, file));
console.log(`preview: HTTP ${preview.result.status} in ${preview.result.ms.toFixed(0)} ms — ${preview.result.body.message?.slice(0, 120)}`);
report('preview', preview);
if (preview.result.status !== 200) problems.push(`preview answered ${preview.result.status}`);
const token = encodeURIComponent(preview.result.body.previewToken ?? '');
const applied = await whilePolling(() => post(`${url}?dryRun=false&previewToken=${token}`, file));
console.log(`apply: HTTP ${applied.result.status} in ${applied.result.ms.toFixed(0)} ms — ${applied.result.body.message?.slice(0, 120)}`);
report('apply', applied);
if (applied.result.status !== 200) problems.push(`apply answered ${applied.result.status}`);

console.log('== the same again on stored results: a new workbook, every row corrected, previewed and applied');
// Polled while the app makes the file, not while this script opens it (that would block the poller).
const downloaded = await whilePolling(() => fetchTemplate());
report('entry workbook download (every row filled)', downloaded);
const again = await open(downloaded.result);
for (let row = 2; row <= again.sheet.rowCount; row += 1) {
  if (!again.sheet.getCell(row, 1).value) continue;
  again.sheet.getCell(row, 10).value = row % 2 === 0 ? 0 : 1;
  again.sheet.getCell(row, 13).value = `Ghi chú sửa lại dòng ${row}`;
}
const againFile = Buffer.from(await again.workbook.xlsx.writeBuffer());
const repreview = await whilePolling(() => post(url, againFile));
console.log(`preview: HTTP ${repreview.result.status} in ${repreview.result.ms.toFixed(0)} ms — ${repreview.result.body.message?.slice(0, 120)}`);
report('re-import preview', repreview);
if (repreview.result.status !== 200) problems.push(`re-import preview answered ${repreview.result.status}`);
const retoken = encodeURIComponent(repreview.result.body.previewToken ?? '');
const reapplied = await whilePolling(() => post(`${url}?dryRun=false&previewToken=${retoken}`, againFile));
console.log(`apply: HTTP ${reapplied.result.status} in ${reapplied.result.ms.toFixed(0)} ms — ${reapplied.result.body.message?.slice(0, 120)}`);
report('re-import apply', reapplied);
if (reapplied.result.status !== 200) problems.push(`re-import apply answered ${reapplied.result.status}`);

console.log('== hostile files at once (zip bomb, 2 million rows, lying header), health polled');
const entries = (archive) => {
  const out = [];
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = archive.readUInt32LE(end + 16);
  for (let n = archive.readUInt16LE(end + 10); n > 0; n -= 1) {
    const nameLength = archive.readUInt16LE(at + 28);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const local = archive.readUInt32LE(at + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + archive.readUInt32LE(at + 20));
    out.push({ name, data: archive.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data });
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return out;
};
const zip = (parts) => {
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const { name, data, declared } of parts) {
    const compressed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data) >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared ?? data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc32(data) >>> 0, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(declared ?? data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, compressed);
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
};
const original = entries(file);
const sheetName = original.find((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name)).name;
const replace = (name, data, declared) => zip([...original.filter((e) => e.name !== name), { name, data, declared }]);
const manyRows = Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(2_000_000)}</sheetData></worksheet>`);
const hostile = {
  'zip bomb (hidden 256 MB entry)': zip([...original, { name: 'xl/media/x.bin', data: Buffer.alloc(256 * 1024 * 1024) }]),
  '2 million rows': replace(sheetName, manyRows),
  'lying header': replace(sheetName, manyRows, 100_000),
};
const attack = await whilePolling(() =>
  Promise.all(Object.entries(hostile).map(async ([name, content]) => [name, content.length, await post(url, content)])),
);
for (const [name, size, r] of attack.result) {
  console.log(`${name} (${(size / 1024).toFixed(0)} KB): HTTP ${r.status} ${r.body.code} in ${r.ms.toFixed(0)} ms`);
  if (r.status !== 413) problems.push(`${name}: ${r.status}`);
}
report('hostile files', attack);

const concurrency = Math.max(1, Math.min(2, os.availableParallelism() - 1));
console.log(`== more imports than IMPORT_MAX_CONCURRENT (default here: ${concurrency}, as ${os.availableParallelism()} cores) at once`);
const crowd = await whilePolling(() => Promise.all([1, 2, 3, 4].map(() => post(url, file))));
const statuses = crowd.result.map((r) => `${r.status}${r.retryAfter ? ` (Retry-After ${r.retryAfter})` : ''}`);
console.log(`4 simultaneous previews: ${statuses.join(', ')}`);
if (crowd.result.filter((r) => r.status === 200).length !== concurrency) problems.push(`not ${concurrency} of 4 previews read`);
if (!crowd.result.some((r) => r.status === 503 && r.retryAfter)) problems.push('no 503 with Retry-After beyond the bound');
report('concurrent imports', crowd);

console.log(problems.length === 0 ? '== drill passed' : `== drill FAILED:\n  - ${problems.join('\n  - ')}`);
process.exit(problems.length === 0 ? 0 : 1);
