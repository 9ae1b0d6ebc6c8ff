import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config/app-config.js';

/**
 * A fresh, empty database for one test file: SQLite in memory by default, or a new database on
 * the PostgreSQL server that DATABASE_URL points at (the CI run starts a throwaway one).
 */
export async function testDatabaseConfig(): Promise<DatabaseConfig> {
  const url = process.env.DATABASE_URL;
  if (!url) return { type: 'sqlite', path: ':memory:' };
  const name = `thidua_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { type: 'postgres', url: target.toString() };
}
