// Invariant 6: Postgres is the only truth. The apiserver is killed with SIGKILL in the middle of
// a watch and of concurrent writes, then started again on the same port and data directory: no
// acknowledged write is lost, and a client that re-watches from its last RV sees every change
// exactly once, in order.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApiClient,
  configMap,
  expectStatus,
  freePort,
  pod,
  rvNum,
  sleep,
  startApiServerProcess,
  tokenFromKubeconfig,
  waitFor,
  type ApiServerProcess,
  type WatchEvent,
  type WatchStream,
} from 'test/support/apiserver';
import { createTestDatabase, withDatabase, type TestDatabase } from 'test/support/postgres';

const CM = '/api/v1/namespaces/default/configmaps';

/** A watch client that, like an informer, re-watches from the last RV it received whenever the stream breaks. */
class ResumingWatcher {
  readonly events: WatchEvent[] = [];
  /** Problems that must fail the test: non-200 answers, ERROR events. */
  readonly problems: string[] = [];
  connections = 0;
  private stopped = false;
  private current?: WatchStream;
  readonly done: Promise<void>;

  constructor(
    private readonly api: ApiClient,
    private rv: string,
  ) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const stream = this.api.watch(`${CM}?watch=true&resourceVersion=${this.rv}`);
      this.current = stream;
      let status: number;
      try {
        status = await stream.status;
      } catch {
        await sleep(100); // connection refused: the server is down
        continue;
      }
      if (status !== 200) {
        await stream.waitClosed().catch(() => undefined);
        this.problems.push(`watch from ${this.rv} answered ${status}: ${stream.errorBody}`);
        await sleep(200);
        continue;
      }
      this.connections += 1;
      for (;;) {
        let event: WatchEvent;
        try {
          event = await stream.next(3_600_000);
        } catch {
          break; // stream ended or broke: resume from the last RV
        }
        if (event.type === 'ERROR') {
          this.problems.push(`ERROR event when watching from ${this.rv}: ${JSON.stringify(event.object)}`);
          break;
        }
        this.events.push(event);
        this.rv = event.object.metadata.resourceVersion;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.close();
    await this.done;
  }
}

/** A write whose outcome is known (acknowledged) or must be found out after the restart (in flight at the kill). */
interface Created {
  name: string;
  rv?: number;
}

class Writers {
  readonly acknowledged: Created[] = [];
  readonly uncertain: Created[] = [];
  private stopped = false;
  private up: Promise<void> = Promise.resolve();
  private markUp: () => void = () => undefined;

  constructor(private readonly api: ApiClient) {}

  serverDown(): void {
    this.up = new Promise((resolve) => (this.markUp = resolve));
  }

  serverUp(): void {
    this.markUp();
  }

  stop(): void {
    this.stopped = true;
  }

  async run(id: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      await this.up;
      const name = `k-${id}-${n}`;
      try {
        const res = await this.api.post(CM, configMap(name, { n: String(n) }));
        if (res.status === 201) {
          this.acknowledged.push({ name, rv: rvNum(res.body.metadata.resourceVersion) });
          continue;
        }
        if (res.status < 500) {
          throw new Error(`create ${name} answered ${res.status}: ${res.text}`);
        }
      } catch (err) {
        if ((err as Error).message.startsWith('create ')) {
          throw err;
        }
      }
      this.uncertain.push({ name });
      await sleep(50);
    }
  }
}

describe('apiserver killed in the middle of a watch (invariant 6)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let proc: ApiServerProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-restart-'));
  });

  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('kill -9 during writes and a watch: the watcher resumes from its RV with no loss and no duplicates', async () => {
    const port = await freePort();
    proc = await startApiServerProcess(dataDir, db.url, port);
    const token = proc.token;
    // One client for the whole test: the same address and credentials must work after the restart.
    const api = new ApiClient(proc.url, token);
    const list = await api.get(CM);
    expect(list.status).toBe(200);
    const watcher = new ResumingWatcher(api, list.body.metadata.resourceVersion);
    const writers = new Writers(api);
    const running = [0, 1, 2, 3].map((id) => writers.run(id));
    try {
      await waitFor(() => writers.acknowledged.length >= 300 && watcher.events.length >= 100, 'writes and watch events before the kill', 60_000);

      writers.serverDown();
      const killed = await proc.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      const maxBeforeKill = Math.max(...writers.acknowledged.map((w) => w.rv!));
      await sleep(300); // the watcher and the writers now meet a closed port

      proc = await startApiServerProcess(dataDir, db.url, port);
      expect(tokenFromKubeconfig(proc.kubeconfigPath)).toBe(token);
      const ackBeforeRestart = writers.acknowledged.length;
      writers.serverUp();
      await waitFor(() => writers.acknowledged.length >= ackBeforeRestart + 300, 'writes after the restart', 60_000);
      writers.stop();
      await Promise.all(running);

      const afterRestart = writers.acknowledged.slice(ackBeforeRestart);
      expect(Math.min(...afterRestart.map((w) => w.rv!))).toBeGreaterThan(maxBeforeKill);

      // Writes in flight at the kill either committed (then they are in the database) or not at all.
      const committed = [...writers.acknowledged];
      for (const w of writers.uncertain) {
        const res = await api.get(`${CM}/${w.name}`);
        if (res.status === 200) {
          committed.push({ name: w.name, rv: rvNum(res.body.metadata.resourceVersion) });
        } else {
          expect(res.status).toBe(404);
        }
      }

      const sentinel = await api.post(CM, configMap('sentinel'));
      expect(sentinel.status).toBe(201);
      committed.push({ name: 'sentinel', rv: rvNum(sentinel.body.metadata.resourceVersion) });
      await waitFor(
        () => watcher.events.some((e) => e.object.metadata.name === 'sentinel') || watcher.problems.length > 0,
        'the watcher to see the sentinel',
        60_000,
      );
      await watcher.stop();

      expect(watcher.problems).toEqual([]);
      expect(watcher.connections).toBeGreaterThanOrEqual(2);
      const rvs = watcher.events.map((e) => rvNum(e.object.metadata.resourceVersion));
      for (let i = 1; i < rvs.length; i++) {
        if (rvs[i] <= rvs[i - 1]) {
          throw new Error(`event #${i} has RV ${rvs[i]} after ${rvs[i - 1]}: duplicate or reordering across the restart`);
        }
      }
      expect(watcher.events.map((e) => e.type)).toEqual(watcher.events.map(() => 'ADDED'));
      const seen = watcher.events.map((e) => `${e.object.metadata.name}@${e.object.metadata.resourceVersion}`).sort();
      const expected = committed.map((w) => `${w.name}@${w.rv}`).sort();
      expect(seen.filter((s) => !expected.includes(s))).toEqual([]);
      expect(expected.filter((s) => !seen.includes(s))).toEqual([]);
      expect(seen).toHaveLength(expected.length);

      const final = await api.get(CM);
      expectStatus(final, 200);
      expect(final.body.items.map((o: any) => o.metadata.name).sort()).toEqual(committed.map((w) => w.name).sort());

      // SIGTERM is a clean shutdown, and what was written is still there after another start.
      const stopped = await proc.kill('SIGTERM');
      expect(stopped).toEqual({ code: 0, signal: null });
      proc = await startApiServerProcess(dataDir, db.url, port);
      const again = await api.get(CM);
      expectStatus(again, 200);
      expect(again.body.items.map((o: any) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort()).toEqual(expected);
    } finally {
      writers.stop();
      writers.serverUp();
      await watcher.stop();
      api.close();
    }
  }, 240_000);

  test('after a restart, label and field selectors match what the writer stored beside each object (or, without it, the object)', async () => {
    const port = proc!.port;
    const api = proc!.api;
    const PODS = '/api/v1/namespaces/default/pods';
    const container = { containers: [{ name: 'c', image: 'busybox' }] };
    expectStatus(await api.post(PODS, pod('on-n1', { ...container, nodeName: 'n1' }, { labels: { app: 'a' } })), 201);
    expectStatus(await api.post(PODS, pod('on-n2', { ...container, nodeName: 'n2' }, { labels: { app: 'b' } })), 201);
    expectStatus(await api.post(PODS, pod('unbound', container, { labels: { app: 'b' } })), 201);
    const stored = await withDatabase(db.url, (c) => c.query<{ name: string; attrs: string | null }>("SELECT name, attrs FROM objects WHERE resource = 'pods' ORDER BY name"));
    expect(stored.rows.map((r) => [r.name, JSON.parse(r.attrs ?? 'null')?.f?.['spec.nodeName']])).toEqual([
      ['on-n1', 'n1'],
      ['on-n2', 'n2'],
      ['unbound', ''],
    ]);
    // A row written before the column existed has none: that object is parsed at start-up instead.
    await withDatabase(db.url, (c) => c.query("UPDATE objects SET attrs = NULL WHERE resource = 'pods' AND name = 'on-n2'"));
    await proc!.kill('SIGTERM');
    proc = await startApiServerProcess(dataDir, db.url, port);
    const names = async (query: string): Promise<string[]> => {
      const res = await proc!.api.get(`${PODS}?${query}`);
      expectStatus(res, 200);
      return res.body.items.map((o: any) => o.metadata.name).sort();
    };
    expect(await names('fieldSelector=spec.nodeName%3Dn1')).toEqual(['on-n1']);
    expect(await names('fieldSelector=spec.nodeName%3Dn2')).toEqual(['on-n2']);
    expect(await names('fieldSelector=spec.nodeName%3D')).toEqual(['unbound']);
    expect(await names('labelSelector=app%3Db')).toEqual(['on-n2', 'unbound']);
  }, 120_000);
});
