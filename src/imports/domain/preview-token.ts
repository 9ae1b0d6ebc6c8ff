/**
 * What a preview was computed against, handed back to apply exactly that: the file's SHA-256,
 * the version of each unit the file touches, and the overwrite choice. Not a secret: forging one
 * only skips the look at the preview; the versions are checked again, in the transaction, on apply.
 */
export interface PreviewBasis {
  readonly sha256: string;
  /** Unit code → results version at preview time. */
  readonly versions: Readonly<Record<string, number>>;
  /** Codes overwritten on purpose (sorted), or "all". */
  readonly overwrite: readonly string[] | 'all';
}

const PREFIX = 'xt1.';

export function encodePreviewToken(basis: PreviewBasis): string {
  const versions = Object.fromEntries(Object.entries(basis.versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const overwrite = basis.overwrite === 'all' ? 'all' : [...basis.overwrite].sort();
  const json = JSON.stringify({ s: basis.sha256, v: versions, o: overwrite });
  return PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

/** The basis of a token, or null when it is not one of ours. */
export function decodePreviewToken(token: string): PreviewBasis | null {
  if (!token.startsWith(PREFIX)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { s, v, o } = parsed as { s?: unknown; v?: unknown; o?: unknown };
    if (typeof s !== 'string' || !/^[0-9a-f]{64}$/.test(s)) return null;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const versions: Record<string, number> = {};
    for (const [code, version] of Object.entries(v)) {
      if (!Number.isInteger(version)) return null;
      versions[code] = version as number;
    }
    if (o !== 'all' && !(Array.isArray(o) && o.every((code) => typeof code === 'string'))) return null;
    return { sha256: s, versions, overwrite: o === 'all' ? 'all' : o };
  } catch {
    return null;
  }
}

/** Units whose version is not the one the preview was computed against: code → [then, now]. */
export function staleUnits(
  basis: PreviewBasis,
  now: Readonly<Record<string, number>>,
): { readonly code: string; readonly then: number | null; readonly now: number | null }[] {
  const codes = [...new Set([...Object.keys(basis.versions), ...Object.keys(now)])].sort();
  return codes
    .map((code) => ({ code, then: basis.versions[code] ?? null, now: now[code] ?? null }))
    .filter(({ then, now: current }) => then !== current);
}

/** Whether two overwrite choices are the same. */
export function sameOverwrite(a: PreviewBasis['overwrite'], b: PreviewBasis['overwrite']): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}
