/** What the reports page offers: the years, the clusters of the chosen year, the one preselected. */

export interface ReportClusterInput {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kindLabel: string;
  readonly years: ReadonlyArray<{ readonly year: number; readonly status: string }>;
}

export interface ReportClusterChoice {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kindLabel: string;
  readonly finalized: boolean;
}

export interface ReportChoices {
  /** Every year some cluster has, oldest first. */
  readonly years: number[];
  /** The chosen year (null when no cluster has a year yet). */
  readonly year: number | null;
  /** The clusters and blocs that have the chosen year, by code. */
  readonly clusters: ReportClusterChoice[];
  /** The preselected cluster (null when the year has none). */
  readonly clusterId: number | null;
}

const wholeNumber = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;

/**
 * The query (?cum=ID&nam=YEAR) preselects; a year no cluster has falls back to the latest, and a
 * cluster without the chosen year to the user's own cluster (a secretary's), else the first.
 */
export function reportChoices(
  clusters: readonly ReportClusterInput[],
  query: { readonly cluster?: string; readonly year?: string; readonly mine?: readonly number[] },
): ReportChoices {
  const years = [...new Set(clusters.flatMap((c) => c.years.map((y) => y.year)))].sort((a, b) => a - b);
  const asked = wholeNumber(query.year);
  const year = asked !== undefined && years.includes(asked) ? asked : (years.at(-1) ?? null);
  const inYear = clusters
    .filter((c) => c.years.some((y) => y.year === year))
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      kindLabel: c.kindLabel,
      finalized: c.years.some((y) => y.year === year && y.status === 'finalized'),
    }))
    .sort((a, b) => a.code.localeCompare(b.code, 'vi'));
  const askedCluster = wholeNumber(query.cluster);
  const mine = query.mine ?? [];
  const chosen =
    inYear.find((c) => c.id === askedCluster) ?? inYear.find((c) => mine.includes(c.id)) ?? inYear.at(0) ?? null;
  return { years, year, clusters: inYear, clusterId: chosen?.id ?? null };
}
