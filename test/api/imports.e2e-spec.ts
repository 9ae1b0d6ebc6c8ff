/**
 * Result-entry workbook and import: download the year's entry workbook, fill it as a user would,
 * import it, and the standings and results equal those of the same data entered with PUT …/results
 * in a twin cluster-year; the same after LibreOffice re-saves the file. Every bad file is refused
 * with its message and changes nothing; the errors workbook marks exactly the bad cells.
 *
 * Table: I › 1.1 target proportional ≥ (30, default 100; U1 signed 95, U2 90), 1.2 target
 * all-or-nothing ≤ (10, default 2), 1.3 target relative-to-leader ≥ (20, default 50);
 * II › 2.1 graded direct (20), 2.2 graded per-occurrence 5/lần (10), 2.3 graded yes/no (10);
 * 3.1 bonus per-occurrence 1/lần (5); 3.2 penalty direct (5).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type ExcelJS from 'exceljs';
import { runImportCommand } from '../../src/imports/import.cli.js';
import { api } from '../test-app.js';
import { createTestApp } from '../test-app.js';
import { auditTotal, latestAudit, whoAmI } from '../factories/audit-trail.factory.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnits } from '../factories/units.factory.js';
import {
  downloadTemplate,
  fillWorkbook,
  loadWorkbook,
  multipart,
  previewAndApply,
  resaveWithLibreOffice,
  rowOf,
  upload,
  type Entry,
} from '../factories/workbook.factory.js';

type Body = Record<string, any>;

const TABLE = [
  { code: 'I', title: 'Công tác chuyên môn' },
  {
    code: '1.1',
    title: 'Tỷ lệ đảng viên học tập nghị quyết',
    parentCode: 'I',
    kind: 'target',
    method: 'proportional',
    direction: 'at-least',
    maxPoints: 30,
    defaultTarget: 100,
    unitOfMeasure: '%',
  },
  {
    code: '1.2',
    title: 'Số báo cáo nộp trễ',
    parentCode: 'I',
    kind: 'target',
    method: 'all-or-nothing',
    direction: 'at-most',
    maxPoints: 10,
    defaultTarget: 2,
    unitOfMeasure: 'báo cáo',
  },
  {
    code: '1.3',
    title: 'Số tin bài tuyên truyền',
    parentCode: 'I',
    kind: 'target',
    method: 'relative-to-leader',
    direction: 'at-least',
    maxPoints: 20,
    defaultTarget: 50,
  },
  { code: 'II', title: 'Công tác phối hợp' },
  { code: '2.1', title: 'Chất lượng báo cáo', parentCode: 'II', kind: 'graded', method: 'direct', maxPoints: 20 },
  {
    code: '2.2',
    title: 'Tập huấn',
    parentCode: 'II',
    kind: 'graded',
    method: 'per-occurrence',
    maxPoints: 10,
    pointsPerOccurrence: 5,
  },
  {
    code: '2.3',
    title: 'Có sơ kết 6 tháng',
    parentCode: 'II',
    kind: 'graded',
    method: 'all-or-nothing',
    maxPoints: 10,
  },
  { code: '3.1', title: 'Sáng kiến', kind: 'bonus', method: 'per-occurrence', maxPoints: 5, pointsPerOccurrence: 1 },
  { code: '3.2', title: 'Vi phạm quy chế', kind: 'penalty', method: 'direct', maxPoints: 5 },
];

describe('result-entry workbook and import', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let units: number[];
  let clusterA: number;
  let clusterB: number;
  /** What the units enter, by unit index then criterion code. */
  let data: Map<number, Map<string, Entry>>;

  const Y = (cluster: number, year: number): string => `/api/clusters/${cluster}/years/${year}`;

  const tableWithTargets = (): Record<string, unknown>[] =>
    TABLE.map((c) =>
      c.code === '1.1'
        ? {
            ...c,
            targets: [
              { unitId: units[0], value: 95 },
              { unitId: units[1], value: 90 },
            ],
          }
        : c,
    );

  const newYear = async (cluster: number, year: number): Promise<void> => {
    await putClusterYear(admin, cluster, year, clusterYearBody(units, { scoringTable: tableWithTargets() }));
  };

  /** The API body of one unit's data. */
  const putBody = (unitIndex: number): Body => ({
    results: [...(data.get(unitIndex) ?? new Map<string, Entry>())].map(([criterionCode, entry]) => ({
      criterionCode,
      ...entry,
    })),
  });

  /** The units' codes, as the workbook shows them. */
  const codes = ['NL-1', 'NL-2', 'NL-3', 'NL-4'];
  const entryFor = (unitCode: string, code: string): Entry | undefined => data.get(codes.indexOf(unitCode))?.get(code);

  /** Everything a client reads of a year: standings, summary, each unit's results. */
  const view = async (cluster: number, year: number): Promise<Body> => {
    const standings = (await admin.get(`${Y(cluster, year)}/standings`)).body;
    const summary = (await admin.get(`${Y(cluster, year)}/summary`)).body;
    const results: Body = {};
    for (const unitId of units) {
      const body = (await admin.get(`${Y(cluster, year)}/results/${unitId}`)).body;
      results[unitId] = { ...body, clusterId: undefined, year: undefined, version: undefined };
    }
    return {
      rows: standings.rows,
      maxTotal: standings.maxTotal,
      summary: {
        ...summary,
        clusterId: undefined,
        clusterCode: undefined,
        clusterName: undefined,
        year: undefined,
        previous: undefined,
        change: undefined,
      },
      results,
    };
  };

  beforeAll(async () => {
    app = await createTestApp();
    admin = api(app);
    units = await createUnits(admin, 4, 'Ban Tuyên giáo nhập liệu', 'NL-');
    clusterA = await createCluster(admin, { code: 'IMP-A', name: 'Cụm nhập từ Excel' });
    clusterB = await createCluster(admin, { code: 'IMP-B', name: 'Cụm nhập qua API' });
    data = new Map([
      [
        0,
        new Map<string, Entry>([
          ['1.1', { actual: 95 }],
          ['1.2', { actual: 1 }],
          ['1.3', { actual: 60 }],
          ['2.1', { selfScore: 18, reviewedScore: 16, reviewReason: 'Thiếu minh chứng' }],
          ['2.2', { actual: 2 }],
          ['2.3', { actual: 1 }],
          ['3.1', { actual: 3 }],
          ['3.2', { selfScore: 1, note: 'Nộp báo cáo trễ một lần' }],
        ]),
      ],
      [
        1,
        new Map<string, Entry>([
          ['1.1', { actual: 80.5 }],
          ['1.2', { actual: 3 }],
          ['1.3', { actual: 50 }],
          ['2.1', { selfScore: 15 }],
          ['2.2', { actual: 1 }],
          ['2.3', { actual: 0 }],
        ]),
      ],
      [
        2,
        new Map<string, Entry>([
          ['1.1', { actual: 100 }],
          ['1.2', { actual: 2 }],
          ['1.3', { actual: 70 }],
          ['2.1', { selfScore: 20, note: 'Tốt' }],
          ['2.2', { actual: 3 }],
          ['2.3', { actual: 1 }],
          ['3.1', { actual: 5 }],
        ]),
      ],
    ]);
    // The twin: everything entered through the API.
    await newYear(clusterB, 2023);
    for (const [index] of data) {
      const response = await admin.put(`${Y(clusterB, 2023)}/results/${units[index]}`, putBody(index));
      expect(response.status).toBe(200);
    }
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  /** A year of cluster A where unit 2's 2.1 was entered through the API before the download. */
  const prepareYear = async (year: number): Promise<Buffer> => {
    await newYear(clusterA, year);
    const response = await admin.put(`${Y(clusterA, year)}/results/${units[1]}`, {
      results: [{ criterionCode: '2.1', selfScore: 15 }],
    });
    expect(response.status).toBe(200);
    return downloadTemplate(admin, clusterA, year);
  };

  /** Fills every row but unit 2's 2.1, which the template already holds. */
  const fill = (template: Buffer): Promise<Buffer> =>
    fillWorkbook(template, (unitCode, code) =>
      unitCode === codes[1] && code === '2.1' ? undefined : entryFor(unitCode, code),
    );

  it('round trip: download, fill, dry run, import; standings and results equal the twin entered by PUT', async () => {
    const template = await prepareYear(2023);
    const workbook = await loadWorkbook(template);
    const sheet = workbook.getWorksheet('Kết quả') as ExcelJS.Worksheet;
    expect(sheet.getCell(`J${rowOf(sheet, codes[1], '2.1')}`).value).toBe(15); // pre-filled
    expect(sheet.getCell(`H${rowOf(sheet, codes[0], '1.1')}`).value).toBe(95); // signed target
    expect(sheet.getCell(`H${rowOf(sheet, codes[3], '1.1')}`).value).toBe(100); // default target
    const filled = await fill(template);

    const before = await view(clusterA, 2023);
    const audits = await auditTotal(admin);
    const resultsEntry = (cluster: number, index: number) =>
      latestAudit(admin, { entityType: 'results', clusterId: cluster, year: 2023, unitId: units[index] });
    const entered = await resultsEntry(clusterA, 1);
    const dry = await upload(admin, `${Y(clusterA, 2023)}/import?dryRun=true`, filled, 'nhap-2023.xlsx');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, fileName: 'nhap-2023.xlsx' });
    expect(dry.body.units.map((u: Body) => [u.unitCode, u.rows, u.added, u.changed, u.unchanged])).toEqual([
      [codes[0], 8, 8, 0, 0],
      [codes[1], 8, 5, 0, 3], // 2.1 kept; 3.1 and 3.2 blank
      [codes[2], 8, 7, 0, 1],
      [codes[3], 8, 0, 0, 8],
    ]);
    expect(dry.body.message).toContain('chưa ghi gì');
    expect(await view(clusterA, 2023)).toEqual(before);
    expect(await auditTotal(admin)).toBe(audits);

    const applied = await upload(
      admin,
      `${Y(clusterA, 2023)}/import?dryRun=false&previewToken=${encodeURIComponent(dry.body.previewToken)}`,
      filled,
      'nhap-2023.xlsx',
    );
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      dryRun: false,
      applied: true,
      totals: { units: 4, unitsChanged: 3, rows: 32, added: 20, changed: 0, cleared: 0, unchanged: 12 },
    });
    expect(await view(clusterA, 2023)).toEqual(await view(clusterB, 2023));

    // Audited: the file (name, SHA-256, counts) and each changed unit's results, in the same transaction.
    expect(await auditTotal(admin)).toBe(audits + 4);
    const entry = await latestAudit(admin, { entityType: 'import' });
    expect(entry).toMatchObject({
      action: 'import',
      username: (await whoAmI(admin)).username,
      clusterId: clusterA,
      year: 2023,
      after: {
        fileName: 'nhap-2023.xlsx',
        sha256: createHash('sha256').update(filled).digest('hex'),
        totals: { unitsChanged: 3, added: 20 },
      },
    });
    const unitEntry = await latestAudit(admin, { entityType: 'results', unitId: units[2] });
    expect(unitEntry).toMatchObject({ action: 'import', reason: expect.stringContaining('nhap-2023.xlsx') });
    // Each unit's entry holds what was stored before (unit 2: its 2.1 entered through the API) and
    // what is stored after, exactly as the entries of the twin's PUTs, which read them back, hold them.
    expect((await resultsEntry(clusterA, 1)).before).toEqual(entered.after);
    expect(entered.after.results).toEqual([expect.objectContaining({ criterionCode: '2.1', selfScore: 15 })]);
    for (const index of [0, 1, 2]) {
      const imported = await resultsEntry(clusterA, index);
      expect(imported.after).toEqual((await resultsEntry(clusterB, index)).after);
      expect(imported.after.results.length).toBe(data.get(index)?.size);
    }
    expect((await resultsEntry(clusterA, 0)).before).toEqual({ results: [], veto: null, ratingOverride: null });

    // Importing the same file again changes nothing but is still recorded.
    const again = await previewAndApply(admin, `${Y(clusterA, 2023)}/import`, filled);
    expect(again.status).toBe(200);
    expect(again.body.totals).toMatchObject({ unitsChanged: 0, unchanged: 32 });
    expect(await auditTotal(admin)).toBe(audits + 5);

    // A downloaded template now holds every value: a round trip keeps them.
    const roundTrip = await downloadTemplate(admin, clusterA, 2023);
    const kept = await upload(admin, `${Y(clusterA, 2023)}/import?dryRun=true`, roundTrip);
    expect(kept.body.totals).toMatchObject({ unitsChanged: 0, added: 0, changed: 0, cleared: 0 });
  });

  it('a file re-saved by LibreOffice imports with the same outcome', async () => {
    const filled = await fill(await prepareYear(2024));
    const resaved = resaveWithLibreOffice(filled);
    expect(resaved.equals(filled)).toBe(false);
    const response = await previewAndApply(admin, `${Y(clusterA, 2024)}/import`, resaved, 'libreoffice.xlsx');
    expect({ status: response.status, body: response.body }).toMatchObject({
      status: 200,
      body: { applied: true, totals: { units: 4, unitsChanged: 3, added: 20, unchanged: 12 } },
    });
    expect(await view(clusterA, 2024)).toEqual(await view(clusterB, 2023));
    // LibreOffice keeps the protection, the markers and the validation of the template
    const workbook = await loadWorkbook(resaved);
    expect(workbook.getWorksheet('ThiDua')?.state).toBe('hidden');
    expect(workbook.getWorksheet('Kết quả')?.getCell('J2').dataValidation).toMatchObject({ type: 'decimal' });
  }, 240_000);

  describe('refused files change nothing', () => {
    const YEAR = 2025;
    let template: Buffer;
    let url: string;

    beforeAll(async () => {
      template = await prepareYear(YEAR);
      url = `${Y(clusterA, YEAR)}/import`; // a preview: what it refuses, applying refuses too
    });

    const expectRefused = async (
      send: () => Promise<{ status: number; body: any }>,
      status: number,
      code: string,
      message: string | RegExp,
    ): Promise<Body> => {
      const before = await view(clusterA, YEAR);
      const audits = await auditTotal(admin);
      const response = await send();
      expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
      expect(response.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
      if (typeof message === 'string') expect(response.body.message).toContain(message);
      else expect(response.body.message).toMatch(message);
      expect(await view(clusterA, YEAR)).toEqual(before);
      expect(await auditTotal(admin)).toBe(audits);
      return response.body;
    };

    it('not an xlsx file: 415', async () => {
      await expectRefused(
        () => upload(admin, url, Buffer.from('Mã đơn vị;Điểm\n1;2\n'), 'ket-qua.csv'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'không phải là bảng tính Excel (.xlsx)',
      );
      await expectRefused(
        () => upload(admin, url, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'cu.xls'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        '.xls',
      );
      await expectRefused(() => admin.post(url, { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'multipart/form-data');
    });

    it('a corrupt zip: 400', async () => {
      const filled = await fill(template);
      await expectRefused(
        () => upload(admin, url, filled.subarray(0, Math.floor(filled.length * 0.6))),
        400,
        'IMPORT_FILE_INVALID',
        'bị hỏng',
      );
    });

    it('a workbook for another cluster or another year: 400 WORKBOOK_MISMATCH', async () => {
      const other = await fill(await downloadTemplate(admin, clusterB, 2023));
      await expectRefused(() => upload(admin, url, other), 400, 'WORKBOOK_MISMATCH', 'mã "IMP-B" năm 2023');
      const otherYear = await fill(await downloadTemplate(admin, clusterA, 2023));
      await expectRefused(() => upload(admin, url, otherYear), 400, 'WORKBOOK_MISMATCH', `năm ${YEAR}`);
    });

    it('a file over 10 MB: 413', async () => {
      const big = Buffer.concat([template, Buffer.alloc(10 * 1024 * 1024 + 1 - template.length, 7)]);
      await expectRefused(() => upload(admin, url, big), 413, 'PAYLOAD_TOO_LARGE', '10 MB');
    });

    it('no file field: 400', async () => {
      const { payload, headers } = multipart(null);
      await expectRefused(
        async () => {
          const response = await admin.raw({ method: 'POST', url, payload, headers });
          return { status: response.statusCode, body: JSON.parse(response.body) };
        },
        400,
        'VALIDATION_FAILED',
        'Thiếu tệp',
      );
    });

    it('units by their code (typed in any case); unknown codes, database ids and criteria: 400 naming the cells', async () => {
      const extra = 2 + units.length * 8; // the first blank row
      const filled = await fillWorkbook(template, entryFor, (sheet) => {
        sheet.getCell(`A${extra}`).value = 'XX-9';
        sheet.getCell(`C${extra}`).value = '1.1';
        sheet.getCell(`I${extra}`).value = 5;
        sheet.getCell(`A${extra + 1}`).value = ' nl-1 ';
        sheet.getCell(`C${extra + 1}`).value = '9.9';
        sheet.getCell(`J${extra + 1}`).value = 5;
        sheet.getCell(`A${extra + 2}`).value = units[3]; // a database id is not a code
        sheet.getCell(`C${extra + 2}`).value = '2.1';
        sheet.getCell(`J${extra + 2}`).value = 5;
      });
      const body = await expectRefused(() => upload(admin, url, filled), 400, 'VALIDATION_FAILED', 'Tệp có 3 lỗi');
      expect(body.errors).toEqual({
        [`'Kết quả'!A${extra}`]: [
          `Sheet 'Kết quả', ô A${extra} (đơn vị mã 'XX-9' – tiêu chí 1.1 'Tỷ lệ đảng viên học tập nghị quyết'): mã đơn vị 'XX-9' không có trong các đơn vị của cụm năm ${YEAR}; chọn mã đơn vị từ danh sách.`,
        ],
        [`'Kết quả'!C${extra + 1}`]: [
          `Sheet 'Kết quả', ô C${extra + 1} (Ban Tuyên giáo nhập liệu 1 – tiêu chí 9.9): mã tiêu chí '9.9' không có trong bảng chấm điểm năm ${YEAR}.`,
        ],
        [`'Kết quả'!A${extra + 2}`]: [expect.stringContaining(`mã đơn vị '${units[3]}' không có trong các đơn vị`)],
      });

      // A code typed by hand, in another case, counts as the unit's.
      const typed = await fillWorkbook(template, entryFor, (sheet) => {
        const own = rowOf(sheet, codes[3], '3.1');
        for (const column of ['A', 'C']) sheet.getCell(`${column}${own}`).value = null;
        sheet.getCell(`A${extra}`).value = ' nl-4 ';
        sheet.getCell(`C${extra}`).value = '3.1';
        sheet.getCell(`I${extra}`).value = 2;
      });
      const dry = await upload(admin, `${Y(clusterA, YEAR)}/import`, typed);
      expect(dry.status).toBe(200);
      expect(dry.body.units.find((u: Body) => u.unitCode === 'NL-4')).toMatchObject({
        name: 'Ban Tuyên giáo nhập liệu 4',
        rows: 8,
        added: 1,
      });
    });

    it('the workbook shows units by code and name, never by database id', async () => {
      const workbook = await loadWorkbook(template);
      const shown: unknown[] = [];
      for (const sheet of workbook.worksheets) {
        if (sheet.state !== 'visible') continue;
        sheet.eachRow((row) => row.eachCell((cell) => shown.push(cell.value)));
      }
      const sheet = workbook.getWorksheet('Kết quả') as ExcelJS.Worksheet;
      expect([sheet.getCell('A2').value, sheet.getCell('B2').value]).toEqual(['NL-1', 'Ban Tuyên giáo nhập liệu 1']);
      const column = (letter: string): unknown[] =>
        Array.from({ length: units.length * 8 }, (_, i) => sheet.getCell(`${letter}${i + 2}`).value);
      expect(new Set(column('A'))).toEqual(new Set(codes));
      for (const id of units) expect(column('A')).not.toContain(id);
    });

    it('a template for units without a code is refused, naming them', async () => {
      const uncoded = await createUnits(admin, 2, 'Đơn vị chưa có mã');
      const cluster = await createCluster(admin, { code: 'IMP-C', name: 'Cụm chưa có mã đơn vị' });
      await putClusterYear(admin, cluster, 2025, clusterYearBody([units[0], ...uncoded], { scoringTable: TABLE }));
      const response = await admin.get(`${Y(cluster, 2025)}/entry-template.xlsx`);
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'UNIT_CODE_MISSING',
        message: expect.stringContaining(
          '2 đơn vị của cụm năm 2025 chưa có mã đơn vị (Đơn vị chưa có mã 1; Đơn vị chưa có mã 2)',
        ),
      });
    });

    it('bad cells: every problem at once (dry run too); the errors workbook marks exactly those cells', async () => {
      let rows: Record<string, number> = {};
      const filled = await fillWorkbook(template, entryFor, (sheet) => {
        rows = {
          self: rowOf(sheet, codes[0], '2.1'),
          count: rowOf(sheet, codes[1], '2.2'),
          yesNo: rowOf(sheet, codes[2], '2.3'),
          reason: rowOf(sheet, codes[2], '2.1'),
        };
        sheet.getCell(`J${rows.self}`).value = 'mười';
        sheet.getCell(`I${rows.count}`).value = 2.5;
        sheet.getCell(`I${rows.yesNo}`).value = 2;
        sheet.getCell(`K${rows.reason}`).value = 12;
      });
      const expected = [`I${rows.count}`, `I${rows.yesNo}`, `J${rows.self}`, `L${rows.reason}`].sort();
      for (const dryRun of [true, false]) {
        const body = await expectRefused(
          () => upload(admin, `${Y(clusterA, YEAR)}/import?dryRun=${dryRun}`, filled),
          400,
          'VALIDATION_FAILED',
          'Tệp có 4 lỗi',
        );
        expect(Object.keys(body.errors).sort()).toEqual(expected.map((cell) => `'Kết quả'!${cell}`));
        expect(body.errors[`'Kết quả'!J${rows.self}`]).toEqual([
          `Sheet 'Kết quả', ô J${rows.self} (Ban Tuyên giáo nhập liệu 1 – tiêu chí 2.1 'Chất lượng báo cáo'): 'mười' không phải là số; cần số từ 0 đến 20.`,
        ]);
        expect(body.problems).toContainEqual({
          sheet: 'Kết quả',
          cell: `J${rows.self}`,
          unitCode: 'NL-1',
          unitName: 'Ban Tuyên giáo nhập liệu 1',
          criterionCode: '2.1',
          criterionTitle: 'Chất lượng báo cáo',
          message: body.errors[`'Kết quả'!J${rows.self}`][0],
          detail: "'mười' không phải là số; cần số từ 0 đến 20.",
        });
        expect(body.problems).toHaveLength(4);
        expect(body.errors[`'Kết quả'!I${rows.count}`][0]).toContain('phải là số nguyên');
        expect(body.errors[`'Kết quả'!I${rows.yesNo}`][0]).toContain('1 (đạt) hoặc 0 (không đạt)');
        expect(body.errors[`'Kết quả'!L${rows.reason}`][0]).toContain('hãy ghi lý do');
      }

      const before = await view(clusterA, YEAR);
      const audits = await auditTotal(admin);
      const marked = await upload(admin, `${Y(clusterA, YEAR)}/import/errors.xlsx`, filled, 'nhap.xlsx');
      expect(marked.status).toBe(200);
      expect(marked.type).toContain('spreadsheetml');
      const sheet = (await loadWorkbook(marked.raw)).getWorksheet('Kết quả') as ExcelJS.Worksheet;
      const noted: string[] = [];
      const filledRed: string[] = [];
      sheet.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) => {
          if (cell.note !== undefined) noted.push(cell.address);
          const fill = cell.fill as ExcelJS.FillPattern | undefined;
          if (fill?.fgColor?.argb === 'FFFFC7CE') filledRed.push(cell.address);
        }),
      );
      expect(noted.sort()).toEqual(expected);
      expect(filledRed.sort()).toEqual(expected);
      expect(JSON.stringify(sheet.getCell(`J${rows.self}`).note)).toContain(
        "'mười' không phải là số; cần số từ 0 đến 20",
      );
      // The file opens on the list of every problem, each linked to its cell.
      const markedBook = await loadWorkbook(marked.raw);
      expect(markedBook.worksheets[0].name).toBe('Danh sách lỗi');
      expect(markedBook.views[0]).toMatchObject({ activeTab: 0 });
      const list = markedBook.worksheets[0];
      const listed = [3, 4, 5, 6].map((r) => list.getCell(`C${r}`).value as { formula: string; result: string });
      expect(listed.map((link) => link.formula).sort()).toEqual(
        expected.map((cell) => `HYPERLINK("#'Kết quả'!${cell}","${cell}")`),
      );
      const selfRow = 3 + listed.findIndex((link) => link.result === `J${rows.self}`);
      expect(list.getRow(selfRow).values).toEqual([
        undefined,
        expect.any(Number),
        'Kết quả',
        { formula: `HYPERLINK("#'Kết quả'!J${rows.self}","J${rows.self}")`, result: `J${rows.self}` },
        'Ban Tuyên giáo nhập liệu 1 (mã NL-1)',
        '2.1 – Chất lượng báo cáo',
        "'mười' không phải là số; cần số từ 0 đến 20.",
      ]);
      // LibreOffice keeps the list first and active, its links pointing into the workbook.
      const resaved = await loadWorkbook(resaveWithLibreOffice(marked.raw));
      expect(resaved.worksheets[0].name).toBe('Danh sách lỗi');
      expect(resaved.views[0]).toMatchObject({ activeTab: 0 });
      expect(resaved.worksheets[0].getCell(`C${selfRow}`).value).toMatchObject({
        formula: expect.stringContaining(`"#'Kết quả'!J${rows.self}"`),
      });
      expect(await view(clusterA, YEAR)).toEqual(before);
      expect(await auditTotal(admin)).toBe(audits);
    }, 120_000);

    it('a formula counts with its saved result; one saved without a result is refused, not read as empty', async () => {
      let rows: Record<string, number> = {};
      const filled = await fillWorkbook(template, entryFor, (sheet) => {
        rows = { cached: rowOf(sheet, codes[0], '3.1'), uncached: rowOf(sheet, codes[1], '2.1') };
        sheet.getCell(`I${rows.cached}`).value = { formula: '1+2', result: 3 };
        sheet.getCell(`J${rows.uncached}`).value = { formula: 'J2+1' };
      });
      const body = await expectRefused(() => upload(admin, url, filled), 400, 'VALIDATION_FAILED', 'Tệp có 1 lỗi');
      expect(Object.keys(body.errors)).toEqual([`'Kết quả'!J${rows.uncached}`]);
      expect(body.errors[`'Kết quả'!J${rows.uncached}`][0]).toContain(
        'ô có công thức =J2+1 nhưng tệp không lưu kết quả của công thức này; hãy mở và lưu lại tệp bằng Excel hoặc LibreOffice',
      );
    });

    it('a finalized year: 409 CLUSTER_YEAR_FINALIZED', async () => {
      const year = 2026;
      const filled = await fill(await prepareYear(year));
      expect((await admin.post(`${Y(clusterA, year)}/finalize`, {})).status).toBe(200);
      const before = await view(clusterA, year);
      const audits = await auditTotal(admin);
      const response = await upload(admin, `${Y(clusterA, year)}/import`, filled);
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'CLUSTER_YEAR_FINALIZED',
        message: expect.stringContaining('đã chốt'),
      });
      expect(await view(clusterA, year)).toEqual(before);
      expect(await auditTotal(admin)).toBe(audits);
    });
  });

  it('the command line imports a file (dry run or not) and prints the counts or every problem', async () => {
    const filled = await fill(await prepareYear(2027));
    const bad = await fillWorkbook(filled, (unitCode, code) =>
      unitCode === codes[0] && code === '2.1' ? { selfScore: 'mười' } : undefined,
    );
    const dir = mkdtempSync(join(tmpdir(), 'thidua-cli-'));
    const printed: string[] = [];
    const capture = (chunk: unknown): boolean => {
      printed.push(String(chunk));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      writeFileSync(join(dir, 'tot.xlsx'), filled);
      writeFileSync(join(dir, 'loi.xlsx'), bad);
      const run = async (file: string, dryRun: boolean): Promise<[number, string]> => {
        printed.length = 0;
        const code = await runImportCommand(app, { clusterCode: 'IMP-A', year: 2027, file: join(dir, file), dryRun });
        return [code, printed.join('')];
      };
      const before = await view(clusterA, 2027);
      const [badCode, badOutput] = await run('loi.xlsx', false);
      expect(badCode).toBe(1);
      expect(badOutput).toContain("Sheet 'Kết quả', ô J");
      expect(badOutput).toContain("'mười' không phải là số; cần số từ 0 đến 20");
      const [dryCode, dryOutput] = await run('tot.xlsx', true);
      expect(dryCode).toBe(0);
      expect(dryOutput).toContain('chưa ghi gì');
      // The preview prints every cell that changes, old → new.
      expect(dryOutput).toMatch(/ô J\d+, tiêu chí 2\.1, Điểm tự chấm: \(trống\) → 18/);
      expect(await view(clusterA, 2027)).toEqual(before);
      const [code, output] = await run('tot.xlsx', false);
      expect(code).toBe(0);
      expect(output).toContain('Đã nhập 32 dòng của 4 đơn vị');
      expect((await run('khong-co.xlsx', false))[0]).toBe(2);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await view(clusterA, 2027)).toEqual(await view(clusterB, 2023));
  });

  it('the template is protected, its inputs unlocked and validated; a long list goes on a hidden sheet', async () => {
    const workbook = await loadWorkbook(await downloadTemplate(admin, clusterA, 2023));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Hướng dẫn', 'Kết quả', 'ThiDua']);
    expect(workbook.getWorksheet('Hướng dẫn')?.getCell('A1').text).toContain('MẪU NHẬP KẾT QUẢ');
    const sheet = workbook.getWorksheet('Kết quả') as ExcelJS.Worksheet;
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    const row = rowOf(sheet, codes[0], '2.2');
    for (const column of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) {
      expect(sheet.getCell(`${column}${row}`).protection?.locked).not.toBe(false);
    }
    for (const column of ['I', 'J', 'K', 'L', 'M']) {
      expect(sheet.getCell(`${column}${row}`).protection?.locked).toBe(false);
    }
    expect(sheet.getCell(`I${row}`).dataValidation).toMatchObject({ type: 'whole', formulae: [0] });
    expect(sheet.getCell(`J${row}`).dataValidation).toMatchObject({ type: 'decimal', formulae: [0, 10] });
    expect(sheet.getCell(`I${rowOf(sheet, codes[0], '2.3')}`).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"0,1"'],
    });

    // 70 leaves: their codes do not fit in a 255-character validation formula
    const many = [
      { code: 'I', title: 'Nhóm' },
      ...Array.from({ length: 70 }, (_, i) => ({
        code: `1.${i + 1}`,
        title: `Tiêu chí ${i + 1}`,
        parentCode: 'I',
        kind: 'graded',
        method: 'direct',
        maxPoints: 1,
      })),
    ];
    await putClusterYear(admin, clusterA, 2030, clusterYearBody(units, { scoringTable: many }));
    const long = await loadWorkbook(await downloadTemplate(admin, clusterA, 2030));
    expect(long.getWorksheet('Danh mục')?.state).toBe('hidden');
    const extra = 2 + units.length * 70;
    expect(long.getWorksheet('Kết quả')?.getCell(`C${extra}`).dataValidation).toMatchObject({
      type: 'list',
      formulae: ["'Danh mục'!$D$2:$D$71"],
    });
  });
});
