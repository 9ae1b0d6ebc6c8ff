/**
 * Pure mapping from the computed figures to the values a report template is filled with.
 * Percentages go into cells as fractions (0.9167 with the format 0.00%), never as rounded text.
 */
import type { ClusterSummary } from '../standings/domain/types.js';
import { RATING_LABELS, type Rating } from '../standings/domain/types.js';
import type { SheetData, TableRow, CellValue } from './template/xlsx-template.js';

export interface ReportHeader {
  readonly parentBody: string;
  readonly issuingBody: string;
  readonly mottoLines: readonly string[];
  readonly place: string;
  /** The date of the date line (the conference date when known), as YYYY-MM-DD. */
  readonly date: string;
}

export const fractionValue = (percent: number | null): number | null => (percent === null ? null : percent / 100);

/** "TP. Hồ Chí Minh, ngày 03 tháng 12 năm 2021". */
export function placeDateLine(place: string, isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

export function headerScalars(header: ReportHeader): Record<string, CellValue> {
  return {
    parentBody: header.parentBody,
    issuingBody: header.issuingBody,
    motto1: header.mottoLines[0] ?? '',
    motto2: header.mottoLines[1] ?? '',
    placeDate: placeDateLine(header.place, header.date),
  };
}

/** The figures a report prints for one year (the domain's summary, without names). */
export type SummaryFigures = Pick<ClusterSummary, 'unitCount' | 'ratings' | 'targets' | 'averageTotal' | 'maxTotal'>;

const RATING_KEYS: Readonly<Record<Rating, string>> = {
  EXCELLENT: 'excellent',
  GOOD: 'good',
  COMPLETED: 'completed',
  NOT_COMPLETED: 'notCompleted',
};

/** summary.* / cur.* / prev.* values of a year's figures. */
export function figureScalars(prefix: string, figures: SummaryFigures | null): Record<string, CellValue> {
  const values: Record<string, CellValue> = {
    [`${prefix}.units`]: figures?.unitCount ?? null,
    [`${prefix}.targets.met`]: figures?.targets.met ?? null,
    [`${prefix}.targets.signed`]: figures?.targets.signed ?? null,
    [`${prefix}.targets.percent`]: fractionValue(figures?.targets.percent ?? null),
    [`${prefix}.average`]: figures?.averageTotal ?? null,
    [`${prefix}.max`]: figures?.maxTotal ?? null,
  };
  for (const [rating, key] of Object.entries(RATING_KEYS) as [Rating, string][]) {
    const fraction = figures?.ratings[rating];
    values[`${prefix}.${key}.count`] = fraction?.count ?? null;
    values[`${prefix}.${key}.of`] = fraction?.of ?? null;
    values[`${prefix}.${key}.percent`] = fractionValue(fraction?.percent ?? null);
  }
  return values;
}

/** chg.* = current − previous, for every numeric figure; empty without a previous year. */
export function changeScalars(
  current: Record<string, CellValue>,
  previous: Record<string, CellValue>,
): Record<string, CellValue> {
  const change: Record<string, CellValue> = {};
  for (const [key, value] of Object.entries(current)) {
    const before = previous[key.replace(/^cur\./, 'prev.')];
    change[key.replace(/^cur\./, 'chg.')] =
      typeof value === 'number' && typeof before === 'number' ? Math.round((value - before) * 1e9) / 1e9 : null;
  }
  return change;
}

export interface ScoreRowInput {
  readonly name: string;
  readonly selfTotal: number;
  readonly reviewedTotal: number;
  readonly bonus: number;
  readonly penalty: number;
  readonly total: number;
  readonly targetsMet: number;
  readonly targetsSigned: number;
  readonly rank: number | null;
  readonly rating: Rating | null;
  readonly active: boolean;
  readonly note: string | null;
}

/** One row of the score summary table (STT … Ghi chú). Votes and nominations come with the conference. */
export function scoreRow(index: number, row: ScoreRowInput): TableRow {
  return {
    values: {
      stt: index + 1,
      name: row.name,
      self: row.selfTotal,
      reviewed: row.reviewedTotal,
      bonus: row.bonus,
      penalty: row.penalty,
      total: row.total,
      targets: row.targetsSigned === 0 ? '' : `${row.targetsMet}/${row.targetsSigned}`,
      rank: row.rank,
      rating: row.rating === null ? (row.active ? '' : 'Đã rời cụm') : RATING_LABELS[row.rating],
      votes: null,
      nomination: null,
      note: row.note,
    },
  };
}

export type { SheetData };
