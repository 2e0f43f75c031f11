import * as path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';
import { packageRoot } from 'src/package-root';

/** Advisory lock key that serialises migrations between apiservers sharing one database. */
const MIGRATION_LOCK_KEY = 0x6b756265; // "kube"

/** The committed drizzle-kit migrations, relative to the package root. */
export const MIGRATIONS_FOLDER = path.join(packageRoot(), 'migrations');

/**
 * Applies pending migrations under a Postgres advisory lock on a dedicated connection, so two
 * apiservers starting together cannot race (drizzle's migrate() takes no lock of its own).
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
