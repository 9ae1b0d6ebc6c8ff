#!/usr/bin/env node
// Prints every table of a Thi đua database as JSON: { table: [rows as JSON, sorted] }.
// Usage: node scripts/dump-tables.mjs (SQLITE_PATH or DATABASE_URL from the environment)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sortRows = (rows) => rows.map((row) => JSON.stringify(row)).sort();
const out = {};
if (process.env.DATABASE_URL) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows: tables } = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  for (const { table_name: table } of tables) out[table] = sortRows((await client.query(`SELECT * FROM "${table}"`)).rows);
  await client.end();
} else {
  const Database = require('better-sqlite3');
  const db = new Database(process.env.SQLITE_PATH, { readonly: true, fileMustExist: true });
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all();
  for (const table of tables) out[table] = sortRows(db.prepare(`SELECT * FROM "${table}"`).all());
  db.close();
}
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
