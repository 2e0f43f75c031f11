import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_URL_ENV, TEMPLATE_DATABASE, databaseUrl } from 'test/support/global-setup';

/** A database of its own for one test file (or one scenario), cloned from the migrated template. */
export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

let sequence = 0;

/** The admin URL of the run's shared Postgres, published by globalSetup. */
export function adminUrl(): string {
  const url = process.env[ADMIN_URL_ENV];
  if (!url) {
    throw new Error(`${ADMIN_URL_ENV} is not set: run this test through jest's integration or e2e project (globalSetup starts Postgres)`);
  }
  return url;
}

/** Runs one statement on a short-lived admin connection. */
async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A unique, valid database name that says which test file made it. */
function uniqueName(): string {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? 'test';
  const stem = path
    .basename(testPath)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 30);
  sequence += 1;
  return `t_${stem}_${process.pid}_${sequence}_${randomBytes(3).toString('hex')}`;
}

/**
 * Creates a fresh, migrated database (`CREATE DATABASE ... TEMPLATE kubepg_template`), which is
 * much faster than migrating from scratch and keeps test files from seeing each other's writes.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName();
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
        return;
      } catch (err) {
        // 55006 object_in_use: another session is cloning the template at this instant.
        if ((err as { code?: string }).code !== '55006' || attempt >= 50) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** Runs queries on a test database directly, e.g. to compact history the way the server would. */
export async function withDatabase<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
