import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';
import { clusterBody, createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnit } from '../factories/units.factory.js';

describe('units and clusters: create, read, update, list', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('units', () => {
    let quan1: number;
    let merged: number;

    it('creates a unit from a name: one open-ended name, nothing else', async () => {
      const response = await client.post('/api/units', { name: '  Ban Tuyên giáo Quận 1  ', note: 'Đơn vị mẫu' });
      expect(response.status).toBe(201);
      quan1 = response.body.id;
      expect(response.body).toMatchObject({
        code: null,
        name: 'Ban Tuyên giáo Quận 1', // trimmed
        names: [{ name: 'Ban Tuyên giáo Quận 1', validFrom: null, validTo: null }],
        note: 'Đơn vị mẫu',
        womenShares: [],
        predecessors: [],
        successors: [],
      });
      expect(Number.isInteger(quan1) && quan1 > 0).toBe(true);
      expect(Number.isNaN(Date.parse(response.body.createdAt))).toBe(false);
      expect((await client.get(`/api/units/${quan1}`)).body).toEqual(response.body);
    });

    it('creates a unit with a name history, a code and women shares; the current name is the open one', async () => {
      const response = await client.post('/api/units', {
        code: 'TG-TD',
        names: [
          { name: 'Ban Tuyên giáo Quận 2', validTo: '2020-12-31' },
          { name: 'Ban Tuyên giáo TP Thủ Đức', validFrom: '2021-01-01' },
        ],
        womenShares: [
          { year: 2024, percent: 72.5 },
          { year: 2023, percent: 68 },
        ],
      });
      expect(response.status).toBe(201);
      merged = response.body.id;
      expect(response.body).toMatchObject({
        code: 'TG-TD',
        name: 'Ban Tuyên giáo TP Thủ Đức',
        names: [
          { name: 'Ban Tuyên giáo Quận 2', validFrom: null, validTo: '2020-12-31' },
          { name: 'Ban Tuyên giáo TP Thủ Đức', validFrom: '2021-01-01', validTo: null },
        ],
        womenShares: [
          { year: 2023, percent: 68 },
          { year: 2024, percent: 72.5 },
        ],
      });
      expect((await client.get(`/api/units/${merged}`)).body).toEqual(response.body);
    });

    it('rejects a name history whose periods overlap', async () => {
      const response = await client.post('/api/units', {
        names: [
          { name: 'Tên cũ', validTo: '2021-06-30' },
          { name: 'Tên mới', validFrom: '2021-01-01' },
        ],
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.errors)).toEqual(['names']);
    });

    it('patches code and note, leaving the rest as it was', async () => {
      const before = (await client.get(`/api/units/${quan1}`)).body;
      const response = await client.patch(`/api/units/${quan1}`, { code: 'TG-Q1', note: 'Cụm trưởng 2021' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        ...before,
        code: 'TG-Q1',
        note: 'Cụm trưởng 2021',
        updatedAt: expect.any(String),
        version: before.version + 1,
      });
      expect((await client.get(`/api/units/${quan1}`)).body).toEqual(response.body);

      const cleared = await client.patch(`/api/units/${quan1}`, { note: null });
      expect(cleared.body).toMatchObject({ code: 'TG-Q1', note: null });
    });

    it('renames from a date: the old name ends the day before, the new one is current', async () => {
      const response = await client.patch(`/api/units/${quan1}`, {
        rename: { name: 'Ban Tuyên giáo và Dân vận Quận 1', from: '2025-03-01' },
      });
      expect(response.status).toBe(200);
      expect(response.body.name).toBe('Ban Tuyên giáo và Dân vận Quận 1');
      expect(response.body.names).toEqual([
        { name: 'Ban Tuyên giáo Quận 1', validFrom: null, validTo: '2025-02-28' },
        { name: 'Ban Tuyên giáo và Dân vận Quận 1', validFrom: '2025-03-01', validTo: null },
      ]);
      // a second rename that does not start after the current name's start is refused
      const again = await client.patch(`/api/units/${quan1}`, { rename: { name: 'Tên khác', from: '2025-03-01' } });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('VALIDATION_FAILED');
      expect((await client.get(`/api/units/${quan1}`)).body.names).toEqual(response.body.names);
    });

    it('updates women shares per year: adds, changes, and removes with null', async () => {
      const added = await client.patch(`/api/units/${quan1}`, {
        womenShares: [
          { year: 2024, percent: 75 },
          { year: 2025, percent: 60 },
        ],
      });
      expect(added.status).toBe(200);
      expect(added.body.womenShares).toEqual([
        { year: 2024, percent: 75 },
        { year: 2025, percent: 60 },
      ]);
      const changed = await client.patch(`/api/units/${quan1}`, {
        womenShares: [
          { year: 2025, percent: 70.25 },
          { year: 2024, percent: null },
        ],
      });
      expect(changed.status).toBe(200);
      expect(changed.body.womenShares).toEqual([{ year: 2025, percent: 70.25 }]);
    });

    it('links predecessors; the predecessor shows the successor', async () => {
      const response = await client.patch(`/api/units/${merged}`, {
        predecessors: [{ unitId: quan1, kind: 'merger', effectiveOn: '2025-07-01' }],
      });
      expect(response.status).toBe(200);
      expect(response.body.predecessors).toEqual([{ unitId: quan1, kind: 'merger', effectiveOn: '2025-07-01' }]);
      expect(response.body.successors).toEqual([]);
      const predecessor = (await client.get(`/api/units/${quan1}`)).body;
      expect(predecessor.successors).toEqual([{ unitId: merged, kind: 'merger', effectiveOn: '2025-07-01' }]);
      expect(predecessor.predecessors).toEqual([]);

      // the list is replaced, not appended to
      const replaced = await client.patch(`/api/units/${merged}`, { predecessors: [] });
      expect(replaced.body.predecessors).toEqual([]);
      expect((await client.get(`/api/units/${quan1}`)).body.successors).toEqual([]);

      // a unit cannot be its own predecessor
      const self = await client.patch(`/api/units/${merged}`, {
        predecessors: [{ unitId: merged, kind: 'succession' }],
      });
      expect(self.status).toBe(400);
      expect(Object.keys(self.body.errors)).toEqual(['predecessors[0].unitId']);
    });

    it('lists units with the name of a given year', async () => {
      const other = await createUnit(client, 'Ban Tuyên giáo Quận Bình Thạnh');
      const now = (await client.get('/api/units')).body;
      expect(now).toEqual([
        { id: quan1, code: 'TG-Q1', name: 'Ban Tuyên giáo và Dân vận Quận 1' },
        { id: merged, code: 'TG-TD', name: 'Ban Tuyên giáo TP Thủ Đức' },
        { id: other, code: null, name: 'Ban Tuyên giáo Quận Bình Thạnh' },
      ]);
      const in2020 = (await client.get('/api/units?year=2020')).body;
      expect(in2020).toEqual([
        { id: quan1, code: 'TG-Q1', name: 'Ban Tuyên giáo Quận 1' },
        { id: merged, code: 'TG-TD', name: 'Ban Tuyên giáo Quận 2' },
        { id: other, code: null, name: 'Ban Tuyên giáo Quận Bình Thạnh' },
      ]);
      // in 2025 the rename of 1 March is in force on 31 December
      expect((await client.get('/api/units?year=2025')).body[0].name).toBe('Ban Tuyên giáo và Dân vận Quận 1');
      expect((await client.get('/api/units?year=2024')).body[0].name).toBe('Ban Tuyên giáo Quận 1');
    });

    it('searches by name or code, case-insensitively, in the chosen year', async () => {
      const ids = async (query: string): Promise<number[]> =>
        (await client.get(`/api/units?${query}`)).body.map((unit: { id: number }) => unit.id);
      expect(await ids(`q=${encodeURIComponent('thủ đức')}`)).toEqual([merged]);
      expect(await ids('q=tg-q1')).toEqual([quan1]);
      expect(await ids(`q=${encodeURIComponent('DÂN VẬN')}`)).toEqual([quan1]);
      expect(await ids(`q=${encodeURIComponent('Quận 2')}`)).toEqual([]);
      expect(await ids(`q=${encodeURIComponent('Quận 2')}&year=2019`)).toEqual([merged]);
      expect(await ids('q=nowhere')).toEqual([]);
    });
  });

  describe('clusters', () => {
    let clusterId: number;

    it('creates a cluster and a bloc, with their labels', async () => {
      const response = await client.post('/api/clusters', {
        code: 'CUM5',
        name: 'Cụm thi đua số 5',
        kind: 'cluster',
        description: 'Các ban tuyên giáo quận, huyện',
      });
      expect(response.status).toBe(201);
      clusterId = response.body.id;
      expect(response.body).toMatchObject({
        code: 'CUM5',
        name: 'Cụm thi đua số 5',
        kind: 'cluster',
        kindLabel: 'Cụm thi đua',
        description: 'Các ban tuyên giáo quận, huyện',
        years: [],
      });
      expect((await client.get(`/api/clusters/${clusterId}`)).body).toEqual(response.body);

      const bloc = await client.post(
        '/api/clusters',
        clusterBody({ code: 'KHOI1', name: 'Khối các cơ quan', kind: 'bloc' }),
      );
      expect(bloc.status).toBe(201);
      expect(bloc.body).toMatchObject({ kind: 'bloc', kindLabel: 'Khối thi đua', description: null });
    });

    it('patches name, kind and description, keeping the code', async () => {
      const response = await client.patch(`/api/clusters/${clusterId}`, {
        name: 'Khối thi đua số 5',
        kind: 'bloc',
        description: null,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: clusterId,
        code: 'CUM5',
        name: 'Khối thi đua số 5',
        kind: 'bloc',
        kindLabel: 'Khối thi đua',
        description: null,
      });
      expect((await client.get(`/api/clusters/${clusterId}`)).body).toEqual(response.body);
      // a cluster may keep its own code
      const same = await client.patch(`/api/clusters/${clusterId}`, { code: 'CUM5' });
      expect(same.status).toBe(200);
    });

    it('lists clusters by code, each with the years it has', async () => {
      const units = [
        await createUnit(client, 'Đơn vị A'),
        await createUnit(client, 'Đơn vị B'),
        await createUnit(client, 'Đơn vị C'),
      ];
      const created = await putClusterYear(client, clusterId, 2024, clusterYearBody(units));
      expect(created).toMatchObject({ year: 2024, members: units, headUnitId: units[0], deputyUnitId: units[1] });
      // PUT again: replaced (200), not created
      const replaced = await client.put(`/api/clusters/${clusterId}/years/2024`, clusterYearBody(units.slice(0, 2)));
      expect(replaced.status).toBe(200);
      expect(replaced.body.members).toEqual(units.slice(0, 2));
      const first = await client.put(`/api/clusters/${clusterId}/years/2022`, clusterYearBody(units));
      expect(first.status).toBe(201);

      const another = await createCluster(client, { code: 'A-CUM', name: 'Cụm A' });
      const list = (await client.get('/api/clusters')).body;
      expect(list.map((c: { code: string }) => c.code)).toEqual(['A-CUM', 'CUM5', 'KHOI1']);
      expect(list[0]).toMatchObject({ id: another, years: [] });
      expect(list[1]).toMatchObject({
        id: clusterId,
        years: [
          { year: 2022, status: 'open' },
          { year: 2024, status: 'open' },
        ],
      });
      expect((await client.get(`/api/clusters/${clusterId}`)).body.years).toEqual(list[1].years);
    });
  });
});
