// Invariant 3: a list at RV R followed by a watch from R delivers every later change exactly once,
// in order; this is what client-go reflectors and client-node informers rely on. Checked while
// writers churn, for a consistent list, a paginated list, and a resourceVersion=0 (cache) list.
import {
  configMap,
  createNamespace,
  expectStatus,
  rvNum,
  startTestApiServer,
  type ApiClient,
  type TestApiServer,
  type WatchEvent,
  type WatchStream,
} from 'test/support/apiserver';

const NS = 'handoff';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

/** One acknowledged operation on one name; deletes answer with a Status, so their RV is unknown. */
interface Op {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv?: number;
  value: string;
}

/** A list snapshot: its RV and the objects it returned. */
interface Snapshot {
  mode: string;
  rv: number;
  items: Map<string, { rv: number; value: string }>;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

class Churn {
  readonly history = new Map<string, Op[]>();
  acknowledged = 0;
  private stopped = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly api: ApiClient) {}

  private failure: unknown;

  /** Waits until `n` operations have been acknowledged in total (rejects if a worker failed). */
  reached(n: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) {
          reject(this.failure);
        } else if (this.acknowledged >= n) {
          resolve();
        } else {
          return false;
        }
        return true;
      };
      if (!check()) {
        this.listeners.push(() => void check());
      }
    });
  }

  /** Runs one worker, remembering its failure so that waiters stop waiting. */
  async run(id: number): Promise<void> {
    try {
      await this.worker(id);
    } catch (err) {
      this.failure = err;
      this.stopped = true;
      this.listeners.forEach((l) => l());
      throw err;
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** One worker owning names h-<id>-0..14: create when absent, else update (75%) or delete (25%). */
  private async worker(id: number): Promise<void> {
    const random = lcg(id + 1);
    const live = new Map<string, string>();
    let counter = 0;
    while (!this.stopped) {
      const name = `h-${id}-${Math.floor(random() * 15)}`;
      const value = `${id}.${counter++}`;
      const rv = live.get(name);
      let op: Op;
      if (rv === undefined) {
        const res = await this.api.post(CM, configMap(name, { value }));
        expectStatus(res, 201);
        live.set(name, res.body.metadata.resourceVersion);
        op = { type: 'ADDED', rv: rvNum(res.body.metadata.resourceVersion), value };
      } else if (random() < 0.25) {
        const res = await this.api.delete(`${CM}/${name}`);
        expectStatus(res, 200);
        live.delete(name);
        op = { type: 'DELETED', value: '' };
      } else {
        const res = await this.api.put(`${CM}/${name}`, configMap(name, { value }, { resourceVersion: rv }));
        expectStatus(res, 200);
        live.set(name, res.body.metadata.resourceVersion);
        op = { type: 'MODIFIED', rv: rvNum(res.body.metadata.resourceVersion), value };
      }
      this.record(name, op);
    }
  }

  record(name: string, op: Op): void {
    const ops = this.history.get(name) ?? [];
    ops.push(op);
    this.history.set(name, ops);
    this.acknowledged += 1;
    this.listeners.forEach((l) => l());
  }
}

function snapshotOf(mode: string, rv: string, items: any[]): Snapshot {
  return {
    mode,
    rv: rvNum(rv),
    items: new Map(items.map((o) => [o.metadata.name, { rv: rvNum(o.metadata.resourceVersion), value: o.data?.value }])),
  };
}

async function consistentList(api: ApiClient): Promise<Snapshot> {
  const res = await api.get(CM);
  expectStatus(res, 200);
  return snapshotOf('consistent', res.body.metadata.resourceVersion, res.body.items);
}

async function cacheList(api: ApiClient): Promise<Snapshot> {
  const res = await api.get(`${CM}?resourceVersion=0`);
  expectStatus(res, 200);
  return snapshotOf('resourceVersion=0', res.body.metadata.resourceVersion, res.body.items);
}

/** Pages of 7 with continue tokens; every page must name the same snapshot RV. */
async function pagedList(api: ApiClient): Promise<Snapshot> {
  const items: any[] = [];
  let rv: string | undefined;
  let token: string | undefined;
  do {
    const res = await api.get(`${CM}?limit=7${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    expectStatus(res, 200);
    if (rv === undefined) {
      rv = res.body.metadata.resourceVersion;
    } else {
      expect(res.body.metadata.resourceVersion).toBe(rv);
    }
    expect(res.body.items.length).toBeLessThanOrEqual(7);
    items.push(...res.body.items);
    token = res.body.metadata.continue || undefined;
  } while (token);
  expect(new Set(items.map((o) => o.metadata.name)).size).toBe(items.length);
  return snapshotOf('paginated', rv!, items);
}

/**
 * Works out, name by name, which acknowledged operations come after the snapshot, checking on
 * the way that the snapshot shows exactly the state those operations produced at its RV.
 */
function expectedAfter(snapshot: Snapshot, history: Map<string, Op[]>): Map<string, Op[]> {
  const out = new Map<string, Op[]>();
  for (const [name, ops] of history) {
    const listed = snapshot.items.get(name);
    let j: number;
    if (listed) {
      j = ops.findIndex((op) => op.rv === listed.rv);
      expect({ name, listed, found: j >= 0 && ops[j].value === listed.value }).toEqual({ name, listed, found: true });
    } else {
      let m = -1;
      ops.forEach((op, i) => {
        if (op.rv !== undefined && op.rv <= snapshot.rv) {
          m = i;
        }
      });
      // Absent at R: either never created yet, or the delete right after the last write at or before R came before R.
      j = m >= 0 ? m + 1 : -1;
      if (m >= 0) {
        expect({ name, nextOp: ops[j]?.type }).toEqual({ name, nextOp: 'DELETED' });
      }
    }
    const later = ops.slice(j + 1);
    const stale = later.find((op) => op.rv !== undefined && op.rv <= snapshot.rv);
    expect({ name, staleListEntry: stale ?? null }).toEqual({ name, staleListEntry: null });
    out.set(name, later);
  }
  for (const name of snapshot.items.keys()) {
    expect(history.has(name)).toBe(true);
  }
  return out;
}

/** Checks the watch delivered exactly the later operations, in order, and rebuilds the final state. */
function checkHandoff(snapshot: Snapshot, events: WatchEvent[], history: Map<string, Op[]>): Map<string, { rv: number; value: string }> {
  const bad = events.find((e) => e.type !== 'ADDED' && e.type !== 'MODIFIED' && e.type !== 'DELETED');
  expect(bad).toBeUndefined();
  const rvs = events.map((e) => rvNum(e.object.metadata.resourceVersion));
  rvs.forEach((rv, i) => {
    if (rv <= (i === 0 ? snapshot.rv : rvs[i - 1])) {
      throw new Error(`${snapshot.mode}: event #${i} has RV ${rv}, not above ${i === 0 ? `the list RV ${snapshot.rv}` : `the previous event's ${rvs[i - 1]}`}`);
    }
  });
  const expected = expectedAfter(snapshot, history);
  const byName = new Map<string, WatchEvent[]>();
  for (const e of events) {
    const list = byName.get(e.object.metadata.name) ?? [];
    list.push(e);
    byName.set(e.object.metadata.name, list);
  }
  for (const [name, ops] of expected) {
    const got = (byName.get(name) ?? []).map((e) => ({
      type: e.type,
      rv: e.type === 'DELETED' ? undefined : rvNum(e.object.metadata.resourceVersion),
      value: e.type === 'DELETED' ? '' : e.object.data?.value,
    }));
    expect({ mode: snapshot.mode, name, events: got }).toEqual({
      mode: snapshot.mode,
      name,
      events: ops.map((op) => ({ type: op.type, rv: op.rv, value: op.value })),
    });
  }
  expect([...byName.keys()].filter((n) => !expected.has(n))).toEqual([]);
  const state = new Map(snapshot.items);
  for (const e of events) {
    if (e.type === 'DELETED') {
      state.delete(e.object.metadata.name);
    } else {
      state.set(e.object.metadata.name, { rv: rvNum(e.object.metadata.resourceVersion), value: e.object.data?.value });
    }
  }
  return state;
}

describe('list-then-watch hand-off (invariant 3)', () => {
  let server: TestApiServer;

  beforeAll(async () => {
    server = await startTestApiServer();
    await createNamespace(server.api, NS);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('consistent, paginated and resourceVersion=0 lists each hand off to a watch without loss or duplication while writers churn', async () => {
    const churn = new Churn(server.api);
    const workers = [0, 1, 2, 3].map((id) => churn.run(id));
    const handoffs: { snapshot: Snapshot; watch: WatchStream }[] = [];
    const lists: [number, (api: ApiClient) => Promise<Snapshot>][] = [
      [120, consistentList],
      [300, pagedList],
      [480, cacheList],
    ];
    try {
      for (const [at, list] of lists) {
        await churn.reached(at);
        const snapshot = await list(server.api);
        // Let writes pile up between the list and the watch, as they do for a real client.
        await churn.reached(churn.acknowledged + 60);
        const watch = server.api.watch(`${CM}?watch=true&resourceVersion=${snapshot.rv}`);
        expect(await watch.status).toBe(200);
        handoffs.push({ snapshot, watch });
      }
      await churn.reached(700);
    } finally {
      churn.stop();
      await Promise.all(workers);
    }

    // A last write marks the end of history for every watch.
    const sentinel = await server.api.post(CM, configMap('sentinel', { value: 'end' }));
    expectStatus(sentinel, 201);
    churn.record('sentinel', { type: 'ADDED', rv: rvNum(sentinel.body.metadata.resourceVersion), value: 'end' });

    const final = await server.api.get(CM);
    expectStatus(final, 200);
    const truth = snapshotOf('final', final.body.metadata.resourceVersion, final.body.items).items;

    for (const { snapshot, watch } of handoffs) {
      const events = await watch.until((e) => e.type === 'ERROR' || e.object?.metadata?.name === 'sentinel', 60_000);
      watch.close();
      const rebuilt = checkHandoff(snapshot, events, churn.history);
      expect({ mode: snapshot.mode, state: Object.fromEntries(rebuilt) }).toEqual({ mode: snapshot.mode, state: Object.fromEntries(truth) });
    }
  }, 180_000);
});
