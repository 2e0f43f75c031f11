import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';

/** Advisory lock key that serialises migrations between apiservers sharing one database. */
const MIGRATION_LOCK_KEY = 0x6b756265; // "kube"

/** The package root: the nearest directory above this file with a package.json (src/ or any build dir). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

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
