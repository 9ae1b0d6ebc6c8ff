import { describe, expect, it } from '@jest/globals';
import {
  autoBackupDate,
  backupFileName,
  backupsToDelete,
  compareMigrations,
  newestBackupDate,
  nextDailyRun,
} from './backup-files.js';

describe('backup file names', () => {
  it.each([
    [new Date('2026-11-29T15:42:07.123Z'), 'sqlite', undefined, 'thidua-20261129-154207Z.sqlite'],
    [new Date('2027-01-02T03:04:05Z'), 'postgres', undefined, 'thidua-20270102-030405Z.dump'],
    [new Date('2027-01-02T03:04:05Z'), 'sqlite', 'truoc-khoi-phuc', 'thidua-truoc-khoi-phuc-20270102-030405Z.sqlite'],
  ] as const)('%s %s %s → %s', (at, kind, label, name) => {
    expect(backupFileName(at, kind, label)).toBe(name);
  });

  it.each([
    ['thidua-20261129-154207Z.sqlite', '2026-11-29T15:42:07.000Z'],
    ['thidua-20270102-030405Z.dump', '2027-01-02T03:04:05.000Z'],
    ['thidua-truoc-khoi-phuc-20270102-030405Z.sqlite', null],
    ['thidua-20261129-154207Z.sqlite.partial', null],
    ['notes.txt', null],
    ['thidua-20261399-154207Z.sqlite', null],
  ])('%s was made at %s', (name, iso) => {
    expect(autoBackupDate(name)?.toISOString() ?? null).toBe(iso);
  });
});

describe('retention', () => {
  const names = [
    'thidua-20261103-190000Z.sqlite',
    'thidua-20261101-190000Z.sqlite',
    'thidua-truoc-khoi-phuc-20261001-120000Z.sqlite',
    'thidua-20261102-190000Z.sqlite',
    'readme.txt',
  ];

  it.each([
    [1, ['thidua-20261101-190000Z.sqlite', 'thidua-20261102-190000Z.sqlite']],
    [2, ['thidua-20261101-190000Z.sqlite']],
    [3, []],
    [14, []],
  ])('keeping %i deletes the oldest automatic ones only: %j', (keep, deleted) => {
    expect(backupsToDelete(names, keep)).toEqual(deleted);
  });

  it('the newest automatic backup', () => {
    expect(newestBackupDate(names)?.toISOString()).toBe('2026-11-03T19:00:00.000Z');
    expect(newestBackupDate(['readme.txt'])).toBeNull();
  });
});

describe('nextDailyRun', () => {
  it.each([
    ['2026-11-29T15:00:00Z', 19, '2026-11-29T19:00:00.000Z'],
    ['2026-11-29T19:00:00Z', 19, '2026-11-30T19:00:00.000Z'],
    ['2026-11-29T20:00:00Z', 19, '2026-11-30T19:00:00.000Z'],
    ['2026-12-31T23:30:00Z', 0, '2027-01-01T00:00:00.000Z'],
  ])('after %s at hour %i: %s', (now, hour, next) => {
    expect(nextDailyRun(new Date(now), hour).toISOString()).toBe(next);
  });
});

describe('compareMigrations', () => {
  it.each([
    [['A', 'B'], ['A', 'B'], [], []],
    [['A'], ['A', 'B'], [], ['B']],
    [['A', 'B', 'C'], ['A', 'B'], ['C'], []],
  ])('backup %j, build %j: unknown %j, pending %j', (inBackup, known, unknown, pending) => {
    expect(compareMigrations(inBackup, known)).toEqual({ unknown, pending });
  });
});
