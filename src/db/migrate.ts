import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from 'pg';
import { connectWhenReady } from 'src/db/wait';
import { packageRoot } from 'src/package-root';

/** Advisory lock key that serialises migrations between apiservers sharing one database. */
const MIGRATION_LOCK_KEY = 0x6b756265; // "kube"

/** The committed drizzle-kit migrations, relative to the package root. */
export const MIGRATIONS_FOLDER = path.join(packageRoot(), 'migrations');

/**
 * Applies pending migrations under a Postgres advisory lock on a dedicated connection, so two
 * apiservers starting together cannot race (drizzle's migrate() takes no lock of its own).
 * Waits for a database that is still starting (see connectWhenReady); `onWait` hears about it.
 * A database that is already current (every restart) costs two small queries and no lock.
 */
export async function runMigrations(databaseUrl: string, onWait?: (msg: string) => void): Promise<void> {
  const client = await connectWhenReady(databaseUrl, onWait);
  try {
    if (await upToDate(client)) {
      return;
    }
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // Loaded only when there is something to apply: most starts find the schema current.
      const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator')]);
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Whether every committed migration is applied, by drizzle's own rule: migrate() applies each
 * migration whose journal `when` is later than the newest `created_at` it recorded. A database
 * another apiserver is migrating right now reads as not up to date, and migrate() then waits for it.
 */
async function upToDate(client: Client): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const { rows: table } = await client.query<{ present: boolean }>("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present");
  if (!table[0].present) {
    return false;
  }
  const { rows } = await client.query<{ applied: string | null }>('SELECT max(created_at)::text AS applied FROM drizzle.__drizzle_migrations');
  return rows[0].applied !== null && Number(rows[0].applied) >= newest;
}
