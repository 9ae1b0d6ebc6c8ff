/**
 * Who may call what: every route of the API × every kind of caller, with the exact status of each
 * cell. Columns, in this order everywhere below:
 *
 *   none      no token
 *   admin     an administrator
 *   ownSec    a secretary of the route's cluster (cluster A; for routes without a cluster, just a secretary)
 *   otherSec  a secretary of another cluster (cluster B)
 *   leader    reads everything, changes nothing
 *   reporter  reads everything
 *
 * Each cell runs on its own: write bodies are valid (so that an allowed caller gets a real success)
 * and vary from cell to cell, and state a cell consumes (a year to copy into, a year to finalize) is
 * prepared again for it. Around every cell the whole database is compared: a denied or reading
 * call leaves every row as it was; an allowed write changes something.
 *
 * A meta-test reads GET /api/docs/openapi.json and fails when a documented route has no row, so a
 * new route cannot land without deciding who may call it. PENDING_ROUTES are routes announced but
 * maybe not there yet: their rows run as soon as they appear in openapi.json; until then the suite
 * only checks that they indeed answer 404.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { api, createTestApp } from '../test-app.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear, simpleScoringTable } from '../factories/cluster-year.factory.js';
import { createUnits } from '../factories/units.factory.js';
import { downloadTemplate, fillWorkbook, multipart, upload } from '../factories/workbook.factory.js';

const CALLERS = ['none', 'admin', 'ownSec', 'otherSec', 'leader', 'reporter'] as const;
type Caller = (typeof CALLERS)[number];
type Account = Exclude<Caller, 'none'>;
const ACCOUNTS: readonly Account[] = ['admin', 'ownSec', 'otherSec', 'leader', 'reporter'];

const CALLER_LABELS: Readonly<Record<Caller, string>> = {
  none: 'no token',
  admin: 'admin',
  ownSec: "secretary of the route's cluster",
  otherSec: 'secretary of another cluster',
  leader: 'leader',
  reporter: 'reporter',
};

/** Expected statuses: none, admin, ownSec, otherSec, leader, reporter. */
type Statuses = readonly [number, number, number, number, number, number];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the rows need: the ids made in beforeAll, the callers' credentials, a unique counter. */
interface World {
  readonly app: NestFastifyApplication;
  readonly admin: ReturnType<typeof api>;
  clusterA: number;
  clusterB: number;
  /** Members of cluster A in 2024 (units[0] has results); units[3] belongs to no cluster. */
  units: number[];
  /** The account logged in by the login rows. */
  probe: { username: string; password: string };
  /** The account the /api/users/{id} rows read and change. */
  targetUserId: number;
  usernames: Record<Account, string>;
  passwords: Record<Account, string>;
  tokens: Record<Account, string>;
  /** A finalized year of cluster A, made on first use (for the snapshot row). */
  finalizedYear?: number;
}

/** Per cell: a number unique in the run (to vary bodies), and what `prepare` made. */
interface Cell {
  readonly caller: Caller;
  readonly n: number;
  readonly ctx: Record<string, any>;
  /** The bearer token the call is made with. */
  readonly token: string | null;
}

interface Row {
  readonly method: Method;
  /** As in openapi.json, e.g. /api/clusters/{id}/years/{year}. */
  readonly path: string;
  readonly expect: Statuses;
  readonly url: (w: World, cell: Cell) => string;
  readonly body?: (w: World, cell: Cell) => unknown;
  /** Makes the state the cell consumes; runs before the "before" snapshot. */
  readonly prepare?: (w: World) => Promise<Record<string, any>>;
  /** The route ends or changes the caller's login: the cell uses a token of its own. */
  readonly freshLogin?: boolean;
  /** After an allowed call: checks its effect. */
  readonly check?: (w: World, cell: Cell, response: { status: number; body: any }) => Promise<void> | void;
  /** A file the cell uploads (multipart/form-data, field "file") instead of a JSON body. */
  readonly upload?: (w: World, cell: Cell) => Promise<Buffer>;
  /** An allowed POST that writes nothing (a dry run, a marked-up copy of the upload). */
  readonly readOnly?: boolean;
}

const STRONG_PASSWORD = 'mat-khau-ma-tran-du-dai';
const CLUSTER_A_YEAR = 2024;
let yearCounter = 2030;
const freshYear = (): number => (yearCounter += 1);

/** A valid cluster-year of cluster A's three members; a criterion title varies with n. */
const yearBody = (w: World, n: number): Record<string, unknown> => {
  const table = simpleScoringTable();
  table[2] = { ...table[2], title: `Chất lượng báo cáo (lần ${n})` };
  return clusterYearBody(w.units.slice(0, 3), { scoringTable: table });
};

/** Cluster A's entry workbook with units[0]'s 1.1 set to n (and its 1.2 to 30, as the PUT rows). */
async function importFile(w: World, n: number): Promise<Buffer> {
  const template = await downloadTemplate(w.admin, w.clusterA, CLUSTER_A_YEAR);
  return fillWorkbook(template, (unitCode, code) =>
    unitCode !== 'MT-1' ? undefined : code === '1.1' ? { actual: n } : { selfScore: 30 },
  );
}

/** PUTs a new open year of cluster A (as the setup admin). */
async function newOpenYear(w: World): Promise<number> {
  const year = freshYear();
  await putClusterYear(w.admin, w.clusterA, year, yearBody(w, year));
  return year;
}

/** A new year of cluster A, finalized (as the setup admin). */
async function newFinalizedYear(w: World): Promise<number> {
  const year = await newOpenYear(w);
  const response = await w.admin.post(`/api/clusters/${w.clusterA}/years/${year}/finalize`, {});
  expect({ finalize: response.status < 300, body: response.body }).toMatchObject({ finalize: true });
  return year;
}

const ANYONE: Statuses = [200, 200, 200, 200, 200, 200];
const READERS: Statuses = [401, 200, 200, 200, 200, 200];

// prettier-ignore
const ROUTES: readonly Row[] = [
  // ── system ──────────────────────────────────────────────── none admin ownSec otherSec leader reporter
  { method: 'GET', path: '/api/health', expect: ANYONE, url: () => '/api/health' },

  // ── auth ──
  {
    method: 'POST', path: '/api/auth/login', expect: ANYONE,
    url: () => '/api/auth/login',
    body: (w) => ({ username: w.probe.username, password: w.probe.password }),
    check: (w, _cell, response) => {
      expect(typeof response.body.token).toBe('string');
      expect(response.body.user.username).toBe(w.probe.username);
    },
  },
  {
    method: 'POST', path: '/api/auth/session', expect: ANYONE,
    url: () => '/api/auth/session',
    body: (w) => ({ username: w.probe.username, password: w.probe.password }),
    check: (_w, _cell, response) => expect(typeof response.body.csrfToken).toBe('string'),
  },
  {
    method: 'POST', path: '/api/auth/logout', expect:               [401, 204, 204, 204, 204, 204],
    url: () => '/api/auth/logout', freshLogin: true,
    check: async (w, cell) => {
      const after = await api(w.app, cell.token).get('/api/auth/me');
      expect(after.status).toBe(401);
    },
  },
  {
    method: 'GET', path: '/api/auth/me', expect: READERS,
    url: () => '/api/auth/me',
    check: (w, cell, response) => expect(response.body.username).toBe(w.usernames[cell.caller as Account]),
  },
  {
    method: 'PATCH', path: '/api/auth/password', expect:            [401, 204, 204, 204, 204, 204],
    url: () => '/api/auth/password', freshLogin: true,
    body: (w, cell) => ({
      currentPassword: cell.caller === 'none' ? STRONG_PASSWORD : w.passwords[cell.caller],
      newPassword: `${STRONG_PASSWORD}-${cell.n}`,
    }),
    check: (w, cell) => {
      w.passwords[cell.caller as Account] = `${STRONG_PASSWORD}-${cell.n}`;
    },
  },

  // ── users: admins only ──
  { method: 'GET', path: '/api/users', expect:                      [401, 200, 403, 403, 403, 403], url: () => '/api/users' },
  {
    method: 'POST', path: '/api/users', expect:                     [401, 201, 403, 403, 403, 403],
    url: () => '/api/users',
    body: (_w, cell) => ({
      username: `matrix.new.${cell.n}`, displayName: `Người mới ${cell.n}`, role: 'reporter', password: STRONG_PASSWORD,
    }),
    check: (_w, cell, response) => expect(response.body.username).toBe(`matrix.new.${cell.n}`),
  },
  {
    method: 'GET', path: '/api/users/{id}', expect:                 [401, 200, 403, 403, 403, 403],
    url: (w) => `/api/users/${w.targetUserId}`,
  },
  {
    method: 'PATCH', path: '/api/users/{id}', expect:               [401, 200, 403, 403, 403, 403],
    url: (w) => `/api/users/${w.targetUserId}`,
    body: (_w, cell) => ({ displayName: `Tên hiển thị ${cell.n}` }),
    check: (_w, cell, response) => expect(response.body.displayName).toBe(`Tên hiển thị ${cell.n}`),
  },
  {
    method: 'POST', path: '/api/users/{id}/reset-password', expect: [401, 204, 403, 403, 403, 403],
    url: (w) => `/api/users/${w.targetUserId}/reset-password`,
    body: (_w, cell) => ({ newPassword: `${STRONG_PASSWORD}-${cell.n}` }),
  },

  // ── units: everyone reads, admins write ──
  { method: 'GET', path: '/api/units', expect: READERS, url: () => '/api/units' },
  {
    method: 'POST', path: '/api/units', expect:                     [401, 201, 403, 403, 403, 403],
    url: () => '/api/units',
    body: (_w, cell) => ({ name: `Đơn vị mới ${cell.n}` }),
    check: (_w, cell, response) => expect(response.body.name).toBe(`Đơn vị mới ${cell.n}`),
  },
  { method: 'GET', path: '/api/units/{id}', expect: READERS, url: (w) => `/api/units/${w.units[0]}` },
  {
    method: 'PATCH', path: '/api/units/{id}', expect:               [401, 200, 403, 403, 403, 403],
    url: (w) => `/api/units/${w.units[0]}`,
    body: (_w, cell) => ({ note: `Ghi chú ${cell.n}` }),
    check: (_w, cell, response) => expect(response.body.note).toBe(`Ghi chú ${cell.n}`),
  },

  // ── clusters: everyone reads, admins write (a secretary may not edit even their own cluster) ──
  { method: 'GET', path: '/api/clusters', expect: READERS, url: () => '/api/clusters' },
  {
    method: 'POST', path: '/api/clusters', expect:                  [401, 201, 403, 403, 403, 403],
    url: () => '/api/clusters',
    body: (_w, cell) => ({ code: `MX-${cell.n}`, name: `Khối ma trận ${cell.n}`, kind: 'bloc' }),
    check: (_w, cell, response) => expect(response.body.code).toBe(`MX-${cell.n}`),
  },
  { method: 'GET', path: '/api/clusters/{id}', expect: READERS, url: (w) => `/api/clusters/${w.clusterA}` },
  {
    method: 'PATCH', path: '/api/clusters/{id}', expect:            [401, 200, 403, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}`,
    body: (_w, cell) => ({ description: `Mô tả ${cell.n}` }),
    check: (_w, cell, response) => expect(response.body.description).toBe(`Mô tả ${cell.n}`),
  },

  // ── a cluster's years: everyone reads; admins and the cluster's secretaries write ──
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}`,
  },
  {
    method: 'PUT', path: '/api/clusters/{id}/years/{year}', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}`,
    body: (w, cell) => yearBody(w, cell.n),
    check: (_w, cell, response) =>
      expect(response.body.scoringTable.map((c: any) => c.title)).toContain(`Chất lượng báo cáo (lần ${cell.n})`),
  },
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/copy-from/{prev}', expect: [401, 201, 201, 403, 403, 403],
    prepare: () => Promise.resolve({ year: freshYear() }),
    url: (w, cell) => `/api/clusters/${w.clusterA}/years/${cell.ctx.year}/copy-from/${CLUSTER_A_YEAR}`,
    check: (_w, cell, response) => expect(response.body.year).toBe(cell.ctx.year),
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/results/{unitId}', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/results/${w.units[0]}`,
  },
  {
    method: 'PUT', path: '/api/clusters/{id}/years/{year}/results/{unitId}', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/results/${w.units[0]}`,
    body: (_w, cell) => ({ results: [{ criterionCode: '1.1', actual: cell.n }, { criterionCode: '1.2', selfScore: 30 }] }),
    check: (_w, cell, response) => expect(JSON.stringify(response.body)).toContain(`"actual":${cell.n}`),
  },
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/results/{unitId}/preview', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/results/${w.units[0]}/preview`,
    body: (_w, cell) => ({ results: [{ criterionCode: '1.1', actual: cell.n }, { criterionCode: '1.2', selfScore: 30 }] }),
    readOnly: true,
    check: (_w, cell, response) => expect(JSON.stringify(response.body)).toContain(`"actual":${cell.n}`),
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/standings', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/standings`,
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/summary', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/summary`,
  },
  { method: 'GET', path: '/api/years/{year}/summary', expect: READERS, url: () => `/api/years/${CLUSTER_A_YEAR}/summary` },

  // ── Excel reports and their header settings: every role exports and reads the settings (printed on every
  //    report, not secret); only admins edit them ──
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/report.xlsx', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/report.xlsx`,
  },
  { method: 'GET', path: '/api/years/{year}/report.xlsx', expect: READERS, url: () => `/api/years/${CLUSTER_A_YEAR}/report.xlsx` },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/report.docx', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/report.docx`,
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/report.pdf', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/report.pdf`,
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/report.xlsx.pdf', expect: READERS,
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/report.xlsx.pdf`,
  },
  { method: 'GET', path: '/api/years/{year}/report.xlsx.pdf', expect: READERS, url: () => `/api/years/${CLUSTER_A_YEAR}/report.xlsx.pdf` },
  {
    method: 'PUT', path: '/api/clusters/{id}/years/{year}/report-texts', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/report-texts`,
    body: (_w, cell) => ({ signerName: `Người ký ${cell.n}`, strengths: 'Ưu điểm', shortcomings: null }),
    check: (_w, cell, response) => expect(response.body.report.signerName).toBe(`Người ký ${cell.n}`),
  },
  { method: 'GET', path: '/api/settings/organizer', expect: READERS, url: () => '/api/settings/organizer' },
  {
    method: 'PUT', path: '/api/settings/organizer', expect: [401, 200, 403, 403, 403, 403],
    url: () => '/api/settings/organizer',
    body: (_w, cell) => ({ parentBody: 'THÀNH ỦY', issuingBody: `BAN TUYÊN GIÁO ${cell.n}`, mottoKind: 'party', place: 'TP. Hồ Chí Minh' }),
    check: (_w, cell, response) => expect(response.body.issuingBody).toBe(`BAN TUYÊN GIÁO ${cell.n}`),
  },

  // ── result-entry workbook and import: admins and the cluster's secretaries ──
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/entry-template.xlsx', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/entry-template.xlsx`,
  },
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/import', expect: [401, 200, 200, 403, 403, 403],
    // A file previewed (by the setup admin): the caller applies it with the preview's token.
    prepare: async (w) => {
      const file = await importFile(w, freshYear());
      const preview = await upload(w.admin, `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/import`, file);
      expect(preview.status).toBe(200);
      return { file, previewToken: String(preview.body.previewToken) };
    },
    url: (w, cell) =>
      `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/import?dryRun=false&previewToken=${encodeURIComponent(cell.ctx.previewToken)}`,
    upload: (_w, cell) => Promise.resolve(cell.ctx.file as Buffer),
    check: (_w, _cell, response) => expect(response.body).toMatchObject({ applied: true, totals: { unitsChanged: 1 } }),
  },
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/import/errors.xlsx', expect: [401, 200, 200, 403, 403, 403],
    url: (w) => `/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/import/errors.xlsx`,
    upload: async (w, cell) => importFile(w, cell.n),
    readOnly: true,
  },
];

/**
 * Announced routes. Each row runs once its route is in openapi.json; until then the suite checks
 * that the route answers 404 (and says so in the test name).
 */
// prettier-ignore
const PENDING_ROUTES: readonly Row[] = [
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/finalize', expect: [401, 200, 200, 403, 403, 403],
    prepare: async (w) => ({ year: await newOpenYear(w) }),
    url: (w, cell) => `/api/clusters/${w.clusterA}/years/${cell.ctx.year}/finalize`,
    body: () => ({}),
    check: async (w, cell, response) => {
      expect(response.body).toMatchObject({ clusterId: w.clusterA, year: cell.ctx.year, status: 'finalized' });
      const cluster = await w.admin.get(`/api/clusters/${w.clusterA}`);
      expect(cluster.body.years).toContainEqual({ year: cell.ctx.year, status: 'finalized' });
    },
  },
  {
    method: 'POST', path: '/api/clusters/{id}/years/{year}/reopen', expect:   [401, 204, 403, 403, 403, 403],
    prepare: async (w) => ({ year: await newFinalizedYear(w) }),
    url: (w, cell) => `/api/clusters/${w.clusterA}/years/${cell.ctx.year}/reopen`,
    body: (_w, cell) => ({ reason: `Sửa sai sót số liệu (lần ${cell.n})` }),
    check: async (w, cell) => {
      const cluster = await w.admin.get(`/api/clusters/${w.clusterA}`);
      expect(cluster.body.years).toContainEqual({ year: cell.ctx.year, status: 'open' });
    },
  },
  {
    method: 'GET', path: '/api/clusters/{id}/years/{year}/snapshot', expect: READERS,
    prepare: async (w) => ({ year: (w.finalizedYear ??= await newFinalizedYear(w)) }),
    url: (w, cell) => `/api/clusters/${w.clusterA}/years/${cell.ctx.year}/snapshot`,
  },
  { method: 'GET', path: '/api/audit', expect:                                [401, 200, 403, 403, 200, 403], url: () => '/api/audit' },
];

/** Served by Fastify and Swagger outside the Nest controllers, so not in openapi.json: public. */
// prettier-ignore
const UNDOCUMENTED_ROUTES: readonly Row[] = [
  { method: 'GET', path: '/', expect: [303, 303, 303, 303, 303, 303], url: () => '/' },
  { method: 'GET', path: '/api/docs', expect: ANYONE, url: () => '/api/docs' },
  { method: 'GET', path: '/api/docs/openapi.json', expect: ANYONE, url: () => '/api/docs/openapi.json' },
];

const key = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

// The PDF rows test who may ask, not LibreOffice (test/api/documents.e2e-spec.ts converts for real):
// a stand-in soffice answers at once, so the matrix does not spend its time converting documents.
const officeDir = mkdtempSync(path.join(os.tmpdir(), 'thidua-matrix-office-'));
const standInOffice = path.join(officeDir, 'soffice');
writeFileSync(
  standInOffice,
  [
    '#!/bin/sh',
    'for a in "$@"; do prev="$cur"; cur="$a"; [ "$prev" = "--outdir" ] && out="$a"; done',
    'name=$(basename "$cur"); printf "%%PDF-1.4 stand-in" > "$out/${name%.*}.pdf"',
  ].join('\n'),
  { mode: 0o755 },
);
for (const library of ['libsclo.so', 'libswlo.so']) writeFileSync(path.join(officeDir, library), '');
afterAll(() => rmSync(officeDir, { recursive: true, force: true }));

// One app for the whole file: started here, before the tests are defined, so that the rows of
// PENDING_ROUTES that are already served become tests of their own.
const app: NestFastifyApplication = await createTestApp({ libreOffice: standInOffice });
const documented: readonly string[] = await (async () => {
  const response = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
  const paths = (JSON.parse(response.body) as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.has(method))
      .map((method) => key(method, path)),
  );
})();
const isDocumented = (row: Row): boolean => documented.includes(key(row.method, row.path));
const PENDING_PRESENT = PENDING_ROUTES.filter(isDocumented);
const PENDING_ABSENT = PENDING_ROUTES.filter((row) => !isDocumented(row));
/** The pages (not in openapi.json either): a visitor is sent to sign in (303); the rest by role. */
const READERS_PAGE: Statuses = [303, 200, 200, 200, 200, 200];
const WRITERS_PAGE: Statuses = [303, 200, 200, 403, 403, 403];
const ADMIN_PAGE: Statuses = [303, 200, 403, 403, 403, 403];
// prettier-ignore
const PAGE_ROUTES: readonly Row[] = [
  { method: 'GET', path: '/dang-nhap', expect: ANYONE, url: () => '/dang-nhap' },
  { method: 'GET', path: '/doi-mat-khau', expect: READERS_PAGE, url: () => '/doi-mat-khau' },
  { method: 'GET', path: '/tong-quan', expect: READERS_PAGE, url: () => '/tong-quan?nam=2024' },
  { method: 'GET', path: '/cum', expect: READERS_PAGE, url: () => '/cum' },
  { method: 'GET', path: '/cum/:id/nam/:year', expect: READERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024` },
  { method: 'GET', path: '/cum/:id/nam/:year/don-vi/:unitId', expect: READERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/don-vi/${w.units[0]}` },
  { method: 'GET', path: '/bao-cao', expect: READERS_PAGE, url: (w) => `/bao-cao?cum=${w.clusterA}&nam=2024` },
  { method: 'GET', path: '/cum/:id/nam/:year/nhap-ket-qua', expect: WRITERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/nhap-ket-qua` },
  { method: 'GET', path: '/cum/:id/nam/:year/nhap-ket-qua/don-vi/:unitId', expect: WRITERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/nhap-ket-qua/don-vi/${w.units[0]}` },
  { method: 'GET', path: '/cum/:id/nam/:year/nhap-excel', expect: WRITERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/nhap-excel` },
  { method: 'GET', path: '/cum/:id/nam/:year/thiet-lap', expect: WRITERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/thiet-lap` },
  { method: 'GET', path: '/cum/:id/nam/:year/chot-so-lieu', expect: WRITERS_PAGE, url: (w) => `/cum/${w.clusterA}/nam/2024/chot-so-lieu` },
  { method: 'GET', path: '/cum/:id/nam/:year/lich-su', expect: [303, 200, 403, 403, 200, 403], url: (w) => `/cum/${w.clusterA}/nam/2024/lich-su` },
  { method: 'GET', path: '/quan-tri', expect: ADMIN_PAGE, url: () => '/quan-tri' },
  { method: 'GET', path: '/quan-tri/tai-khoan', expect: ADMIN_PAGE, url: () => '/quan-tri/tai-khoan' },
  { method: 'GET', path: '/quan-tri/don-vi', expect: ADMIN_PAGE, url: () => '/quan-tri/don-vi' },
  { method: 'GET', path: '/quan-tri/cum', expect: ADMIN_PAGE, url: () => '/quan-tri/cum' },
  { method: 'GET', path: '/quan-tri/thiet-lap-bao-cao', expect: ADMIN_PAGE, url: () => '/quan-tri/thiet-lap-bao-cao' },
];

const MATRIX: readonly Row[] = [...ROUTES, ...PENDING_PRESENT, ...UNDOCUMENTED_ROUTES, ...PAGE_ROUTES];

describe('authorization matrix', () => {
  const dataSource = app.get(DataSource);
  let counter = 0;
  const w: World = {
    app,
    admin: api(app),
    clusterA: 0,
    clusterB: 0,
    units: [],
    probe: { username: 'matrix.probe', password: STRONG_PASSWORD },
    targetUserId: 0,
    usernames: { admin: '', ownSec: '', otherSec: '', leader: '', reporter: '' },
    passwords: { admin: '', ownSec: '', otherSec: '', leader: '', reporter: '' },
    tokens: { admin: '', ownSec: '', otherSec: '', leader: '', reporter: '' },
  };

  const login = async (caller: Account): Promise<string> => {
    const response = await api(app, null).post('/api/auth/login', {
      username: w.usernames[caller],
      password: w.passwords[caller],
    });
    expect(response.status).toBe(200);
    return response.body.token as string;
  };

  /**
   * Every row of every table the entities map, the audit trail included; not the stored read model
   * (computed_cluster_year), which any read may fill (test/api/read-model.e2e-spec.ts covers it).
   */
  const snapshot = async (): Promise<Record<string, string[]>> => {
    const tables: Record<string, string[]> = {};
    for (const { tableName } of dataSource.entityMetadatas) {
      if (tableName === 'computed_cluster_year') continue;
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${tableName}"`);
      tables[tableName] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return tables;
  };

  const send = async (method: Method, url: string, token: string | null, body?: unknown, file?: Buffer) => {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const form = file === undefined ? undefined : multipart({ name: 'ket-qua.xlsx', content: file });
    const response = await app.inject({
      method,
      url,
      headers: { ...headers, ...form?.headers },
      ...(form ? { payload: form.payload } : body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const json = String(response.headers['content-type'] ?? '').startsWith('application/json') && response.body !== '';
    return { status: response.statusCode, body: json ? JSON.parse(response.body) : response.body };
  };

  const expectDenied = (response: { status: number; body: any }, status: number): void => {
    const code = status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    if (typeof response.body === 'string' && response.body.startsWith('<!doctype html>')) {
      // A page: refused with a page in Vietnamese (with a way back), not the API's JSON.
      expect(status).toBe(403);
      expect(response.body).toContain('Không có quyền xem trang này');
      expect(response.body).toContain('Về trang chính');
      return;
    }
    expect(response.body).toEqual({ statusCode: status, code, message: expect.any(String) });
    expect(response.body.message.length).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    w.units = await createUnits(w.admin, 4, 'Ban Tuyên giáo ma trận', 'MT-');
    w.clusterA = await createCluster(w.admin, { code: 'MX-A', name: 'Cụm ma trận A' });
    w.clusterB = await createCluster(w.admin, { code: 'MX-B', name: 'Cụm ma trận B' });
    await putClusterYear(w.admin, w.clusterA, CLUSTER_A_YEAR, yearBody(w, 0));
    const results = await w.admin.put(`/api/clusters/${w.clusterA}/years/${CLUSTER_A_YEAR}/results/${w.units[0]}`, {
      results: [{ criterionCode: '1.1', actual: 80 }],
    });
    expect(results.status).toBe(200);

    const roles: Record<Account, [string, number[]]> = {
      admin: ['admin', []],
      ownSec: ['secretary', [w.clusterA]],
      otherSec: ['secretary', [w.clusterB]],
      leader: ['leader', []],
      reporter: ['reporter', []],
    };
    for (const caller of ACCOUNTS) {
      const [role, clusterIds] = roles[caller];
      const username = `matrix.${caller.toLowerCase()}`;
      const created = await w.admin.post('/api/users', {
        username,
        displayName: CALLER_LABELS[caller],
        role,
        password: STRONG_PASSWORD,
        clusterIds,
      });
      expect(created.status).toBe(201);
      w.usernames[caller] = username;
      w.passwords[caller] = STRONG_PASSWORD;
      w.tokens[caller] = await login(caller);
    }
    for (const [username, field] of [
      [w.probe.username, 'probe'],
      ['matrix.target', 'target'],
    ] as const) {
      const created = await w.admin.post('/api/users', {
        username,
        displayName: username,
        role: 'reporter',
        password: STRONG_PASSWORD,
      });
      expect(created.status).toBe(201);
      if (field === 'target') w.targetUserId = created.body.id;
    }
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  describe('meta', () => {
    it('every route in openapi.json has a row (ROUTES or PENDING_ROUTES)', () => {
      const rows = new Set([...ROUTES, ...PENDING_ROUTES].map((row) => key(row.method, row.path)));
      expect(documented.filter((route) => !rows.has(route))).toEqual([]);
      expect(documented.length).toBeGreaterThanOrEqual(ROUTES.length);
    });

    it('every row of ROUTES is a documented route, and no route has two rows', () => {
      expect(ROUTES.filter((row) => !isDocumented(row)).map((row) => key(row.method, row.path))).toEqual([]);
      const all = MATRIX.map((row) => key(row.method, row.path));
      expect(all.length).toBe(new Set(all).size);
    });

    it('the undocumented rows are really outside openapi.json', () => {
      expect(UNDOCUMENTED_ROUTES.filter(isDocumented)).toEqual([]);
    });

    if (PENDING_ABSENT.length > 0) {
      it.each(PENDING_ABSENT.map((row) => [key(row.method, row.path), row] as const))(
        'PENDING, not in the API yet: %s answers 404 ROUTE_NOT_FOUND (its matrix row runs once it lands)',
        async (_name, row) => {
          const cell: Cell = {
            caller: 'admin',
            n: (counter += 1),
            ctx: { year: CLUSTER_A_YEAR },
            token: w.tokens.admin,
          };
          const url = row.url(w, cell);
          const response = await send(row.method, url, w.tokens.admin, row.body?.(w, cell));
          expect({ url, status: response.status, code: response.body?.code }).toEqual({
            url,
            status: 404,
            code: 'ROUTE_NOT_FOUND',
          });
        },
      );
    }
  });

  const cells = MATRIX.flatMap((row) =>
    CALLERS.map(
      (caller, index) =>
        [`${key(row.method, row.path)} — ${CALLER_LABELS[caller]} → ${row.expect[index]}`, row, caller, index] as const,
    ),
  );

  it.each(cells)(
    '%s',
    async (_name, row, caller, index) => {
      const expected = row.expect[index];
      const ctx = row.prepare ? await row.prepare(w) : {};
      const token = caller === 'none' ? null : row.freshLogin ? await login(caller) : w.tokens[caller];
      const cell: Cell = { caller, n: (counter += 1), ctx, token };
      const url = row.url(w, cell);
      const body = row.body?.(w, cell);
      const file = await row.upload?.(w, cell);

      const before = await snapshot();
      const response = await send(row.method, url, token, body, file);
      expect({ url, status: response.status }).toEqual({ url, status: expected });
      const after = await snapshot();

      if (expected >= 400) {
        expectDenied(response, expected);
        expect(after).toEqual(before);
      } else {
        if (row.method === 'GET' || row.readOnly) expect(after).toEqual(before);
        else expect(after).not.toEqual(before);
        await row.check?.(w, cell, response);
      }
      // The cell may have ended the caller's other logins (password change): log in again.
      if (row.freshLogin && caller !== 'none') w.tokens[caller] = await login(caller);
    },
    20_000,
  );

  describe('a token that is not valid counts as none', () => {
    const guarded = MATRIX.filter((row) => row.expect[0] === 401);
    let revoked = '';

    beforeAll(async () => {
      revoked = await login('leader');
      expect((await send('POST', '/api/auth/logout', revoked)).status).toBe(204);
    });

    it.each(guarded.map((row) => [key(row.method, row.path), row] as const))(
      '%s: a made-up token, a revoked token and a made-up session cookie → 401',
      async (_name, row) => {
        const ctx = row.prepare ? await row.prepare(w) : {};
        const cell: Cell = { caller: 'none', n: (counter += 1), ctx, token: null };
        const url = row.url(w, cell);
        const body = row.body?.(w, cell);
        const before = await snapshot();
        const madeUp = createHash('sha256').update(url).digest('base64url');
        for (const token of [madeUp, revoked]) expectDenied(await send(row.method, url, token, body), 401);
        const viaCookie = await app.inject({
          method: row.method,
          url,
          headers: {
            cookie: `thidua_session=${madeUp}`,
            'x-csrf-token': 'x',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
        expect(viaCookie.statusCode).toBe(401);
        expect(await snapshot()).toEqual(before);
      },
    );
  });
});
