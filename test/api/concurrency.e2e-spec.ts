/**
 * Optimistic concurrency: units, clusters, cluster-years and a unit's results carry a `version`.
 * A write that sends the version it read goes through once; a second write from the same version
 * gets 409 VERSION_CONFLICT with the resource as it is now in `current`, and writes nothing. A
 * write without `version` goes through. Checked on one app (sequential and simultaneous writes),
 * and on two app instances sharing one database (a temporary SQLite file, or a fresh PostgreSQL
 * database when DATABASE_URL is set): simultaneous writes, and many clients retrying on 409 with
 * no update lost. Also: a write racing with finalize lands either before it or not at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseConfig } from '../../src/config/app-config.js';
import { api, createTestApp, type ApiResponse } from '../test-app.js';
import { testDatabaseConfig } from '../test-database.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear, ruleSetBody } from '../factories/cluster-year.factory.js';
import { createUnit, createUnits, type Api } from '../factories/units.factory.js';
import { auditAll, auditTotal } from '../factories/audit-trail.factory.js';

type Body = Record<string, any>;

/** A results body: 1.1 actual value, 1.2 self score (simpleScoringTable). */
const results = (actual: number, self: number, extra: Body = {}): Body => ({
  results: [
    { criterionCode: '1.1', actual },
    { criterionCode: '1.2', selfScore: self },
  ],
  ...extra,
});

/** 409 VERSION_CONFLICT in the error shape, with `current`. */
const expectConflict = (response: ApiResponse, expectedVersion: number): void => {
  expect(response.status).toBe(409);
  expect(response.body).toMatchObject({ statusCode: 409, code: 'VERSION_CONFLICT' });
  expect(Object.keys(response.body).sort()).toEqual(['code', 'current', 'message', 'statusCode']);
  expect(String(response.body.message)).toContain(String(expectedVersion));
};

/** Exactly one 200 and one 409 VERSION_CONFLICT; returns [winner, loser]. */
const oneWinsOneConflicts = (responses: ApiResponse[]): [ApiResponse, ApiResponse] => {
  expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
  const winner = responses.find((r) => r.status === 200) as ApiResponse;
  const loser = responses.find((r) => r.status === 409) as ApiResponse;
  expect(loser.body.code).toBe('VERSION_CONFLICT');
  return [winner, loser];
};

/** The versioned resources, by the name the test titles use. */
const RESOURCES = [
  "a unit's results (PUT)",
  'a unit (PATCH)',
  'a cluster (PATCH)',
  'an existing cluster-year (PUT)',
] as const;
type ResourceName = (typeof RESOURCES)[number];

/** One kind of versioned resource: where it is read, and how a write with a given marker looks. */
interface Resource {
  readonly url: () => string;
  readonly write: (client: Api, body: Body) => Promise<ApiResponse>;
  /** A valid body that differs for each marker (a small positive integer). */
  readonly body: (marker: number) => Body;
  /** The part of a representation that the marker changes. */
  readonly marked: (representation: Body) => unknown;
  /** That part after a write with this marker. */
  readonly expected: (marker: number) => unknown;
}

describe('optimistic concurrency', () => {
  describe('on one app', () => {
    let app: NestFastifyApplication;
    let admin: Api;
    let units: number[];
    let clusterId: number;
    let resources: Record<ResourceName, Resource>;

    beforeAll(async () => {
      app = await createTestApp();
      admin = api(app);
      units = await createUnits(admin, 3, 'Ban Tuyên giáo Quận');
      clusterId = await createCluster(admin, { code: 'VER-1', name: 'Cụm phiên bản' });
      await putClusterYear(admin, clusterId, 2024, clusterYearBody(units));
      expect(
        (await admin.put(`/api/clusters/${clusterId}/years/2024/results/${units[0]}`, results(50, 20))).status,
      ).toBe(200);
      const yearUrl = `/api/clusters/${clusterId}/years/2024`;
      resources = {
        "a unit's results (PUT)": {
          url: () => `${yearUrl}/results/${units[0]}`,
          write: (client, body) => client.put(`${yearUrl}/results/${units[0]}`, body),
          body: (marker) => results(marker, marker % 40),
          marked: (r) => [r.results[0].actual, r.results[1].selfScore],
          expected: (marker) => [marker, marker % 40],
        },
        'a unit (PATCH)': {
          url: () => `/api/units/${units[1]}`,
          write: (client, body) => client.patch(`/api/units/${units[1]}`, body),
          body: (marker) => ({ note: `Ghi chú ${marker}` }),
          marked: (r) => r.note,
          expected: (marker) => `Ghi chú ${marker}`,
        },
        'a cluster (PATCH)': {
          url: () => `/api/clusters/${clusterId}`,
          write: (client, body) => client.patch(`/api/clusters/${clusterId}`, body),
          body: (marker) => ({ name: `Cụm phiên bản ${marker}` }),
          marked: (r) => r.name,
          expected: (marker) => `Cụm phiên bản ${marker}`,
        },
        'an existing cluster-year (PUT)': {
          url: () => yearUrl,
          write: (client, body) => client.put(yearUrl, body),
          body: (marker) =>
            clusterYearBody(units, {
              ruleSet: ruleSetBody({ thresholds: { excellent: 90, good: 70, completed: 10 + marker } }),
            }),
          marked: (r) => r.ruleSet.thresholds.completed,
          expected: (marker) => 10 + marker,
        },
      };
    });

    afterAll(async () => {
      await app.close();
    });

    it.each(RESOURCES)(
      '%s: the version read → 200; a second write from it → 409 with the first writer’s values in `current`, nothing written',
      async (name) => {
        const resource = resources[name];
        const read = await admin.get(resource.url());
        expect(read.status).toBe(200);
        const v = read.body.version as number;
        expect(Number.isInteger(v) && v >= 1).toBe(true);

        const first = await resource.write(admin, { ...resource.body(1), version: v });
        expect(first.status).toBe(200);
        expect(first.body.version).toBe(v + 1);
        expect(resource.marked(read.body)).not.toEqual(resource.expected(1));
        expect(resource.marked(first.body)).toEqual(resource.expected(1));
        const stored = (await admin.get(resource.url())).body;
        expect(stored).toEqual(first.body);

        const audits = await auditTotal(admin);
        const second = await resource.write(admin, { ...resource.body(2), version: v });
        expectConflict(second, v);
        expect(second.body.current).toEqual(stored);
        expect(resource.marked(second.body.current)).toEqual(resource.expected(1));
        expect((await admin.get(resource.url())).body).toEqual(stored);
        expect(await auditTotal(admin)).toBe(audits);

        // a version from the future is no better
        expectConflict(await resource.write(admin, { ...resource.body(3), version: v + 7 }), v + 7);
        expect((await admin.get(resource.url())).body).toEqual(stored);

        // re-read and write again: goes through
        const retry = await resource.write(admin, { ...resource.body(4), version: second.body.current.version });
        expect(retry.status).toBe(200);
        expect(retry.body.version).toBe(v + 2);
        expect(resource.marked(retry.body)).toEqual(resource.expected(4));

        // without a version the write goes through, and still bumps the version
        const blind = await resource.write(admin, resource.body(5));
        expect(blind.status).toBe(200);
        expect(blind.body.version).toBe(v + 3);
        expect(resource.marked(blind.body)).toEqual(resource.expected(5));
        expect(await auditTotal(admin)).toBe(audits + 2);
      },
    );

    it.each([
      [RESOURCES[0], 'not a number', 'abc'],
      [RESOURCES[0], 'zero', 0],
      [RESOURCES[1], 'a fraction', 1.5],
      [RESOURCES[2], 'negative', -1],
      [RESOURCES[3], 'a string of digits', '2'],
    ] as [ResourceName, string, unknown][])(
      '%s: a version that is %s → 400 VALIDATION_FAILED on version',
      async (name, _label, version) => {
        const resource = resources[name];
        const before = (await admin.get(resource.url())).body;
        const response = await resource.write(admin, { ...resource.body(6), version });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
        expect(Object.keys(response.body.errors)).toEqual(['version']);
        expect((await admin.get(resource.url())).body).toEqual(before);
      },
    );

    it.each(RESOURCES)(
      '%s: two simultaneous writes from the same version → one 200 and one 409 whose `current` is the winner’s',
      async (name) => {
        const resource = resources[name];
        for (let round = 0; round < 3; round += 1) {
          const v = (await admin.get(resource.url())).body.version as number;
          const audits = await auditTotal(admin);
          const markers = [10 + 2 * round, 11 + 2 * round];
          const responses = await Promise.all(
            markers.map((marker) => resource.write(admin, { ...resource.body(marker), version: v })),
          );
          const [winner, loser] = oneWinsOneConflicts(responses);
          expect(winner.body.version).toBe(v + 1);
          const stored = (await admin.get(resource.url())).body;
          expect(stored).toEqual(winner.body);
          expect(loser.body.current).toEqual(stored);
          const winnerMarker = markers[responses.indexOf(winner)];
          expect(resource.marked(stored)).toEqual(resource.expected(winnerMarker));
          expect(await auditTotal(admin)).toBe(audits + 1);
        }
      },
    );

    describe('writes racing with finalize', () => {
      let year = 2030;
      let clusterYearUrl: string;

      /** A fresh open year with results for every unit. */
      const freshYear = async (): Promise<void> => {
        year += 1;
        clusterYearUrl = `/api/clusters/${clusterId}/years/${year}`;
        await putClusterYear(admin, clusterId, year, clusterYearBody(units));
        for (const [i, unitId] of units.entries()) {
          expect((await admin.put(`${clusterYearUrl}/results/${unitId}`, results(40 + 10 * i, 10 + i))).status).toBe(
            200,
          );
        }
      };

      it('two simultaneous finalizes: one 200, one 409 CLUSTER_YEAR_FINALIZED; one snapshot, one audit entry', async () => {
        for (let round = 0; round < 3; round += 1) {
          await freshYear();
          const responses = await Promise.all([
            admin.post(`${clusterYearUrl}/finalize`, {}),
            admin.post(`${clusterYearUrl}/finalize`, {}),
          ]);
          expect(responses.map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([
            [200, null],
            [409, 'CLUSTER_YEAR_FINALIZED'],
          ]);
          const finalizes = (await auditAll(admin, { clusterId, year })).filter((e) => e.action === 'finalize');
          expect(finalizes).toHaveLength(1);
        }
      });

      it('results written while the year is being finalized: either in the snapshot, or refused', async () => {
        for (let round = 0; round < 3; round += 1) {
          await freshYear();
          const [finalized, written] = await Promise.all([
            admin.post(`${clusterYearUrl}/finalize`, {}),
            admin.put(`${clusterYearUrl}/results/${units[0]}`, results(100, 40)),
          ]);
          expect(finalized.status).toBe(200);
          expect([200, 409]).toContain(written.status);
          if (written.status === 409) expect(written.body.code).toBe('CLUSTER_YEAR_FINALIZED');
          const snapshot = (await admin.get(`${clusterYearUrl}/snapshot`)).body;
          expect(snapshot.status).toBe('finalized');
          // what is stored now is what was adopted
          expect(snapshot.changesSince).toEqual([]);
        }
      });

      it('a cluster-year PUT racing with finalize lands before it, or is refused', async () => {
        for (let round = 0; round < 3; round += 1) {
          await freshYear();
          const [finalized, written] = await Promise.all([
            admin.post(`${clusterYearUrl}/finalize`, {}),
            admin.put(clusterYearUrl, clusterYearBody(units, { conferenceDate: `${year}-12-20` })),
          ]);
          expect(finalized.status).toBe(200);
          const entries = await auditAll(admin, { clusterId, year, entityType: 'cluster-year' });
          const finalize = entries.find((e) => e.action === 'finalize');
          const update = entries.find((e) => e.action === 'update');
          if (written.status === 200) {
            // it happened before the finalize
            expect(update && finalize && update.id < finalize.id).toBe(true);
          } else {
            expect(written.body).toMatchObject({ statusCode: 409, code: 'CLUSTER_YEAR_FINALIZED' });
            expect(update).toBeUndefined();
          }
          expect((await admin.get(clusterYearUrl)).body.status).toBe('finalized');
        }
      });
    });
  });

  describe('on two app instances sharing one database', () => {
    let directory: string | null = null;
    let database: DatabaseConfig;
    let appA: NestFastifyApplication;
    let appB: NestFastifyApplication;
    let clientA: Api;
    let clientB: Api;
    let units: number[];
    let clusterId: number;
    const resultsUrl = (unitId: number): string => `/api/clusters/${clusterId}/years/2024/results/${unitId}`;

    beforeAll(async () => {
      if (process.env.DATABASE_URL) {
        database = await testDatabaseConfig();
      } else {
        directory = mkdtempSync(path.join(tmpdir(), 'thidua-concurrency-'));
        database = { type: 'sqlite', path: path.join(directory, 'shared.sqlite') };
      }
      appA = await createTestApp({ database });
      appB = await createTestApp({ database });
      clientA = api(appA);
      clientB = api(appB);
      units = await createUnits(clientA, 2, 'Ban Tuyên giáo Huyện');
      clusterId = await createCluster(clientA, { code: 'VER-2', name: 'Cụm hai máy chủ' });
      await putClusterYear(clientA, clusterId, 2024, clusterYearBody(units));
    });

    afterAll(async () => {
      await appA?.close();
      await appB?.close();
      if (directory) rmSync(directory, { recursive: true, force: true });
    });

    it('both instances see the same data', async () => {
      const fromB = await clientB.get(`/api/clusters/${clusterId}/years/2024`);
      expect(fromB.status).toBe(200);
      expect(fromB.body).toEqual((await clientA.get(`/api/clusters/${clusterId}/years/2024`)).body);
      const created = await createUnit(clientB, 'Đơn vị tạo ở máy chủ B');
      expect((await clientA.get(`/api/units/${created}`)).status).toBe(200);
    });

    it('both read the same version and write different values at once: one 200, one 409; the winner’s values are stored', async () => {
      const url = resultsUrl(units[0]);
      for (let round = 0; round < 6; round += 1) {
        const [readA, readB] = await Promise.all([clientA.get(url), clientB.get(url)]);
        expect(readA.body.version).toBe(readB.body.version);
        const v = readA.body.version as number;
        const audits = await auditTotal(clientA);
        const bodies = [results(10 + round, 5), results(60 + round, 35)];
        // alternate who is sent first
        const order = round % 2 === 0 ? [clientA, clientB] : [clientB, clientA];
        const responses = await Promise.all(order.map((client, i) => client.put(url, { ...bodies[i], version: v })));
        const [winner, loser] = oneWinsOneConflicts(responses);
        const winnerBody = bodies[responses.indexOf(winner)];
        expect(winner.body.version).toBe(v + 1);
        expect(winner.body.results.map((r: Body) => r.actual ?? r.selfScore)).toEqual(
          winnerBody.results.map((r: Body) => r.actual ?? r.selfScore),
        );
        const storedA = (await clientA.get(url)).body;
        const storedB = (await clientB.get(url)).body;
        expect(storedA).toEqual(winner.body);
        expect(storedB).toEqual(winner.body);
        expect(loser.body.current).toEqual(winner.body);
        expect(await auditTotal(clientB)).toBe(audits + 1);
      }
    });

    it('the same for a unit PATCHed from both instances: the loser’s `current` is the winner’s unit', async () => {
      const url = `/api/units/${units[1]}`;
      for (let round = 0; round < 4; round += 1) {
        const v = (await clientB.get(url)).body.version as number;
        const responses = await Promise.all([
          clientA.patch(url, { version: v, note: `A${round}` }),
          clientB.patch(url, { version: v, note: `B${round}` }),
        ]);
        const [winner, loser] = oneWinsOneConflicts(responses);
        expect(winner.body.note).toBe(responses[0] === winner ? `A${round}` : `B${round}`);
        expect((await clientA.get(url)).body).toEqual(winner.body);
        expect(loser.body.current).toEqual(winner.body);
      }
    });

    it('no update is lost: four clients on two instances each add 1 ten times, re-reading and retrying on 409', async () => {
      const CLIENTS = 4;
      const ROUNDS = 10;
      const resultsOf = resultsUrl(units[1]);
      const unitUrl = `/api/units/${units[1]}`;
      expect((await clientA.put(resultsOf, results(0, 0))).status).toBe(200);
      expect((await clientA.patch(unitUrl, { note: '' })).status).toBe(200);
      const startVersion = (await clientA.get(resultsOf)).body.version as number;
      const auditsBefore = await auditTotal(clientA, { entityType: 'results', unitId: units[1] });
      const clients = Array.from({ length: CLIENTS }, (_, i) => (i % 2 === 0 ? clientA : clientB));
      const tally = { ok: 0, conflicts: 0, other: [] as unknown[] };

      /** Reads, changes, writes with the version read; on 409 reads again. */
      const retrying = async (client: Api, url: string, change: (current: Body) => Body, write: 'put' | 'patch') => {
        for (let attempt = 0; attempt < 500; attempt += 1) {
          const current = (await client.get(url)).body;
          const response = await client[write](url, { ...change(current), version: current.version });
          if (response.status === 200) {
            tally.ok += 1;
            return;
          }
          if (response.status === 409 && response.body.code === 'VERSION_CONFLICT') tally.conflicts += 1;
          else {
            tally.other.push([response.status, response.body]);
            return;
          }
        }
        throw new Error('too many conflicts');
      };

      await Promise.all(
        clients.map(async (client, c) => {
          for (let round = 0; round < ROUNDS; round += 1) {
            await retrying(client, resultsOf, (current) => results(current.results[0].actual + 1, 0), 'put');
            await retrying(client, unitUrl, (current) => ({ note: `${current.note ?? ''}[${c}.${round}]` }), 'patch');
          }
        }),
      );

      expect(tally.other).toEqual([]);
      expect(tally.ok).toBe(2 * CLIENTS * ROUNDS);
      // the clients did get in each other's way
      expect(tally.conflicts).toBeGreaterThan(0);
      const final = (await clientB.get(resultsOf)).body;
      expect(final.results[0].actual).toBe(CLIENTS * ROUNDS);
      expect(final.version).toBe(startVersion + CLIENTS * ROUNDS);
      const note = String((await clientA.get(unitUrl)).body.note);
      const markers = note.match(/\[\d+\.\d+\]/g) ?? [];
      expect(markers).toHaveLength(CLIENTS * ROUNDS);
      const expected = clients.flatMap((_, c) => Array.from({ length: ROUNDS }, (__, r) => `[${c}.${r}]`));
      expect([...markers].sort()).toEqual([...expected].sort());
      // each client's own marks are in its order
      for (let c = 0; c < CLIENTS; c += 1) {
        const own = markers.filter((m) => m.startsWith(`[${c}.`));
        expect(own).toEqual(Array.from({ length: ROUNDS }, (_, r) => `[${c}.${r}]`));
      }
      // one audit entry per successful write of the results, none for the refused ones
      expect(await auditTotal(clientB, { entityType: 'results', unitId: units[1] })).toBe(
        auditsBefore + CLIENTS * ROUNDS,
      );
    }, 30_000);
  });
});
