#!/usr/bin/env node
/**
 * Writes the benchmark's province into an empty database through the app's own services (the
 * same checks and audit entries as the API, without HTTP):
 *
 *   SQLITE_PATH=… | DATABASE_URL=… node bench/generate.mjs --size full|small [--seed 20261129]
 *
 * Boots the compiled app (dist/) in this process without listening, creates the bench's admin,
 * the units, the clusters, every cluster-year (members, head and deputy, rule set, the 30-leaf
 * scoring table with signed targets) and every unit's results, then the import cluster (its year
 * after the last one, no results). Each cluster's figures come from its own PRNG seeded from --seed,
 * so that the data are the same whether clusters are written one at a time (SQLite) or four at a
 * time (PostgreSQL). Prints one JSON line with the counts and the time taken.
 */
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { BENCH_USER, FIRST_YEAR, RULE_SET, SIZES, prng, province, scoringTable, unitResults } from './province.mjs';

const { values } = parseArgs({
  options: { size: { type: 'string', default: 'full' }, seed: { type: 'string', default: '20261129' } },
});
const size = SIZES[values.size];
if (size === undefined) throw new Error(`--size: full or small, not ${values.size}`);
const seed = Number(values.seed);
const concurrency = process.env.DATABASE_URL ? 4 : 1;

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist');
const load = (file) => import(path.join(dist, file));
const { AppModule } = await load('app.module.js');
const { APP_OPTIONS, configureApp, createHttpAdapter } = await load('app.setup.js');
const { loadConfig } = await load('config/app-config.js');
const { UnitsService } = await load('units/units.service.js');
const { ClustersService } = await load('clusters/clusters.service.js');
const { ClusterYearsService } = await load('covenants/cluster-years.service.js');
const { ResultsService } = await load('results/results.service.js');
const { AccountsService } = await load('accounts/accounts.service.js');

const started = performance.now();
const config = loadConfig({ ...process.env, DEMO_SEED: 'off', LOG_LEVEL: 'error' });
const app = await NestFactory.create(AppModule.forRoot(config), createHttpAdapter(config.trustProxy), {
  ...APP_OPTIONS,
  logger: ['error'],
});
await configureApp(app);
await app.init();

const units = app.get(UnitsService);
const clusters = app.get(ClustersService);
const clusterYears = app.get(ClusterYearsService);
const results = app.get(ResultsService);
await app.get(AccountsService).create({ ...BENCH_USER, displayName: 'Đo hiệu năng', role: 'admin', clusterIds: [] });

const { clusters: provinceClusters, importCluster } = province(size);
const table = scoringTable();
const targetLeaves = table.filter((c) => c.kind === 'target');
let resultRows = 0;
const lastYear = FIRST_YEAR + size.years - 1;

/** The cluster and its units, created one after the other (their ids follow the province's order). */
async function createCluster(spec) {
  const ids = [];
  for (const unit of spec.units) ids.push((await units.create({ code: unit.code, name: unit.name })).id);
  const clusterId = (await clusters.create({ code: spec.code, name: spec.name, kind: spec.kind })).id;
  return { clusterId, ids };
}

/** A cluster-year's body: members, head and deputy, rule set, the table with signed targets on three leaves. */
function yearBody(ids, year, random) {
  return {
    members: ids,
    headUnitId: ids[year % ids.length],
    deputyUnitId: ids[(year + 1) % ids.length],
    nextHeadUnitId: ids[(year + 1) % ids.length],
    nextDeputyUnitId: ids[(year + 2) % ids.length],
    covenantDate: `${year}-03-15`,
    conferenceDate: `${year}-12-05`,
    ruleSet: RULE_SET,
    scoringTable: table.map((c) => ({
      ...c,
      targets: targetLeaves.slice(0, 3).some((t) => t.code === c.code)
        ? ids.map((unitId) => ({ unitId, value: Math.round(c.defaultTarget * (0.9 + 0.2 * random())) }))
        : [],
    })),
  };
}

/** Every year of one cluster, from its own PRNG: the same data in whatever order clusters are written. */
async function fillCluster({ clusterId, ids }, index) {
  const random = prng(seed + index + 1);
  const strength = ids.map(() => random());
  for (let year = FIRST_YEAR; year <= lastYear; year += 1) {
    await clusterYears.put(clusterId, year, yearBody(ids, year, random));
    for (const [i, unitId] of ids.entries()) {
      const entries = unitResults(random, strength[i]);
      await results.put(clusterId, year, unitId, { results: entries });
      resultRows += entries.length;
    }
  }
}

const created = [];
for (const spec of provinceClusters) created.push(await createCluster(spec));
const imported = await createCluster(importCluster);
// PostgreSQL answers each query over a socket: several clusters written at once fill the waits.
// SQLite writes one transaction at a time whatever this does.
const queue = [...created.entries()];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await fillCluster(next[1], next[0]);
  }),
);
await clusterYears.put(imported.clusterId, lastYear + 1, yearBody(imported.ids, lastYear + 1, prng(seed)));

await app.close();
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    clusters: provinceClusters.length,
    units: provinceClusters.length * size.unitsPerCluster,
    years: size.years,
    clusterYears: provinceClusters.length * size.years,
    resultRows,
    criteria: table.filter((c) => c.kind !== undefined).length,
    measuredYear: lastYear,
    importClusterId: imported.clusterId,
    importYear: lastYear + 1,
    importUnits: importCluster.units.length,
    seconds,
  }),
);
