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
import { entriesOf } from '../factories/zip.factory.js';
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
  expectText(sheet.getCell('A6'), `BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM ${year.year}`);
  expect(textOf(sheet.getCell('A7'))).toContain(s.clusterName);
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
  // one figure a row, each labelled
  expectNumber(sheet.getCell(rowWith(sheet, 2, 'Điểm trung bình (tổng điểm)'), 6), s.averageTotal, POINTS);
  expectNumber(sheet.getCell(rowWith(sheet, 2, 'Điểm cao nhất (tổng điểm)'), 6), s.maxTotal, POINTS);
  expectText(sheet.getCell(rowWith(sheet, 2, 'Đơn vị dẫn đầu'), 6), names(s.leadingUnits));
  const [head, deputy] =
    year.clusterYear.clusterCode === 'KHOI-DANG' ? ['Khối trưởng', 'Khối phó'] : ['Cụm trưởng', 'Cụm phó'];
  for (const [label, ref] of [
    [`${head} năm ${year.year}`, s.head],
    [`${deputy} năm ${year.year}`, s.deputy],
    [`${head} năm ${year.year + 1}`, s.nextHead],
    [`${deputy} năm ${year.year + 1}`, s.nextDeputy],
  ] as const)
    expectText(sheet.getCell(rowWith(sheet, 2, label), 6), ref?.name ?? '');
  for (const [label, iso] of [
    ['Ngày ký giao ước thi đua', year.clusterYear.covenantDate as string | null],
    ['Ngày hội nghị tổng kết', year.clusterYear.conferenceDate as string | null],
  ] as const) {
    const cell = sheet.getCell(rowWith(sheet, 2, label), 6);
    // a real date (UTC midnight) with a dd/mm/yyyy format, or empty when not known
    if (iso === null) expect(cell.value ?? null).toBeNull();
    else
      expect({ value: cell.value, fmt: cell.numFmt }).toEqual({
        value: new Date(`${iso}T00:00:00Z`),
        fmt: 'dd/mm/yyyy',
      });
  }
  const dates = rowWith(sheet, 2, 'Ngày hội nghị tổng kết');
  expectText(sheet.getCell(dates + 1, 2), s.unitCount === 0 ? '' : `Kết quả: ${s.sentence}.`);
  // a draft says so under the summary and at the top of every printed page
  const finalized = year.clusterYear.status === 'finalized';
  expect(textOf(sheet.getCell(dates + 2, 2))).toMatch(
    finalized ? /^Kết quả đã được hội nghị tổng kết thông qua và chốt ngày \d\d\/\d\d\/\d{4}\.$/ : /^DỰ THẢO: /,
  );
  for (const each of book.worksheets)
    expect(each.headerFooter.oddHeader ?? '').toBe(finalized ? '' : '&R&"Times New Roman,Bold"&14DỰ THẢO');
  expectScoreTable(sheet, rowWith(sheet, 1, 'STT'), year);
}

/**
 * "Chi tiết tiêu chí": one block per unit in ranking order (its heading with rank, rating and total,
 * then every criterion), each block on a page of its own; "Điểm tính" = the API's final, penalties
 * negative in their rows as in their groups.
 */
function expectDetailSheet(book: ExcelJS.Workbook, year: ApiYear, finalTitle = 'Điểm tính'): void {
  const sheet = sheetOf(book, 'Chi tiết tiêu chí');
  const header = rowWith(sheet, 1, 'Mã');
  expectText(sheet.getCell(header, 7), finalTitle);
  const table: Body[] = year.clusterYear.scoringTable;
  const standings: Body[] = year.standings.rows;
  const blocks = standings.length;
  standings.forEach((row, b) => {
    const top = header + 1 + b * (table.length + 1);
    expectText(sheet.getCell(top, 1), String(b + 1));
    expect(textOf(sheet.getCell(top, 2))).toMatch(new RegExp(`^${escapeRegExp(row.unit.name)} — `));
    expect(sheet.getCell(top, 2).font?.bold).toBe(true);
    expectNumber(sheet.getCell(top, 7), row.total, POINTS);
    const results = year.results.get(row.unit.id) as Body;
    const leaves = new Map<string, Body>(results.results.map((l: Body) => [l.criterionCode, l]));
    const groups = new Map<string, Body>(results.groups.map((g: Body) => [g.code, g]));
    table.forEach((criterion, i) => {
      const r = top + 1 + i;
      expectText(sheet.getCell(r, 1), criterion.code);
      expectText(sheet.getCell(r, 2), criterion.title);
      expect(Boolean(sheet.getCell(r, 2).font?.bold)).toBe(!criterion.kind);
      const sign = criterion.kind === 'penalty' ? -1 : 1;
      if (criterion.kind) expectNumber(sheet.getCell(r, 3), criterion.maxPoints * sign, POINTS);
      const leaf = leaves.get(criterion.code);
      if (leaf) expectNumber(sheet.getCell(r, 7), leaf.final * sign || 0, POINTS);
      const group = groups.get(criterion.code);
      if (group) expectNumber(sheet.getCell(r, 7), group.score, POINTS);
    });
  });
  expect(textOf(sheet.getCell(header + 1 + blocks * (table.length + 1), 2))).toBe('');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  expectText(sheet.getCell('A6'), `TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI NĂM ${overview.year}`);
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
    // each cluster's sheet is a document of its own: the header, its title, the cluster's name
    expectText(clusterSheet.getCell('A2'), textOf(sheet.getCell('A2')));
    expectText(clusterSheet.getCell('H4'), textOf(sheet.getCell('H4')));
    expectText(clusterSheet.getCell('A6'), `BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM ${overview.year}`);
    expectText(clusterSheet.getCell('A7'), c.clusterName);
    expect(textOf(clusterSheet.getCell('A8'))).toMatch(c.status === 'finalized' ? /^Kết quả đã được/ : /^DỰ THẢO: /);
    const year = years.get(c.clusterCode);
    if (!year) throw new Error(`no API figures for ${c.clusterCode}`);
    expectScoreTable(clusterSheet, rowWith(clusterSheet, 1, 'STT'), year);
  }
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
    const heads = ['Cụm trưởng năm 2030', 'Cụm phó năm 2030', 'Cụm trưởng năm 2031', 'Cụm phó năm 2031'];
    expect(heads.map((label) => summary.getCell(rowWith(summary, 2, label), 6).value)).toEqual(FORMULA_NAMES);
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

  it('prints on A4 with repeated header rows, frozen panes, page numbers; fitted to the width at 10 pt or more; long names wrap', async () => {
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
          orientation: sheet.name === 'So sánh năm trước' ? 'portrait' : 'landscape',
        });
        expect({ where, state: sheet.views[0]?.state }).toEqual({ where, state: 'frozen' });
        expect({ where, footer: sheet.headerFooter.oddFooter }).toEqual({
          where,
          footer: expect.stringContaining('Trang &P'),
        });
        // fitted to the page's width, and the widths keep 12 pt text at 10 pt or more: the printable
        // width of A4 landscape holds about 146 units at 100 %
        const widths = Array.from({ length: sheet.columnCount }, (_, i) => sheet.getColumn(i + 1).width ?? 9);
        const total = widths.reduce((a, b) => a + b, 0);
        const printable = sheet.pageSetup.orientation === 'portrait' ? 100 : 146;
        expect({ where, fit: sheet.pageSetup.fitToPage, scale: Math.min(1, printable / total) >= 10 / 12 }).toEqual({
          where,
          fit: true,
          scale: true,
        });
        const titles = sheet.pageSetup.printTitlesRow ?? '';
        expect({ where, titles }).toEqual({ where, titles: expect.stringMatching(/^\d+:\d+$/) });
        const label = (header as unknown as Record<string, string | undefined>)[sheet.name];
        if (label === undefined) continue;
        const headerRow = label === '' ? rowWith(sheet, 1, 'Chỉ số') : rowWith(sheet, 1, label);
        // the table header repeats on every page, and stays in view
        const lastTitleRow = Number(titles.split(':')[1]);
        expect({ where, lastTitleRow }).toEqual({ where, lastTitleRow: headerRow });
        const frozen = sheet.views[0] as { ySplit?: number };
        expect({ where, ySplit: frozen.ySplit }).toEqual({ where, ySplit: lastTitleRow });
      }
    }
    // a name longer than its column wraps onto a taller row instead of widening the page
    const { book } = await exportBook(admin, report(inj, 2030));
    const sheet = sheetOf(book, 'Tổng hợp');
    const r = rowWith(sheet, 2, LONG_NAME);
    expect(sheet.getColumn(2).width ?? 0).toBeLessThan(LONG_NAME.length);
    expect(sheet.getCell(r, 2).alignment?.wrapText).toBe(true);
    expect(sheet.getRow(r).height ?? 0).toBeGreaterThanOrEqual(30);
    expect(sheet.getRow(r + 1).height ?? 15).toBeLessThan(20);
  });

  it('"Chi tiết tiêu chí" starts each unit on a page of its own', async () => {
    const { bytes, book } = await exportBook(admin, report(cum5, 2021));
    const sheet = sheetOf(book, 'Chi tiết tiêu chí');
    const header = rowWith(sheet, 1, 'Mã');
    const blockRows = (years.get('CUM5-2021') as ApiYear).clusterYear.scoringTable.length + 1;
    const sheetXml =
      entriesOf(bytes)
        .filter((e) => e.name.startsWith('xl/worksheets/'))
        .map((e) => e.data.toString('utf8'))
        .find((xml) => xml.includes('<rowBreaks')) ?? '';
    const breaks = [...sheetXml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(breaks).toEqual(Array.from({ length: 11 }, (_, b) => header + (b + 1) * blockRows));
  });

  it('the header: organizer, rules, number line and the date line (the date asked for, else the conference date)', async () => {
    const cases: [string, string, string][] = [
      [report(cum5, 2021), `${settings.place}, ngày 03 tháng 12 năm 2021`, `Số: ${'\u00a0'.repeat(6)}/BC-CTĐ`],
      [
        `${report(cum5, 2022)}?number=8&date=2022-12-20`,
        `${settings.place}, ngày 20 tháng 12 năm 2022`,
        'Số: 8/BC-CTĐ',
      ],
      [report(inj, 2030), `${settings.place}, ngày 05 tháng 01 năm 2030`, `Số: ${'\u00a0'.repeat(6)}/BC-CTĐ`],
    ];
    for (const [url, line, number] of cases) {
      const { book } = await exportBook(admin, url);
      const sheet = sheetOf(book, 'Tổng hợp');
      expectText(sheet.getCell('A1'), settings.parentBody);
      expectText(sheet.getCell('A2'), settings.issuingBody);
      expectText(sheet.getCell('H1'), settings.mottoLines[0]);
      expectText(sheet.getCell('A4'), number);
      expectText(sheet.getCell('H4'), line);
      // the short rules under the issuing body and the motto
      expect(sheet.getCell('B3').border?.top?.style).toBe('thin');
      expect(sheet.getCell('J3').border?.top?.style).toBe('thin');
    }
    // the overview: the last conference of the year, or the date asked for; a year without data is refused
    const { book } = await exportBook(admin, '/api/years/2021/report.xlsx');
    const lastConference = [...yearsOf(2021).values()]
      .map((y) => y.clusterYear.conferenceDate as string)
      .sort()
      .at(-1) as string;
    const [yyyy, mm, dd] = lastConference.split('-');
    expectText(
      sheetOf(book, 'Tổng hợp các cụm').getCell('H4'),
      `${settings.place}, ngày ${dd} tháng ${mm} năm ${yyyy}`,
    );
    const asked = await exportBook(admin, '/api/years/2021/report.xlsx?date=2022-01-15&number=2');
    expectText(sheetOf(asked.book, 'Tổng hợp các cụm').getCell('H4'), `${settings.place}, ngày 15 tháng 01 năm 2022`);
    expectText(sheetOf(asked.book, 'Tổng hợp các cụm').getCell('A4'), 'Số: 2/BC-BTG');
    const empty = await admin.get('/api/years/2040/report.xlsx');
    expect(empty.status).toBe(404);
    expect(empty.body.message).toBe(
      'Năm 2040 chưa có cụm, khối nào có dữ liệu: không có gì để tổng hợp. Hãy chọn năm khác.',
    );
    expect((await admin.get('/api/years/2021/report.xlsx?date=2021-13-01')).status).toBe(400);
  });

  it('the signature block and "Nơi nhận" under the tables: the cluster signs through its head; the overview through the organizer', async () => {
    const year = (await admin.get(`/api/clusters/${cum5}/years/2022`)).body;
    expect(
      (
        await admin.put(`/api/clusters/${cum5}/years/2022/report-texts`, {
          version: year.version,
          signerName: 'Phạm Thị Dung',
        })
      ).status,
    ).toBe(200);
    const { book } = await exportBook(admin, report(cum5, 2022));
    const sheet = sheetOf(book, 'Tổng hợp');
    const recipients = rowWith(sheet, 1, 'Nơi nhận:');
    expect(recipients).toBeGreaterThan(rowWith(sheet, 1, 'STT') + 12);
    expectText(sheet.getCell(recipients + 1, 1), `- ${settings.issuingBody} (để báo cáo);`);
    expectText(sheet.getCell(recipients, 8), `TM. ${year.clusterName.toLocaleUpperCase('vi')}`);
    expectText(sheet.getCell(recipients + 1, 8), 'CỤM TRƯỞNG');
    expectText(sheet.getCell(recipients + 7, 8), 'Phạm Thị Dung');
    // merged across the block, as in the template (the filler moved the merges with the rows)
    expect(sheet.getCell(recipients, 12).master.address).toBe(`H${recipients}`);
    const note = rowWith(
      sheet,
      1,
      'Cột “Số phiếu (%)” và “Đề nghị khen thưởng” để trống: ghi sau khi hội nghị tổng kết biểu quyết.',
    );
    expect(note).toBe(recipients - 2);

    const saved = await admin.put('/api/settings/organizer', {
      version: settings.version,
      parentBody: settings.parentBody,
      issuingBody: settings.issuingBody,
      mottoKind: settings.mottoKind,
      place: settings.place,
      signerAuthority: 'KT. TRƯỞNG BAN',
      signerTitle: 'PHÓ TRƯỞNG BAN',
      signerName: 'Võ Văn Em',
    });
    expect(saved.status).toBe(200);
    settings = saved.body;
    const overview = sheetOf((await exportBook(admin, '/api/years/2022/report.xlsx')).book, 'Tổng hợp các cụm');
    const block = rowWith(overview, 1, 'Nơi nhận:');
    expect([0, 1, 7].map((i) => textOf(overview.getCell(block + i, 8)))).toEqual([
      'KT. TRƯỞNG BAN',
      'PHÓ TRƯỞNG BAN',
      'Võ Văn Em',
    ]);
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
        .map((sheet) => textOf(sheet.getCell('A7')))
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
    expectText(cluster.getCell('H4'), 'Hà Nội, ngày 03 tháng 12 năm 2021');
    expectText(overview.getCell('H4'), 'Hà Nội, ngày 10 tháng 12 năm 2021');
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
        summary.getCell('B28').value = 'Đơn vị thành viên';
        summary.getCell('B28').font = { name: 'Arial', size: 13, bold: true, color: { argb: 'FFC00000' } };
        summary.getCell('G28').value = 'Tổng điểm đạt được';
        summary.getCell('B29').font = { name: 'Arial', size: 11, italic: true };
        summary.getColumn(3).width = 25;
        summary.getColumn(13).width = 40;
        summary.getCell('A27').value = 'Số liệu do thư ký cụm tổng hợp, đã đối chiếu biên bản hội nghị.';
        summary.getCell('B42').value = 'Người lập biểu';
        sheetOf(book, 'Chi tiết tiêu chí').getCell('G4').value = 'Điểm được tính';
      } else {
        const overview = sheetOf(book, 'Tổng hợp các cụm');
        overview.getCell('B9').value = 'Tên cụm, khối thi đua';
        overview.getCell('B10').font = { name: 'Arial', size: 12, bold: true };
        sheetOf(book, 'Cụm').getCell('B10').value = 'Đơn vị thành viên';
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
    expectText(sheet.getCell('B28'), 'Đơn vị thành viên');
    expectText(sheet.getCell('G28'), 'Tổng điểm đạt được');
    expect(sheet.getCell('B28').font).toMatchObject({
      name: 'Arial',
      size: 13,
      bold: true,
      color: { argb: 'FFC00000' },
    });
    expectText(sheet.getCell('A27'), 'Số liệu do thư ký cụm tổng hợp, đã đối chiếu biên bản hội nghị.');
    expect(sheet.getColumn(3).width).toBe(25);
    expect(sheet.getColumn(13).width).toBe(40);
    expectSummarySheet(book, year);
    const rows: Body[] = year.standings.rows;
    rows.forEach((_, i) =>
      expect(sheet.getCell(29 + i, 2).font).toMatchObject({ name: 'Arial', size: 11, italic: true }),
    );
    // the line below the table moved down with it
    const signature = rowWith(sheet, 2, 'Người lập biểu');
    expect(signature).toBe(42 + rows.length - 1);
    expectText(sheet.getCell(33 + rows.length - 1, 1), 'Nơi nhận:');
    expectDetailSheet(book, year, 'Điểm được tính');
    expectComparisonSheet(book, year);

    const overview = await admin.get('/api/years/2021/summary');
    const years = new Map<string, ApiYear>([['CUM5', year]]);
    const bloc = overview.body.clusters.find((c: Body) => c.clusterCode !== 'CUM5');
    years.set(bloc.clusterCode, await apiYear(admin, bloc.clusterId, 2021));
    const overviewBook = (await exportBook(admin, '/api/years/2021/report.xlsx')).book;
    const first = sheetOf(overviewBook, 'Tổng hợp các cụm');
    expectText(first.getCell('B9'), 'Tên cụm, khối thi đua');
    expect(first.getCell('B10').font).toMatchObject({ name: 'Arial', bold: true });
    for (const code of ['CUM5', bloc.clusterCode])
      expectText(sheetOf(overviewBook, code).getCell('B10'), 'Đơn vị thành viên');
    expectOverviewBook(overviewBook, overview.body, years);
  });

  it('a template without a required placeholder (or sheet) stops the start, naming it', async () => {
    const noTotal = await templatesCopy((file, book) => {
      if (file === 'cluster-report.xlsx') sheetOf(book, 'Tổng hợp').getCell('G29').value = 'Tổng điểm';
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
