/**
 * The Excel reports, read back cell by cell:
 * - GET /api/clusters/:id/years/:year/report.xlsx ("Tổng hợp", "Chi tiết tiêu chí", "So sánh năm trước")
 *   and GET /api/years/:year/report.xlsx ("Tổng hợp các cụm", then one sheet per cluster code) hold
 *   exactly the API's figures (…/summary, …/standings, …/results/:unitId, /api/years/:year/summary),
 *   as typed numbers with number formats (percentages as fractions with a % format);
 * - LibreOffice opens them (soffice → CSV shows the same names and totals as displayed);
 * - unit names that look like formulas stay text;
 * - a replaced template is honoured (titles, fonts, widths, extra text) and a broken one stops the start;
 * - print setup (A4 landscape, repeated header rows, frozen panes, widths), the date line, the
 *   organizer's header (GET/PUT /api/settings/organizer) and who may export.
 *
 * Data: the demo seed (CUM5 and the bloc KHOI-DANG, 2021 and 2022) plus a cluster "INJ" built here for
 * 2030 (simpleScoringTable: 1.1 target MS 60 default 100, 1.2 graded MS 40):
 *   @SUM(A1)         1.1 = 100 → 60, 1.2 self 40 → 100  rank 1
 *   =HYPERLINK(…)    1.1 = 100 → 60, 1.2 self 35 →  95  rank 2
 *   the long name    1.1 =  90 → 54, 1.2 self 38 →  92  rank 3
 *   +1+2             1.1 =  80 → 48, 1.2 self 30 →  78  rank 4
 *   -3               1.1 =  50 → 30, 1.2 self 25 →  55  rank 5
 *   a unit that left on 2030-06-30: no rank, "Đã rời cụm".
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { api, createTestApp, tokenFor } from '../test-app.js';
import { startWithTemplates } from '../factories/report-templates.factory.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnit, type Api } from '../factories/units.factory.js';
import {
  download,
  everyCell,
  expectNumber,
  expectText,
  exportBook,
  libreOfficeCsv,
  loadBook,
  rowWith,
  sheetOf,
  textOf,
  XLSX_TYPE,
} from '../factories/xlsx-report.factory.js';

type Body = Record<string, any>;

const POINTS = /^#,##0\.00$/;
const PERCENT = /%/;
const COUNT = /^0$/;
/** The change column shows its sign: "+0;-0;0", "+#,##0.00;…", "+0.00%;…". */
const SIGNED: ReadonlyMap<RegExp, RegExp> = new Map([
  [COUNT, /^\+0;-0;0$/],
  [POINTS, /^\+#,##0\.00;-#,##0\.00;#,##0\.00$/],
  [PERCENT, /^\+0\.00%;-0\.00%;0\.00%$/],
]);
const RATINGS = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
const KIND_LABELS: Record<string, string> = { cluster: 'Cụm thi đua', bloc: 'Khối thi đua' };
const FORMULA_NAMES = ['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)'];
const LONG_NAME = 'Ban Tuyên giáo Thành phố Thủ Đức — đơn vị thử độ rộng cột';
const MISSING = 999_999;

/** Score table columns (both templates): STT … Xếp loại. */
const COL = { stt: 1, name: 2, self: 3, reviewed: 4, bonus: 5, penalty: 6, total: 7, targets: 8, rank: 9, rating: 10 };

const fraction = (percent: number | null): number | null => (percent === null ? null : percent / 100);
const names = (refs: readonly { name: string }[]): string => refs.map((u) => u.name).join('; ');
const pad = (n: number): string => String(n).padStart(2, '0');
const todayLine = (place: string): string => {
  const d = new Date();
  return `${place}, ngày ${pad(d.getUTCDate())} tháng ${pad(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
};

/** What the API says about one cluster-year, everything a report is compared with. */
interface ApiYear {
  base: string;
  year: number;
  clusterYear: Body;
  summary: Body;
  standings: Body;
  /** GET …/results/:unitId by unit id. */
  results: Map<number, Body>;
}

async function apiYear(client: Api, clusterId: number, year: number): Promise<ApiYear> {
  const base = `/api/clusters/${clusterId}/years/${year}`;
  const get = async (url: string): Promise<Body> => {
    const response = await client.get(url);
    expect({ url, status: response.status }).toEqual({ url, status: 200 });
    return response.body;
  };
  const standings = await get(`${base}/standings`);
  const results = new Map<number, Body>();
  for (const row of standings.rows) results.set(row.unit.id, await get(`${base}/results/${row.unit.id}`));
  return { base, year, clusterYear: await get(base), summary: await get(`${base}/summary`), standings, results };
}

/** Sum of the self scores (or computed points) of the base leaves, as the "Điểm tự chấm" column. */
function selfTotal(results: Body): number {
  const total = results.results
    .filter((leaf: Body) => leaf.kind === 'target' || leaf.kind === 'graded')
    .reduce((sum: number, leaf: Body) => sum + (leaf.selfScore ?? leaf.computed ?? 0), 0);
  return Math.round(total * 1e9) / 1e9;
}

/** The score table below the header row "STT | Tên đơn vị | …": one row per standings row, in order. */
function expectScoreTable(sheet: ExcelJS.Worksheet, headerRow: number, year: ApiYear): void {
  const rows: Body[] = year.standings.rows;
  expect(rows.length).toBeGreaterThan(0);
  rows.forEach((row, i) => {
    const r = headerRow + 1 + i;
    const cell = (column: number): ExcelJS.Cell => sheet.getCell(r, column);
    expectNumber(cell(COL.stt), i + 1, COUNT);
    expectText(cell(COL.name), row.unit.name);
    expectNumber(cell(COL.self), selfTotal(year.results.get(row.unit.id) as Body), POINTS);
    expectNumber(cell(COL.reviewed), row.base, POINTS);
    expectNumber(cell(COL.bonus), row.bonus, POINTS);
    expectNumber(cell(COL.penalty), row.penalty, POINTS);
    expectNumber(cell(COL.total), row.total, POINTS);
    expectText(cell(COL.targets), row.targetsSigned === 0 ? '' : `${row.targetsMet}/${row.targetsSigned}`);
    expectNumber(cell(COL.rank), row.rank, COUNT);
    expectText(cell(COL.rating), row.ratingLabel ?? (row.active ? '' : 'Đã rời cụm'));
  });
  // nothing after the last unit
  expect(textOf(sheet.getCell(headerRow + 1 + rows.length, COL.name))).toBe('');
}

/** "Tổng hợp": header, summary block and score table. */
function expectSummarySheet(book: ExcelJS.Workbook, year: ApiYear): void {
  const sheet = sheetOf(book, 'Tổng hợp');
  const s = year.summary;
  expectText(sheet.getCell('A5'), `BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM ${year.year}`);
  expect(textOf(sheet.getCell('A6'))).toContain(s.clusterName);
  expectNumber(sheet.getCell(rowWith(sheet, 2, 'Số đơn vị thành viên được xếp loại'), 6), s.unitCount, COUNT);
  for (const rating of RATINGS) {
    const r = rowWith(sheet, 2, s.ratings[rating].label);
    expectNumber(sheet.getCell(r, 6), s.ratings[rating].count, COUNT);
    expectNumber(sheet.getCell(r, 7), s.ratings[rating].of, COUNT);
    expectNumber(sheet.getCell(r, 8), fraction(s.ratings[rating].percent), PERCENT);
    if (s.ratings[rating].of > 0) {
      expect(sheet.getCell(r, 8).value as number).toBeCloseTo(s.ratings[rating].count / s.ratings[rating].of, 12);
    }
  }
  const targets = rowWith(sheet, 2, 'Chỉ tiêu ký kết đạt (đạt / ký kết)');
  expectNumber(sheet.getCell(targets, 6), s.targets.met, COUNT);
  expectNumber(sheet.getCell(targets, 7), s.targets.signed, COUNT);
  expectNumber(sheet.getCell(targets, 8), fraction(s.targets.percent), PERCENT);
  const totals = rowWith(sheet, 2, 'Điểm trung bình / cao nhất');
  expectNumber(sheet.getCell(totals, 6), s.averageTotal, POINTS);
  expectNumber(sheet.getCell(totals, 10), s.maxTotal, POINTS);
  expectText(sheet.getCell(rowWith(sheet, 2, 'Đơn vị dẫn đầu'), 6), names(s.leadingUnits));
  const heads = rowWith(sheet, 2, `Cụm trưởng, cụm phó năm ${year.year}`);
  expectText(sheet.getCell(heads, 6), s.head?.name ?? '');
  expectText(sheet.getCell(heads, 10), s.deputy?.name ?? '');
  const next = rowWith(sheet, 2, `Cụm trưởng, cụm phó năm ${year.year + 1}`);
  expectText(sheet.getCell(next, 6), s.nextHead?.name ?? '');
  expectText(sheet.getCell(next, 10), s.nextDeputy?.name ?? '');
  const dates = rowWith(sheet, 2, 'Ngày ký giao ước / ngày hội nghị tổng kết');
  expect(dates).toBe(next + 1);
  for (const [column, iso] of [
    [6, year.clusterYear.covenantDate as string | null],
    [10, year.clusterYear.conferenceDate as string | null],
  ] as const) {
    const cell = sheet.getCell(dates, column);
    // a real date (UTC midnight) with a dd/mm/yyyy format, or empty when not known
    if (iso === null) expect(cell.value ?? null).toBeNull();
    else
      expect({ value: cell.value, fmt: cell.numFmt }).toEqual({
        value: new Date(`${iso}T00:00:00Z`),
        fmt: 'dd/mm/yyyy',
      });
  }
  expectText(sheet.getCell(dates + 1, 2), s.unitCount === 0 ? '' : `Kết quả: ${s.sentence}.`);
  expectScoreTable(sheet, rowWith(sheet, 1, 'STT'), year);
}

/** "Chi tiết tiêu chí": criteria as rows, one 4-column group per unit; "Điểm tính" = the API's final. */
function expectDetailSheet(book: ExcelJS.Workbook, year: ApiYear, finalTitle = 'Điểm tính'): void {
  const sheet = sheetOf(book, 'Chi tiết tiêu chí');
  const header = rowWith(sheet, 2, 'Mã');
  const firstRow = header + 2;
  const groups = new Map<string, number>();
  for (let column = 5; textOf(sheet.getCell(header, column)) !== ''; column += 4) {
    groups.set(textOf(sheet.getCell(header, column)), column);
    expectText(sheet.getCell(header + 1, column + 3), finalTitle);
  }
  const units: Body[] = year.standings.rows.map((row: Body) => row.unit);
  expect([...groups.keys()].sort()).toEqual(units.map((u) => u.name).sort());

  const table: Body[] = year.clusterYear.scoringTable;
  const rowOf = new Map<string, number>();
  table.forEach((criterion, i) => {
    const r = firstRow + i;
    expectText(sheet.getCell(r, 2), criterion.code);
    expectText(sheet.getCell(r, 3), criterion.title);
    if (criterion.kind) expectNumber(sheet.getCell(r, 4), criterion.maxPoints, POINTS);
    rowOf.set(criterion.code, r);
  });
  expect(textOf(sheet.getCell(firstRow + table.length, 2))).toBe('');

  for (const unit of units) {
    const column = (groups.get(unit.name) as number) + 3;
    const results = year.results.get(unit.id) as Body;
    for (const leaf of results.results) {
      expectNumber(sheet.getCell(rowOf.get(leaf.criterionCode) as number, column), leaf.final, POINTS);
    }
    for (const group of results.groups) {
      expectNumber(sheet.getCell(rowOf.get(group.code) as number, column), group.score, POINTS);
    }
  }
}

/** "So sánh năm trước": this year, previous year, change (= the API's summary.previous and change). */
function expectComparisonSheet(book: ExcelJS.Workbook, year: ApiYear): void {
  const sheet = sheetOf(book, 'So sánh năm trước');
  const s = year.summary;
  const p = s.previous;
  const c = s.change;
  expectText(sheet.getCell(rowWith(sheet, 1, 'Chỉ số'), 2), `Năm ${year.year}`);
  expectText(sheet.getCell(rowWith(sheet, 1, 'Chỉ số'), 3), `Năm ${year.year - 1}`);
  const lines: [string, number | null, number | null, number | null, RegExp][] = [
    ['Số đơn vị được xếp loại', s.unitCount, p?.unitCount ?? null, c?.unitCount ?? null, COUNT],
    [
      'Hoàn thành xuất sắc nhiệm vụ (số đơn vị)',
      s.ratings.EXCELLENT.count,
      p?.ratings.EXCELLENT.count ?? null,
      c?.ratings.EXCELLENT.count ?? null,
      COUNT,
    ],
    [
      'Hoàn thành xuất sắc nhiệm vụ (tỷ lệ)',
      fraction(s.ratings.EXCELLENT.percent),
      fraction(p?.ratings.EXCELLENT.percent ?? null),
      fraction(c?.ratings.EXCELLENT.percentPoints ?? null),
      PERCENT,
    ],
    [
      'Hoàn thành tốt nhiệm vụ (số đơn vị)',
      s.ratings.GOOD.count,
      p?.ratings.GOOD.count ?? null,
      c?.ratings.GOOD.count ?? null,
      COUNT,
    ],
    [
      'Hoàn thành nhiệm vụ (số đơn vị)',
      s.ratings.COMPLETED.count,
      p?.ratings.COMPLETED.count ?? null,
      c?.ratings.COMPLETED.count ?? null,
      COUNT,
    ],
    [
      'Không hoàn thành nhiệm vụ (số đơn vị)',
      s.ratings.NOT_COMPLETED.count,
      p?.ratings.NOT_COMPLETED.count ?? null,
      c?.ratings.NOT_COMPLETED.count ?? null,
      COUNT,
    ],
    ['Chỉ tiêu đạt (số)', s.targets.met, p?.targets.met ?? null, c?.targets.met ?? null, COUNT],
    ['Chỉ tiêu ký kết (số)', s.targets.signed, p?.targets.signed ?? null, c?.targets.signed ?? null, COUNT],
    [
      'Chỉ tiêu đạt (tỷ lệ)',
      fraction(s.targets.percent),
      fraction(p?.targets.percent ?? null),
      fraction(c?.targets.percentPoints ?? null),
      PERCENT,
    ],
    ['Điểm trung bình', s.averageTotal, p?.averageTotal ?? null, c?.averageTotal ?? null, POINTS],
    ['Điểm cao nhất', s.maxTotal, p?.maxTotal ?? null, c?.maxTotal ?? null, POINTS],
  ];
  for (const [label, current, previous, change, format] of lines) {
    const r = rowWith(sheet, 1, label);
    expectNumber(sheet.getCell(r, 2), current, format);
    expectNumber(sheet.getCell(r, 3), previous, format);
    expectNumber(sheet.getCell(r, 4), change, SIGNED.get(format) as RegExp);
  }
  expect(textOf(sheet.getCell('A2')).endsWith(`(chưa có số liệu năm ${year.year - 1})`)).toBe(p === null);
}

/** The organizer's overview: one row per cluster = GET /api/years/:year/summary, totals, a sheet per cluster. */
function expectOverviewBook(book: ExcelJS.Workbook, overview: Body, years: ReadonlyMap<string, ApiYear>): void {
  const clusters: Body[] = overview.clusters;
  expect(book.worksheets.map((s) => s.name)).toEqual(['Tổng hợp các cụm', ...clusters.map((c) => c.clusterCode)]);
  const sheet = sheetOf(book, 'Tổng hợp các cụm');
  expectText(sheet.getCell('A5'), `TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI NĂM ${overview.year}`);
  const header = rowWith(sheet, 1, 'STT');
  clusters.forEach((c, i) => {
    const r = header + 1 + i;
    const cell = (column: number): ExcelJS.Cell => sheet.getCell(r, column);
    expectNumber(cell(1), i + 1, COUNT);
    expectText(cell(2), c.clusterName);
    expectText(cell(3), KIND_LABELS[c.kind]);
    expectNumber(cell(4), c.unitCount, COUNT);
    expectNumber(cell(5), c.excellent.count, COUNT);
    expectNumber(cell(6), fraction(c.excellent.percent), PERCENT);
    expectNumber(cell(7), c.targets.met, COUNT);
    expectNumber(cell(8), c.targets.signed, COUNT);
    expectNumber(cell(9), fraction(c.targets.percent), PERCENT);
    expectText(cell(10), c.status === 'finalized' ? 'Đã chốt' : 'Chưa chốt');
    expectText(cell(11), names(c.leadingUnits));
    expectText(cell(12), c.nextHead?.name ?? '');
    expectText(cell(13), c.nextDeputy?.name ?? '');
  });
  const t = overview.totals;
  const totals = header + 1 + clusters.length;
  expectText(sheet.getCell(totals, 2), `Tổng cộng (${t.clusters} cụm, khối)`);
  expectNumber(sheet.getCell(totals, 4), t.unitCount, COUNT);
  expectNumber(sheet.getCell(totals, 5), t.excellent.count, COUNT);
  expectNumber(sheet.getCell(totals, 6), fraction(t.excellent.percent), PERCENT);
  expectNumber(sheet.getCell(totals, 7), t.targets.met, COUNT);
  expectNumber(sheet.getCell(totals, 8), t.targets.signed, COUNT);
  expectNumber(sheet.getCell(totals, 9), fraction(t.targets.percent), PERCENT);

  for (const c of clusters) {
    const clusterSheet = sheetOf(book, c.clusterCode);
    expectText(clusterSheet.getCell('A1'), c.clusterName);
    expect(textOf(clusterSheet.getCell('A2')).startsWith(`Năm ${overview.year}`)).toBe(true);
    const year = years.get(c.clusterCode);
    if (!year) throw new Error(`no API figures for ${c.clusterCode}`);
    expectScoreTable(clusterSheet, rowWith(clusterSheet, 1, 'STT'), year);
  }
}

/** The widest line of text in a column, from a row on. */
function longestText(sheet: ExcelJS.Worksheet, column: number, fromRow: number): number {
  let longest = 0;
  for (let r = fromRow; r <= sheet.rowCount; r += 1)
    longest = Math.max(longest, textOf(sheet.getCell(r, column)).length);
  return longest;
}

describe('Excel reports (demo data and a cluster built through the API)', () => {
  let app: NestFastifyApplication;
  let admin: Api;
  let cum5: number;
  let bloc: number;
  let inj: number;
  let settings: Body;
  /** API figures by `${code}-${year}`. */
  const years = new Map<string, ApiYear>();
  const overviews = new Map<number, Body>();
  let tmp: string;

  const report = (clusterId: number, year: number): string => `/api/clusters/${clusterId}/years/${year}/report.xlsx`;
  const yearsOf = (year: number): Map<string, ApiYear> =>
    new Map(
      [...years].filter(([key]) => key.endsWith(`-${year}`)).map(([key, value]) => [key.replace(/-\d+$/, ''), value]),
    );

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'thidua-reports-'));
    app = await createTestApp({ demoSeed: 'auto' });
    admin = api(app);
    const clusters: Body[] = (await admin.get('/api/clusters')).body;
    cum5 = clusters.find((c) => c.code === 'CUM5')?.id;
    bloc = clusters.find((c) => c.kind === 'bloc')?.id;
    expect([typeof cum5, typeof bloc]).toEqual(['number', 'number']);

    inj = await createCluster(admin, { code: 'INJ', name: 'Cụm thử tên đơn vị đặc biệt' });
    const [sum, link, plus, minus] = [
      await createUnit(admin, FORMULA_NAMES[3]),
      await createUnit(admin, FORMULA_NAMES[0]),
      await createUnit(admin, FORMULA_NAMES[1]),
      await createUnit(admin, FORMULA_NAMES[2]),
    ];
    const long = await createUnit(admin, LONG_NAME);
    const left = await createUnit(admin, 'Ban Tuyên giáo đã rời cụm');
    await putClusterYear(
      admin,
      inj,
      2030,
      clusterYearBody([link, plus, minus, sum, long, left], {
        headUnitId: link,
        deputyUnitId: plus,
        nextHeadUnitId: minus,
        nextDeputyUnitId: sum,
        conferenceDate: '2030-01-05',
        movements: [{ unitId: left, leftOn: '2030-06-30' }],
      }),
    );
    const enter = async (unitId: number, actual: number, self: number): Promise<void> => {
      const response = await admin.put(`/api/clusters/${inj}/years/2030/results/${unitId}`, {
        results: [
          { criterionCode: '1.1', actual },
          { criterionCode: '1.2', selfScore: self },
        ],
      });
      expect(response.status).toBe(200);
    };
    await enter(sum, 100, 40);
    await enter(link, 100, 35);
    await enter(long, 90, 38);
    await enter(plus, 80, 30);
    await enter(minus, 50, 25);

    settings = (await admin.get('/api/settings/organizer')).body;
    for (const [code, id] of [
      ['CUM5', cum5],
      ['KHOI-DANG', bloc],
    ] as const) {
      for (const year of [2021, 2022]) years.set(`${code}-${year}`, await apiYear(admin, id, year));
    }
    years.set('INJ-2030', await apiYear(admin, inj, 2030));
    for (const year of [2021, 2022, 2030]) overviews.set(year, (await admin.get(`/api/years/${year}/summary`)).body);
  });

  afterAll(async () => {
    await app.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('the INJ standings are as worked out in the header (the data the next cases compare with)', () => {
    const rows: Body[] = (years.get('INJ-2030') as ApiYear).standings.rows;
    expect(rows.map((r) => [r.unit.name, r.rank, r.total])).toEqual([
      ['@SUM(A1)', 1, 100],
      ['=HYPERLINK("http://x","y")', 2, 95],
      [LONG_NAME, 3, 92],
      ['+1+2', 4, 78],
      ['-3', 5, 55],
      ['Ban Tuyên giáo đã rời cụm', null, 0],
    ]);
    expect(rows[5]).toMatchObject({ active: false, rating: null });
    const summary = (years.get('CUM5-2021') as ApiYear).summary;
    expect(summary.ratings.EXCELLENT).toMatchObject({ count: 11, of: 12 });
  });

  it('the cluster report holds the API figures: summary block, score table, per-criterion sheet, comparison', async () => {
    for (const [key, year] of years) {
      const [code] = key.split(/-(?=\d+$)/);
      const { book } = await exportBook(admin, `${year.base}/report.xlsx`);
      expect({ key, sheets: book.worksheets.map((s) => s.name) }).toEqual({
        key,
        sheets: ['Tổng hợp', 'Chi tiết tiêu chí', 'So sánh năm trước'],
      });
      expect(year.summary.clusterCode).toBe(code);
      expectSummarySheet(book, year);
      expectDetailSheet(book, year);
      expectComparisonSheet(book, year);
    }
    // the published case, spelled out: 11/12 → 0.91666…, 108/120 → 0.9
    const { book } = await exportBook(admin, report(cum5, 2021));
    const sheet = sheetOf(book, 'Tổng hợp');
    const excellent = rowWith(sheet, 2, 'Hoàn thành xuất sắc nhiệm vụ');
    expect([sheet.getCell(excellent, 6).value, sheet.getCell(excellent, 7).value]).toEqual([11, 12]);
    expect(sheet.getCell(excellent, 8).value as number).toBeCloseTo(11 / 12, 12);
    expect(sheet.getCell(excellent, 8).numFmt).toContain('%');
    const targets = rowWith(sheet, 2, 'Chỉ tiêu ký kết đạt (đạt / ký kết)');
    expect([8, 6, 7].map((c) => sheet.getCell(targets, c).value)).toEqual([0.9, 108, 120]);
  });

  it('the overview holds GET /api/years/:year/summary: one row per cluster, the totals, a sheet per cluster', async () => {
    for (const year of [2021, 2022, 2030]) {
      const overview = overviews.get(year) as Body;
      expect(overview.clusters.length).toBeGreaterThan(0);
      const { book } = await exportBook(admin, `/api/years/${year}/report.xlsx`);
      expectOverviewBook(book, overview, yearsOf(year));
    }
    expect((overviews.get(2021) as Body).clusters.map((c: Body) => c.clusterCode)).toEqual(['CUM5', 'KHOI-DANG']);
  });

  it('no cell of any export is a formula, and every figure cell is a typed number', async () => {
    const urls = [...[...years.values()].map((y) => `${y.base}/report.xlsx`), '/api/years/2021/report.xlsx'];
    for (const url of urls) {
      const { book } = await exportBook(admin, url);
      let numbers = 0;
      everyCell(book, (cell, sheet) => {
        const where = `${url} ${sheet.name}!${cell.address}`;
        expect({ where, type: cell.type }).not.toEqual({ where, type: ExcelJS.ValueType.Formula });
        expect({ where, formula: cell.formula ?? null }).toEqual({ where, formula: null });
        // no figure left as text such as "95,33" or "91,67%" (criterion codes such as "1.10" are text)
        if (typeof cell.value === 'string') {
          expect({ where, text: /^[-+]?\d[\d.]*(,\d+)?%$|^[-+]?\d[\d.]*,\d+$/.test(cell.value) }).toEqual({
            where,
            text: false,
          });
        }
        if (typeof cell.value === 'number') numbers += 1;
      });
      expect(numbers).toBeGreaterThan(10);
    }
  });

  it('unit names that look like formulas export as text in every sheet', async () => {
    for (const url of [report(inj, 2030), '/api/years/2030/report.xlsx']) {
      const { book } = await exportBook(admin, url);
      const seen = new Map<string, string[]>(FORMULA_NAMES.map((name) => [name, []]));
      everyCell(book, (cell, sheet) => {
        if (cell.type === ExcelJS.ValueType.Merge) return; // the rest of a merged cell: its master is checked
        const where = `${sheet.name}!${cell.address}`;
        const text = textOf(cell);
        const name = FORMULA_NAMES.find((n) => text === n || text.includes(n));
        if (name === undefined) return;
        expect({ where, type: cell.type, jsType: typeof cell.value }).toEqual({
          where,
          type: ExcelJS.ValueType.String,
          jsType: 'string',
        });
        expect({ where, formula: cell.formula ?? null }).toEqual({ where, formula: null });
        seen.get(name)?.push(where);
      });
      for (const [name, places] of seen)
        expect({ url, name, found: places.length > 0 }).toEqual({ url, name, found: true });
    }
    // in the cluster report: the score table, the detail header, head / deputy / next head / next deputy
    const { book } = await exportBook(admin, report(inj, 2030));
    const summary = sheetOf(book, 'Tổng hợp');
    const heads = rowWith(summary, 2, 'Cụm trưởng, cụm phó năm 2030');
    expect([summary.getCell(heads, 6).value, summary.getCell(heads, 10).value]).toEqual(FORMULA_NAMES.slice(0, 2));
    const next = rowWith(summary, 2, 'Cụm trưởng, cụm phó năm 2031');
    expect([summary.getCell(next, 6).value, summary.getCell(next, 10).value]).toEqual(FORMULA_NAMES.slice(2));
    expect(summary.getCell(rowWith(summary, 2, 'Đơn vị dẫn đầu'), 6).value).toBe('@SUM(A1)');
  });

  it('LibreOffice opens the exports: its CSV shows the unit names, the totals as displayed and the literal names', async () => {
    const urls: Record<string, string> = {
      'CUM5-2021': report(cum5, 2021),
      'KHOI-DANG-2022': report(bloc, 2022),
      'INJ-2030': report(inj, 2030),
      'overview-2021': '/api/years/2021/report.xlsx',
      'overview-2030': '/api/years/2030/report.xlsx',
    };
    const files: string[] = [];
    for (const [base, url] of Object.entries(urls)) {
      files.push(path.join(tmp, `${base}.xlsx`));
      await writeFile(files[files.length - 1], (await exportBook(admin, url)).bytes);
    }
    const csv = await libreOfficeCsv(files);
    const displayed = (value: number, suffix = ''): string[] => {
      const dot = `${value.toFixed(2)}${suffix}`;
      return [dot, dot.replace('.', ',')];
    };
    for (const key of ['CUM5-2021', 'KHOI-DANG-2022', 'INJ-2030']) {
      const rows = csv.get(key) as string[][];
      const year = years.get(key) as ApiYear;
      for (const row of year.standings.rows as Body[]) {
        const line = rows.find((cells) => cells[COL.name - 1] === row.unit.name);
        expect({ key, name: row.unit.name, found: line !== undefined }).toEqual({
          key,
          name: row.unit.name,
          found: true,
        });
        expect(displayed(row.total)).toContain(line?.[COL.total - 1]);
        expect(displayed(row.base)).toContain(line?.[COL.reviewed - 1]);
        expect(line?.[COL.rank - 1]).toBe(row.rank === null ? '' : String(row.rank));
      }
      const excellent = rows.find((cells) => cells[1] === 'Hoàn thành xuất sắc nhiệm vụ');
      const percent = year.summary.ratings.EXCELLENT.percent as number;
      expect(displayed(percent, '%')).toContain(excellent?.[7]);
      expect(rows.some((cells) => cells.includes(settings.issuingBody))).toBe(true);
    }
    expect(csv.get('CUM5-2021')?.find((cells) => cells[1] === 'Hoàn thành xuất sắc nhiệm vụ')?.[7]).toMatch(
      /^91[.,]67%$/,
    );
    for (const name of FORMULA_NAMES) {
      expect((csv.get('INJ-2030') as string[][]).some((cells) => cells[COL.name - 1] === name)).toBe(true);
    }
    for (const year of [2021, 2030]) {
      const rows = csv.get(`overview-${year}`) as string[][];
      for (const c of (overviews.get(year) as Body).clusters as Body[]) {
        const line = rows.find((cells) => cells[1] === c.clusterName);
        expect(line?.[3]).toBe(String(c.unitCount));
        expect(displayed(c.targets.percent as number, '%')).toContain(line?.[8]);
      }
    }
    const overview2030 = csv.get('overview-2030') as string[][];
    expect(overview2030.some((cells) => cells[11] === '-3' && cells[12] === '@SUM(A1)')).toBe(true);
  }, 90_000);

  it('prints on A4 landscape with repeated header rows and frozen panes; the name column fits the names', async () => {
    const books = [
      { url: report(inj, 2030), header: { 'Tổng hợp': 'STT', 'Chi tiết tiêu chí': 'Mã', 'So sánh năm trước': '' } },
      { url: report(cum5, 2021), header: { 'Tổng hợp': 'STT' } },
      { url: '/api/years/2021/report.xlsx', header: { 'Tổng hợp các cụm': 'STT', CUM5: 'STT', 'KHOI-DANG': 'STT' } },
    ];
    for (const { url, header } of books) {
      const { book } = await exportBook(admin, url);
      for (const sheet of book.worksheets) {
        const where = `${url} ${sheet.name}`;
        expect({ where, paperSize: sheet.pageSetup.paperSize, orientation: sheet.pageSetup.orientation }).toEqual({
          where,
          paperSize: 9,
          orientation: 'landscape',
        });
        expect({ where, state: sheet.views[0]?.state }).toEqual({ where, state: 'frozen' });
        const titles = sheet.pageSetup.printTitlesRow ?? '';
        expect({ where, titles }).toEqual({ where, titles: expect.stringMatching(/^\d+:\d+$/) });
        const label = (header as unknown as Record<string, string | undefined>)[sheet.name];
        if (label === undefined) continue;
        const headerRow = label === '' ? rowWith(sheet, 1, 'Chỉ số') : rowWith(sheet, label === 'Mã' ? 2 : 1, label);
        // the table header repeats on every page, and stays in view
        const lastTitleRow = Number(titles.split(':')[1]);
        expect({ where, lastTitleRow }).toEqual({ where, lastTitleRow: label === 'Mã' ? headerRow + 1 : headerRow });
        const frozen = sheet.views[0] as { ySplit?: number };
        expect({ where, ySplit: frozen.ySplit }).toEqual({ where, ySplit: lastTitleRow });
        if (label === 'STT') {
          const names = longestText(sheet, 2, headerRow + 1);
          expect({ where, fits: (sheet.getColumn(2).width ?? 0) >= names }).toEqual({ where, fits: true });
        }
      }
    }
    const { book } = await exportBook(admin, report(inj, 2030));
    expect(sheetOf(book, 'Tổng hợp').getColumn(2).width ?? 0).toBeGreaterThanOrEqual(LONG_NAME.length);
  });

  it('the header carries the organizer and the date line the conference date ("…, ngày dd tháng mm năm yyyy")', async () => {
    const cases: [string, string][] = [
      [report(cum5, 2021), `${settings.place}, ngày 03 tháng 12 năm 2021`],
      [report(cum5, 2022), `${settings.place}, ngày 06 tháng 12 năm 2022`],
      [report(inj, 2030), `${settings.place}, ngày 05 tháng 01 năm 2030`],
    ];
    for (const [url, line] of cases) {
      const { book } = await exportBook(admin, url);
      const sheet = sheetOf(book, 'Tổng hợp');
      expectText(sheet.getCell('A1'), settings.parentBody);
      expectText(sheet.getCell('A2'), settings.issuingBody);
      expectText(sheet.getCell('H1'), settings.mottoLines[0]);
      expectText(sheet.getCell('H3'), line);
    }
    // the overview has no conference date: today's
    const { book } = await exportBook(admin, '/api/years/2021/report.xlsx');
    expectText(sheetOf(book, 'Tổng hợp các cụm').getCell('H3'), todayLine(settings.place));
  });

  it('every role may export (xlsx attachment); no token → 401; unknown cluster / year → 404 JSON', async () => {
    const clients: [string, Api][] = [
      ['admin', admin],
      ['secretary', api(app, await tokenFor(app, 'secretary', [cum5]))],
      ['secretary of another cluster', api(app, await tokenFor(app, 'secretary', [bloc]))],
      ['leader', api(app, await tokenFor(app, 'leader'))],
      ['reporter', api(app, await tokenFor(app, 'reporter'))],
    ];
    for (const [role, client] of clients) {
      for (const [url, file] of [
        [report(cum5, 2021), 'bao-cao-CUM5-2021.xlsx'],
        ['/api/years/2022/report.xlsx', 'tong-hop-cum-khoi-2022.xlsx'],
      ]) {
        const response = await download(client, url);
        expect({ role, url, status: response.status }).toEqual({ role, url, status: 200 });
        expect(String(response.headers['content-type'])).toContain(XLSX_TYPE);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="${file}"`);
        expect(response.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
        expect((await loadBook(response.bytes)).worksheets.length).toBeGreaterThan(0);
      }
    }

    const expectError = (response: { status: number; headers: Record<string, unknown>; bytes: Buffer }) => {
      expect(String(response.headers['content-type'])).toContain('application/json');
      const body = JSON.parse(response.bytes.toString('utf8')) as Body;
      expect(body.statusCode).toBe(response.status);
      expect(typeof body.code).toBe('string');
      expect(typeof body.message).toBe('string');
      expect(Object.keys(body).every((key) => ['statusCode', 'code', 'message', 'errors'].includes(key))).toBe(true);
      return body;
    };
    const anonymous = api(app, null);
    for (const url of [report(cum5, 2021), '/api/years/2021/report.xlsx']) {
      const response = await download(anonymous, url);
      expect(response.status).toBe(401);
      expect(expectError(response).code).toBe('UNAUTHENTICATED');
    }
    for (const [url, code] of [
      [report(MISSING, 2021), (await admin.get(`/api/clusters/${MISSING}/years/2021/standings`)).body.code],
      [report(cum5, 2019), 'CLUSTER_YEAR_NOT_FOUND'],
      [report(inj, 2021), 'CLUSTER_YEAR_NOT_FOUND'],
    ]) {
      const response = await download(admin, url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(expectError(response).code).toBe(code);
    }
    const badYear = await download(admin, '/api/years/abc/report.xlsx');
    expect(badYear.status).toBe(400);
    expect(expectError(badYear).code).toBe('VALIDATION_FAILED');
  });

  it('cluster codes that are no valid sheet names as such still give one readable sheet per cluster', async () => {
    // Excel: at most 31 characters, none of []:*?/\\, no leading/trailing apostrophe, not "History",
    // unique ignoring case; LibreOffice refuses to load a workbook with a sheet named 'Q'.
    const codes = [
      'dup',
      'DUP',
      "'Q'",
      'History',
      `${'A'.repeat(35)}1`,
      `${'A'.repeat(35)}2`,
      'a/b',
      'Tổng hợp các cụm',
    ];
    for (const code of codes) {
      const id = await createCluster(admin, { code, name: `Cụm có mã ${code}` });
      await putClusterYear(admin, id, 2040, clusterYearBody([await createUnit(admin, `Đơn vị của cụm ${code}`)]));
    }
    const { bytes } = await download(admin, '/api/years/2040/report.xlsx');
    const book = await loadBook(bytes);
    const sheetNames = book.worksheets.map((sheet) => sheet.name);
    expect(sheetNames.length).toBe(codes.length + 1);
    expect(new Set(sheetNames.map((name) => name.toLowerCase())).size).toBe(sheetNames.length);
    for (const name of sheetNames) {
      expect({ name, valid: name.length <= 31 && !/[[\]:*?/\\]|^'|'$/.test(name) && name !== 'History' }).toEqual({
        name,
        valid: true,
      });
    }
    expect(
      book.worksheets
        .slice(1)
        .map((sheet) => textOf(sheet.getCell('A1')))
        .sort(),
    ).toEqual(codes.map((code) => `Cụm có mã ${code}`).sort());
    const file = path.join(tmp, 'overview-2040.xlsx');
    await writeFile(file, bytes);
    expect((await libreOfficeCsv([file])).get('overview-2040')?.length).toBeGreaterThan(0);
  }, 90_000);

  it('organizer settings: 400 on bad input, 403 for a secretary, 409 when stale; the new header is printed', async () => {
    const before = (await admin.get('/api/settings/organizer')).body;
    const body = {
      version: before.version,
      parentBody: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI',
      issuingBody: 'HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG',
      mottoKind: 'state',
      place: 'Hà Nội',
    };
    for (const [bad, fields] of [
      [{ ...body, mottoKind: 'kingdom' }, ['mottoKind']],
      [{ ...body, issuingBody: '   ' }, ['issuingBody']],
      [{ ...body, parentBody: 'X'.repeat(256), place: undefined }, ['parentBody', 'place']],
      [{ ...body, version: 0 }, ['version']],
    ] as [Body, string[]][]) {
      const response = await admin.put('/api/settings/organizer', bad);
      expect({ fields, status: response.status, code: response.body.code }).toEqual({
        fields,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(Object.keys(response.body.errors ?? {})).toEqual(expect.arrayContaining(fields));
    }
    const secretary = api(app, await tokenFor(app, 'secretary', [cum5]));
    const forbidden = await secretary.put('/api/settings/organizer', body);
    expect({ status: forbidden.status, code: forbidden.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await admin.get('/api/settings/organizer')).body).toEqual(before);

    const saved = await admin.put('/api/settings/organizer', body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      ...body,
      version: before.version + 1,
      mottoLines: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    });
    const stale = await admin.put('/api/settings/organizer', { ...body, issuingBody: 'BAN KHÁC' });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'VERSION_CONFLICT' });
    expect((await admin.get('/api/settings/organizer')).body).toEqual(saved.body);

    const cluster = sheetOf((await exportBook(admin, report(cum5, 2021))).book, 'Tổng hợp');
    const overview = sheetOf((await exportBook(admin, '/api/years/2021/report.xlsx')).book, 'Tổng hợp các cụm');
    for (const sheet of [cluster, overview]) {
      expectText(sheet.getCell('A1'), body.parentBody);
      expectText(sheet.getCell('A2'), body.issuingBody);
      expectText(sheet.getCell('H1'), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expectText(sheet.getCell('H2'), 'Độc lập - Tự do - Hạnh phúc');
    }
    expectText(cluster.getCell('H3'), 'Hà Nội, ngày 03 tháng 12 năm 2021');
    expectText(overview.getCell('H3'), todayLine('Hà Nội'));
    // the figures do not move
    expectSummarySheet((await exportBook(admin, report(cum5, 2021))).book, years.get('CUM5-2021') as ApiYear);
  });
});

describe('report templates replaced by the organizer', () => {
  const source = path.resolve('templates/reports');
  let dir: string;
  let app: NestFastifyApplication;
  let admin: Api;

  /** A copy of the committed templates, edited by `edit` (as an organizer would in Excel). */
  async function templatesCopy(edit: (file: string, book: ExcelJS.Workbook) => void | Promise<void>): Promise<string> {
    const target = await mkdtemp(path.join(os.tmpdir(), 'thidua-templates-'));
    for (const file of ['cluster-report.xlsx', 'overview.xlsx']) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(source, file));
      await edit(file, book);
      await book.xlsx.writeFile(path.join(target, file));
    }
    await copyFile(path.join(source, 'summary-report.docx'), path.join(target, 'summary-report.docx'));
    return target;
  }

  beforeAll(async () => {
    dir = await templatesCopy((file, book) => {
      if (file === 'cluster-report.xlsx') {
        const summary = sheetOf(book, 'Tổng hợp');
        summary.getCell('B22').value = 'Đơn vị thành viên';
        summary.getCell('B22').font = { name: 'Arial', size: 13, bold: true, color: { argb: 'FFC00000' } };
        summary.getCell('G22').value = 'Tổng điểm đạt được';
        summary.getCell('B23').font = { name: 'Arial', size: 11, italic: true };
        summary.getColumn(3).width = 25;
        summary.getColumn(13).width = 40;
        summary.getCell('A21').value = 'Số liệu do thư ký cụm tổng hợp, đã đối chiếu biên bản hội nghị.';
        summary.getCell('B25').value = 'Người lập biểu';
        sheetOf(book, 'Chi tiết tiêu chí').getCell('H5').value = 'Điểm được tính';
      } else {
        const overview = sheetOf(book, 'Tổng hợp các cụm');
        overview.getCell('B8').value = 'Tên cụm, khối thi đua';
        overview.getCell('B9').font = { name: 'Arial', size: 12, bold: true };
        sheetOf(book, 'Cụm').getCell('B4').value = 'Đơn vị thành viên';
      }
    });
    app = await createTestApp({ demoSeed: 'auto', reportTemplatesDir: dir });
    admin = api(app);
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the edited titles, fonts, widths and extra text come out, with the data still filled', async () => {
    const clusters: Body[] = (await admin.get('/api/clusters')).body;
    const cum5 = clusters.find((c) => c.code === 'CUM5')?.id as number;
    const year = await apiYear(admin, cum5, 2021);
    const { book } = await exportBook(admin, `${year.base}/report.xlsx`);
    const sheet = sheetOf(book, 'Tổng hợp');
    expectText(sheet.getCell('B22'), 'Đơn vị thành viên');
    expectText(sheet.getCell('G22'), 'Tổng điểm đạt được');
    expect(sheet.getCell('B22').font).toMatchObject({
      name: 'Arial',
      size: 13,
      bold: true,
      color: { argb: 'FFC00000' },
    });
    expectText(sheet.getCell('A21'), 'Số liệu do thư ký cụm tổng hợp, đã đối chiếu biên bản hội nghị.');
    expect(sheet.getColumn(3).width).toBe(25);
    expect(sheet.getColumn(13).width).toBe(40);
    expectSummarySheet(book, year);
    const rows: Body[] = year.standings.rows;
    rows.forEach((_, i) =>
      expect(sheet.getCell(23 + i, 2).font).toMatchObject({ name: 'Arial', size: 11, italic: true }),
    );
    // the line below the table moved down with it
    const signature = rowWith(sheet, 2, 'Người lập biểu');
    expect(signature).toBe(25 + rows.length - 1);
    expectDetailSheet(book, year, 'Điểm được tính');
    expectComparisonSheet(book, year);

    const overview = await admin.get('/api/years/2021/summary');
    const years = new Map<string, ApiYear>([['CUM5', year]]);
    const bloc = overview.body.clusters.find((c: Body) => c.clusterCode !== 'CUM5');
    years.set(bloc.clusterCode, await apiYear(admin, bloc.clusterId, 2021));
    const overviewBook = (await exportBook(admin, '/api/years/2021/report.xlsx')).book;
    const first = sheetOf(overviewBook, 'Tổng hợp các cụm');
    expectText(first.getCell('B8'), 'Tên cụm, khối thi đua');
    expect(first.getCell('B9').font).toMatchObject({ name: 'Arial', bold: true });
    for (const code of ['CUM5', bloc.clusterCode])
      expectText(sheetOf(overviewBook, code).getCell('B4'), 'Đơn vị thành viên');
    expectOverviewBook(overviewBook, overview.body, years);
  });

  it('a template without a required placeholder (or sheet) stops the start, naming it', async () => {
    const noTotal = await templatesCopy((file, book) => {
      if (file === 'cluster-report.xlsx') sheetOf(book, 'Tổng hợp').getCell('G23').value = 'Tổng điểm';
    });
    const noSheet = await templatesCopy((file, book) => {
      if (file === 'cluster-report.xlsx') book.removeWorksheet(sheetOf(book, 'So sánh năm trước').id);
    });
    try {
      await expect(startWithTemplates(noTotal)).rejects.toThrow(
        `${path.join(noTotal, 'cluster-report.xlsx')} thiếu chỗ điền bắt buộc: "Tổng hợp": {{row.total}}`,
      );
      await expect(startWithTemplates(noSheet)).rejects.toThrow('So sánh năm trước');
    } finally {
      await rm(noTotal, { recursive: true, force: true });
      await rm(noSheet, { recursive: true, force: true });
    }
  });

  it('a missing or unreadable template file stops the start, naming it', async () => {
    const partial = await mkdtemp(path.join(os.tmpdir(), 'thidua-templates-'));
    try {
      await copyFile(path.join(source, 'cluster-report.xlsx'), path.join(partial, 'cluster-report.xlsx'));
      await expect(startWithTemplates(partial)).rejects.toThrow(path.join(partial, 'overview.xlsx'));
      await writeFile(path.join(partial, 'overview.xlsx'), 'not a workbook');
      await expect(startWithTemplates(partial)).rejects.toThrow(path.join(partial, 'overview.xlsx'));
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  });
});
