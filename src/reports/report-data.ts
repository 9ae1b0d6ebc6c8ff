/**
 * Pure mapping from the computed figures to the values a report template is filled with.
 * Percentages go into cells as fractions (0.9167 with the format 0.00%), never as rounded text.
 */
import { Rational, toNumber } from '../standings/domain/rational.js';
import { compareSummaries, type SummaryFigures } from '../standings/domain/summary.js';
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

const HUNDRED = Rational.of(100);

/** An exact percentage as the fraction a cell with the format 0.00% holds (91,67% → 0.9166…). */
export const fractionValue = (percent: Rational | null): number | null =>
  percent === null ? null : percent.div(HUNDRED).toNumber();

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

export type { SummaryFigures };

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
    [`${prefix}.average`]: toNumber(figures?.averageTotal ?? null),
    [`${prefix}.max`]: toNumber(figures?.maxTotal ?? null),
  };
  for (const [rating, key] of Object.entries(RATING_KEYS) as [Rating, string][]) {
    const fraction = figures?.ratings[rating];
    values[`${prefix}.${key}.count`] = fraction?.count ?? null;
    values[`${prefix}.${key}.of`] = fraction?.of ?? null;
    values[`${prefix}.${key}.percent`] = fractionValue(fraction?.percent ?? null);
  }
  return values;
}

/** chg.* = current − previous for every figure, computed exactly; all empty without a previous year. */
export function changeScalars(current: SummaryFigures, previous: SummaryFigures | null): Record<string, CellValue> {
  const change = compareSummaries(current, previous);
  const values: Record<string, CellValue> = {
    'chg.units': change?.unitCount ?? null,
    'chg.targets.met': change?.targets.met ?? null,
    'chg.targets.signed': change?.targets.signed ?? null,
    'chg.targets.percent': fractionValue(change?.targets.percentPoints ?? null),
    'chg.average': toNumber(change?.averageTotal ?? null),
    'chg.max': toNumber(change?.maxTotal ?? null),
  };
  for (const [rating, key] of Object.entries(RATING_KEYS) as [Rating, string][]) {
    values[`chg.${key}.count`] = change?.ratings[rating].count ?? null;
    values[`chg.${key}.of`] = change?.unitCount ?? null;
    values[`chg.${key}.percent`] = fractionValue(change?.ratings[rating].percentPoints ?? null);
  }
  return values;
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
