import pg from 'pg';
import { createTestApp } from '../test-app.js';
import { testDatabaseConfig } from '../test-database.js';

/**
 * createTestApp with these templates, expected to be refused. The refused app never gets to close
 * its database connection: on PostgreSQL its database is dropped (WITH FORCE) afterwards, so that
 * no idle pool connection keeps jest waiting.
 */
export async function startWithTemplates(reportTemplatesDir: string): Promise<void> {
  const database = await testDatabaseConfig();
  try {
    const app = await createTestApp({ reportTemplatesDir, database });
    await app.close();
  } finally {
    if (database.type === 'postgres') {
      const server = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await server.connect();
      try {
        await server.query(`DROP DATABASE IF EXISTS ${new URL(database.url).pathname.slice(1)} WITH (FORCE)`);
      } finally {
        await server.end();
      }
    }
  }
}
