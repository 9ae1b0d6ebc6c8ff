/**
 * A unit's name history: which name a report prints for a given year, and what makes a history valid.
 * Dates are ISO strings (YYYY-MM-DD), inclusive; null means open (since always / still in force).
 */
import { formatDate, isRealDate } from './format.js';

export interface NameRecord {
  readonly name: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

function yearBounds(year: number): { start: string; end: string } {
  const y = String(year).padStart(4, '0');
  return { start: `${y}-01-01`, end: `${y}-12-31` };
}

function covers(record: NameRecord, day: string): boolean {
  return (record.validFrom === null || record.validFrom <= day) && (record.validTo === null || record.validTo >= day);
}

function overlaps(record: NameRecord, start: string, end: string): boolean {
  return (record.validFrom === null || record.validFrom <= end) && (record.validTo === null || record.validTo >= start);
}

/** Later-starting first; an open start counts as the earliest. */
function byLaterStart(a: NameRecord, b: NameRecord): number {
  if (a.validFrom === b.validFrom) return 0;
  if (a.validFrom === null) return 1;
  if (b.validFrom === null) return -1;
  return a.validFrom > b.validFrom ? -1 : 1;
}

/**
 * The name to print for a year: the one in force on 31 December of that year; if none is, the
 * latest name whose validity overlaps the year (a unit that was dissolved mid-year); else null.
 */
export function nameInYear(names: readonly NameRecord[], year: number): string | null {
  const { start, end } = yearBounds(year);
  const atYearEnd = names.filter((record) => covers(record, end)).sort(byLaterStart);
  if (atYearEnd[0] !== undefined) return atYearEnd[0].name;
  const duringYear = names
    .filter((record) => overlaps(record, start, end))
    .sort((a, b) => {
      // none covers 31 Dec, so each of these ends within the year: latest end first
      const endA = a.validTo ?? end;
      const endB = b.validTo ?? end;
      return endA === endB ? byLaterStart(a, b) : endA > endB ? -1 : 1;
    });
  return duringYear[0]?.name ?? null;
}

function period(record: NameRecord): string {
  const from = record.validFrom === null ? 'trước đó' : formatDate(record.validFrom);
  const to = record.validTo === null ? 'nay' : formatDate(record.validTo);
  return `${from} – ${to}`;
}

/** Messages for a history that cannot be used: blank names, bad dates, reversed or overlapping periods. */
export function validateNameHistory(names: readonly NameRecord[]): string[] {
  const messages: string[] = [];
  const usable: boolean[] = names.map(() => true);
  names.forEach((record, index) => {
    const label = record.name.trim() === '' ? `Tên thứ ${index + 1}` : `Tên "${record.name}"`;
    if (record.name.trim() === '') messages.push(`Tên thứ ${index + 1}: tên đơn vị đang để trống.`);
    for (const [value, what] of [
      [record.validFrom, 'ngày bắt đầu'],
      [record.validTo, 'ngày kết thúc'],
    ] as const) {
      if (value !== null && !isRealDate(value)) {
        usable[index] = false;
        messages.push(`${label}: ${what} "${value}" không phải ngày hợp lệ (cần dạng YYYY-MM-DD).`);
      }
    }
    if (usable[index] && record.validFrom !== null && record.validTo !== null && record.validFrom > record.validTo) {
      usable[index] = false;
      messages.push(
        `${label}: ngày bắt đầu (${formatDate(record.validFrom)}) sau ngày kết thúc (${formatDate(record.validTo)}).`,
      );
    }
  });
  for (let i = 0; i < names.length; i += 1) {
    for (let j = i + 1; j < names.length; j += 1) {
      const a = names[i];
      const b = names[j];
      if (a === undefined || b === undefined || !usable[i] || !usable[j]) continue;
      const start = b.validFrom ?? '0000-01-01';
      const end = b.validTo ?? '9999-12-31';
      if (overlaps(a, start, end)) {
        messages.push(
          `Tên "${a.name}" (${period(a)}) và tên "${b.name}" (${period(b)}) có thời gian hiệu lực chồng lên nhau; mỗi ngày đơn vị chỉ có một tên.`,
        );
      }
    }
  }
  return messages;
}
