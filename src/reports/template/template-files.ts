/**
 * The report templates' files, sheets and required placeholders: what the app needs of a template
 * (default-templates.ts builds the defaults; an organizer may replace them with edited copies).
 */
export const CLUSTER_REPORT_TEMPLATE = 'cluster-report.xlsx';
export const OVERVIEW_TEMPLATE = 'overview.xlsx';

export const SHEETS = {
  summary: 'Tổng hợp',
  detail: 'Chi tiết tiêu chí',
  comparison: 'So sánh năm trước',
  overview: 'Tổng hợp các cụm',
  cluster: 'Cụm',
} as const;

/** What each template must contain; a template without one of these is refused at start. */
export const REQUIRED_PLACEHOLDERS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  [CLUSTER_REPORT_TEMPLATE]: {
    [SHEETS.summary]: [
      'issuingBody',
      'motto1',
      'placeDate',
      'title',
      'summary.units',
      'summary.excellent.count',
      'summary.targets.met',
      'numberLine',
      'signerTitle',
      'signerName',
      'row.stt',
      'row.name',
      'row.total',
      'row.rank',
      'row.rating',
    ],
    [SHEETS.detail]: ['row.code', 'row.title', 'row.max', 'row.final'],
    [SHEETS.comparison]: ['cur.units', 'prev.units'],
  },
  [OVERVIEW_TEMPLATE]: {
    [SHEETS.overview]: [
      'title',
      'placeDate',
      'row.cluster',
      'row.units',
      'row.excellent',
      'row.targetsMet',
      'total.units',
      'signerTitle',
      'signerName',
    ],
    [SHEETS.cluster]: ['title', 'subtitle', 'row.name', 'row.total', 'row.rank', 'row.rating'],
  },
};
