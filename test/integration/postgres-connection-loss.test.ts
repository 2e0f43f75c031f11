// Postgres closing the apiserver's connections (a restart, a failover, an administrator's
// pg_terminate_backend) while writes are in flight must fail those requests, never the process:
// pg-pool drops its own error listener from a checked-out client, so the apiserver adds one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { configMap, freePort, sleep, startApiServerProcess, waitFor, type ApiServerProcess } from 'test/support/apiserver';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

const CM = '/api/v1/namespaces/default/configmaps';

describe('postgres connections terminated under load', () => {
  let db: TestDatabase;
  let dataDir: string;
  let proc: ApiServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-connloss-'));
    proc = await startApiServerProcess(dataDir, db.url, await freePort());
  });

  afterAll(async () => {
    await proc?.kill('SIGTERM');
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the apiserver alive and serving after its backends are killed mid-write', async () => {
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    let stop = false;
    let n = 0;
    const writers = Array.from({ length: 16 }, async (_, w) => {
      while (!stop) {
        await proc.api.post(CM, configMap(`w${w}-${n++}`)).catch(() => undefined);
      }
    });
    try {
      for (let round = 0; round < 5; round++) {
        await sleep(300);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      }
    } finally {
      stop = true;
      await Promise.all(writers);
      await admin.end();
    }
    expect(proc.output()).not.toMatch(/Unhandled 'error' event/);
    const res = await waitFor(async () => {
      const r = await proc.api.post(CM, configMap('after')).catch(() => undefined);
      return r?.status === 201 ? r : undefined;
    }, 'a create to succeed after the connections came back', 30_000);
    expect(res.status).toBe(201);
    const list = await proc.api.get(CM);
    expect(list.body.items.some((i: { metadata: { name: string } }) => i.metadata.name === 'after')).toBe(true);
  });
});
