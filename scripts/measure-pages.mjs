#!/usr/bin/env node
/**
 * How long each page takes the server, and how many database queries it makes, on the demo data.
 *
 *   npm run build && node scripts/measure-pages.mjs [--runs 30]
 *
 * Boots the compiled app in this process on a throwaway SQLite file with the demo data, signs in
 * each role with a session cookie, requests every page RUNS times through Fastify's inject (server
 * time only, no network), and prints per page the median and 95th percentile in milliseconds and
 * the queries of one request. A figure to read, not a test: it exits 0 whatever it measures. The
 * issue's aim is under 50 ms a page and a handful of queries.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const { AppModule } = await import(path.join(dist, 'app.module.js'));
const { APP_OPTIONS, configureApp, createHttpAdapter } = await import(path.join(dist, 'app.setup.js'));
const { loadConfig } = await import(path.join(dist, 'config', 'app-config.js'));

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg < 0 ? 30 : Number(process.argv[runsArg + 1]);
process.env.TZ = 'UTC';

const dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-pages-'));
const config = { ...loadConfig({ SQLITE_PATH: path.join(dir, 'pages.sqlite'), DEMO_SEED: 'auto', LOG_LEVEL: 'error' }) };
const app = await NestFactory.create(AppModule.forRoot(config), createHttpAdapter(config.trustProxy), {
  ...APP_OPTIONS,
  logger: ['error'],
});
await configureApp(app);
await app.init();
await app.getHttpAdapter().getInstance().ready();

// Counts the queries sent to the database (SQLite: the one shared query runner).
const { getDataSourceToken } = await import('@nestjs/typeorm');
const dataSource = app.get(getDataSourceToken());
const runner = dataSource.driver.createQueryRunner('master');
let queries = 0;
const query = runner.query;
runner.query = function counted(...args) {
  queries += 1;
  return query.apply(this, args);
};

async function cookieFor(username, password) {
  const response = await app.inject({ method: 'POST', url: '/api/auth/session', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`${username}: ${response.statusCode} ${response.body}`);
  return String(response.headers['set-cookie']).split(';')[0];
}

const pages = [
  ['lanhdao', 'thidua-lanhdao', '/tong-quan?nam=2021'],
  ['lanhdao', 'thidua-lanhdao', '/cum'],
  ['lanhdao', 'thidua-lanhdao', '/cum/1/nam/2021'],
  ['lanhdao', 'thidua-lanhdao', '/cum/1/nam/2022'],
  ['lanhdao', 'thidua-lanhdao', '/cum/1/nam/2021/don-vi/1'],
  ['lanhdao', 'thidua-lanhdao', '/dang-nhap'],
  ['thuky.cum5', 'thidua-thuky', '/cum/1/nam/2021/nhap-ket-qua'],
  ['thuky.cum5', 'thidua-thuky', '/cum/1/nam/2021/nhap-ket-qua/don-vi/1'],
  ['thuky.cum5', 'thidua-thuky', '/cum/1/nam/2021/nhap-excel'],
  ['thuky.cum5', 'thidua-thuky', '/cum/1/nam/2021/thiet-lap'],
  ['thuky.cum5', 'thidua-thuky', '/cum/1/nam/2021/chot-so-lieu'],
  ['lanhdao', 'thidua-lanhdao', '/cum/1/nam/2021/lich-su'],
  ['baocao', 'thidua-baocao', '/bao-cao'],
  ['admin', 'thidua-admin', '/quan-tri/tai-khoan'],
  ['admin', 'thidua-admin', '/quan-tri/don-vi'],
];

const cookies = new Map();
console.log(`page (${RUNS} requests each, server time)`.padEnd(52) + 'median ms   p95 ms   queries   status');
for (const [username, password, url] of pages) {
  if (!cookies.has(username)) cookies.set(username, await cookieFor(username, password));
  const headers = { cookie: cookies.get(username) };
  const times = [];
  let status = 0;
  let perRequest = 0;
  for (let i = 0; i < RUNS + 3; i += 1) {
    const before = queries;
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url, headers });
    const ms = performance.now() - started;
    status = response.statusCode;
    perRequest = queries - before;
    if (i >= 3) times.push(ms); // the first requests warm the template cache
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
  console.log(
    `${url} (${username})`.padEnd(52) +
      `${median.toFixed(1).padStart(6)}   ${p95.toFixed(1).padStart(6)}   ${String(perRequest).padStart(7)}   ${status}`,
  );
}
await app.close();
rmSync(dir, { recursive: true, force: true });
