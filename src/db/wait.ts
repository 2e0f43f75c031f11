import { Client } from 'pg';

/** How long an apiserver waits at start for its database to accept connections. */
export const DATABASE_WAIT_MS = 60_000;
/** Waiting longer than this is worth a log line (a normal `kubepg up` start waits far less). */
const QUIET_WAIT_MS = 2000;

/**
 * Errors that mean "not up yet" rather than "wrong": nothing listens (the server is still
 * starting), 57P03 cannot_connect_now (starting up or recovering), 3D000 invalid_catalog_name
 * (`kubepg up` creates the `kubepg` database right after the first start). Anything else, such as
 * a wrong password, fails at once.
 */
const NOT_YET = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', '57P03', '3D000']);

/**
 * Connects a new client to `databaseUrl`, retrying (20 ms, doubling to 250 ms) while the server
 * is not accepting connections yet, for at most `timeoutMs`. `kubepg up` starts the apiserver
 * while its embedded Postgres is still starting, so both start-ups overlap.
 */
export async function connectWhenReady(databaseUrl: string, onWait: (msg: string) => void = () => undefined, timeoutMs = DATABASE_WAIT_MS): Promise<Client> {
  const started = Date.now();
  let delay = 20;
  let told = false;
  for (;;) {
    const client = new Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      const code = (err as { code?: string }).code;
      const waited = Date.now() - started;
      if (code === undefined || !NOT_YET.has(code) || waited + delay > timeoutMs) {
        throw err;
      }
      if (!told && waited >= QUIET_WAIT_MS) {
        told = true;
        onWait(`waiting for PostgreSQL to accept connections: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 250);
    }
  }
}
