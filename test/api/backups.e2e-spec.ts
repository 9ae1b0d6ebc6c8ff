/**
 * Automatic backups (BACKUP_DIR): made by the running app while it answers requests, kept to
 * BACKUP_KEEP (safety copies and other files untouched), reported by /api/health. On a SQLite
 * file, or on PostgreSQL (pg_dump) when DATABASE_URL is set.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BackupScheduler } from '../../src/backups/backup-scheduler.service.js';
import { inspectBackup } from '../../src/backups/database-backup.js';
import { api, createTestApp } from '../test-app.js';
import { testDatabaseConfig } from '../test-database.js';

let app: NestFastifyApplication;
let dir: string;
let dbDir: string;
const OLD = ['thidua-20200101-000000Z', 'thidua-20200102-000000Z', 'thidua-20200103-000000Z'];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thidua-auto-backup-'));
  dbDir = mkdtempSync(path.join(os.tmpdir(), 'thidua-auto-backup-db-'));
  const database = await testDatabaseConfig();
  const extension = database.type === 'postgres' ? '.dump' : '.sqlite';
  for (const name of [
    ...OLD.map((n) => `${n}${extension}`),
    `thidua-truoc-khoi-phuc-20190101-000000Z${extension}`,
    'ghi-chu.txt',
  ]) {
    writeFileSync(path.join(dir, name), 'cũ');
  }
  app = await createTestApp({
    database: database.type === 'postgres' ? database : { type: 'sqlite', path: path.join(dbDir, 'app.sqlite') },
    backup: { dir, keep: 2, hour: 19 },
  });
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dbDir, { recursive: true, force: true });
});

describe('automatic backups', () => {
  it('health tells where they go and when the next one runs (a day-old newest backup: soon after start)', async () => {
    const { status, body } = await api(app, null).get('/api/health');
    expect(status).toBe(200);
    expect(body.backup).toEqual({
      dir,
      lastAt: '2020-01-03T00:00:00.000Z',
      lastError: null,
      nextAt: expect.any(String),
    });
    expect(new Date(body.backup.nextAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('one is made while the app keeps writing, holds the data, and only the oldest automatic ones are deleted', async () => {
    const before = Date.now();
    const [file, ...created] = await Promise.all([
      app.get(BackupScheduler).runNow(),
      ...Array.from({ length: 5 }, (_, i) => api(app).post('/api/units', { name: `Đơn vị trong lúc sao lưu ${i}` })),
    ]);
    expect(created.map((response) => (response as { status: number }).status)).toEqual([201, 201, 201, 201, 201]);
    expect(typeof file).toBe('string');
    const info = await inspectBackup(file as string);
    expect(info.pending).toEqual([]);
    const names = readdirSync(dir);
    const made = path.basename(file as string);
    expect(made).toMatch(/^thidua-\d{8}-\d{6}Z\.(sqlite|dump)$/);
    expect(names.sort()).toEqual(
      [
        made,
        `${made}.sha256`,
        `${OLD[2]}${path.extname(made)}`,
        `thidua-truoc-khoi-phuc-20190101-000000Z${path.extname(made)}`,
        'ghi-chu.txt',
      ].sort(),
    );
    const { body } = await api(app, null).get('/api/health');
    expect(new Date(body.backup.lastAt).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(body.backup.lastError).toBeNull();
  });

  it('a failure is logged and shown by health, and the app goes on', async () => {
    const scheduler = app.get(BackupScheduler);
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'một tệp, không phải thư mục');
    expect(await scheduler.runNow()).toBeNull();
    const { status, body } = await api(app, null).get('/api/health');
    expect(status).toBe(200);
    expect(body.backup.lastError).toEqual(expect.any(String));
    rmSync(dir, { force: true });
  });
});
