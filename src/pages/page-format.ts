/** Small helpers the page templates use: vi-VN numbers, rating colours, years. */

const PERCENT = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 91.666… → "91,67%"; null → "—". */
export const formatPercent = (percent: number | null | undefined): string =>
  percent === null || percent === undefined ? '—' : `${PERCENT.format(percent)}%`;

/** Colours of the ratings in the charts (the same as the CSS classes below, AA contrast on white). */
export const RATING_COLOURS: Readonly<Record<string, string>> = {
  EXCELLENT: '#1b6e3a',
  GOOD: '#1d5fa8',
  COMPLETED: '#8a6d00',
  NOT_COMPLETED: '#b3261e',
  NONE: '#6b6b6b',
};

/** The CSS class of a rating (rating-excellent…). */
export const ratingClass = (rating: string | null | undefined): string =>
  `rating-${(rating ?? 'none').toLowerCase().replace(/_/g, '-')}`;

/** A cluster's years, oldest first. */
export const sortedYears = (years: ReadonlyArray<{ readonly year: number }>): number[] =>
  years.map((y) => y.year).sort((a, b) => a - b);
