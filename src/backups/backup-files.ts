/**
 * Names, retention and timing of backup files: pure functions. Automatic backups are named
 * `thidua-YYYYMMDD-HHMMSSZ.sqlite` (or `.dump` for PostgreSQL), so that sorting the names sorts
 * them by date; only those are ever deleted by the retention.
 */

export type BackupKind = 'sqlite' | 'postgres';

export const BACKUP_EXTENSION: Readonly<Record<BackupKind, string>> = { sqlite: '.sqlite', postgres: '.dump' };

const AUTO_BACKUP = /^thidua-(\d{8})-(\d{6})Z\.(sqlite|dump)$/;

/** 2026-11-29T15:42:07Z → "20261129-154207Z". */
export function backupStamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}Z`;
}

/** The file name of a backup made at `at`; a label ("truoc-khoi-phuc") marks safety copies kept forever. */
export function backupFileName(at: Date, kind: BackupKind, label?: string): string {
  return `thidua-${label ? `${label}-` : ''}${backupStamp(at)}${BACKUP_EXTENSION[kind]}`;
}

/** When an automatic backup's name says it was made, or null for any other file. */
export function autoBackupDate(name: string): Date | null {
  const match = AUTO_BACKUP.exec(name);
  if (!match) return null;
  const [, day, time] = match as unknown as [string, string, string];
  const date = new Date(
    `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`,
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The automatic backups beyond the newest `keep` (oldest first); other files are never listed. */
export function backupsToDelete(names: readonly string[], keep: number): string[] {
  const automatic = names.filter((name) => autoBackupDate(name) !== null).sort();
  return automatic.slice(0, Math.max(0, automatic.length - keep));
}

/** The newest automatic backup's date among these names, or null. */
export function newestBackupDate(names: readonly string[]): Date | null {
  const newest = names
    .filter((name) => autoBackupDate(name) !== null)
    .sort()
    .at(-1);
  return newest === undefined ? null : autoBackupDate(newest);
}

/** The next time at `hour`:00 UTC strictly after `now`. */
export function nextDailyRun(now: Date, hour: number): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * What a backup file holds, compared with this build's migrations: `unknown` (made by a newer
 * version: refused) and `pending` (an older one: migrated after the restore).
 */
export function compareMigrations(
  inBackup: readonly string[],
  known: readonly string[],
): { readonly unknown: string[]; readonly pending: string[] } {
  return {
    unknown: inBackup.filter((name) => !known.includes(name)),
    pending: known.filter((name) => !inBackup.includes(name)),
  };
}
