import type { Pool } from 'pg';
import type { KubeObject } from 'src/registry/generic/object';
import { GroupCommitWriter, type CommitSink } from 'src/storage/postgres/writer';

// The writer's batch pipeline against a fake pool whose answers the test releases one by one
// (the SQL itself is covered by test/integration/change-feed.test.ts on a real Postgres).

interface Sent {
  names: string[];
  answer(rows: { base_rv: string; failures: number[] }): void;
  fail(err: Error): void;
}

function fakePool(sent: Sent[]): Pool {
  const query = (_text: string, values: unknown[]) =>
    new Promise((resolve, reject) => {
      sent.push({ names: values[3] as string[], answer: (row) => resolve({ rows: [row] }), fail: reject });
    });
  return { query } as unknown as Pool;
}

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } } as KubeObject;
}

/** Lets queued callbacks, immediates and microtasks run until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) {
    await new Promise((r) => setImmediate(r));
  }
  expect(cond()).toBe(true);
}

describe(GroupCommitWriter.name, () => {
  let sent: Sent[];
  let log: string[];
  let writer: GroupCommitWriter;

  beforeEach(() => {
    sent = [];
    log = [];
    const sink: CommitSink = {
      begin: () => log.push('begin'),
      publish: async (events) => {
        log.push(`publish ${events.map((e) => `${e.name}@${e.rv}`).join(',')}`);
      },
      abandon: () => log.push('abandon'),
    };
    writer = new GroupCommitWriter(fakePool(sent), sink);
  });

  const create = (name: string) =>
    writer.submit({ op: 'create', resource: 'configmaps', namespace: 'default', name, obj: configMap(name) }).then(
      (r) => {
        log.push(`answer ${name} (${sent.length} batches sent)`);
        return r;
      },
      (err: Error) => {
        log.push(`error ${name}: ${err.message} (${sent.length} batches sent)`);
        return undefined;
      },
    );

  it('answers a batch with the RVs the database numbered, after its events reach the cache', async () => {
    const a = create('a');
    await until(() => sent.length === 1);
    const b = create('b');
    const c = create('c');
    sent[0].answer({ base_rv: '10', failures: [0] });
    await until(() => sent.length === 2);
    expect(sent[1].names).toEqual(['b', 'c']);
    sent[1].answer({ base_rv: '11', failures: [0, 1] });
    const results = await Promise.all([a, b, c]);
    expect(results).toEqual([
      { ok: true, rv: 11, json: expect.stringContaining('"resourceVersion":"11"') },
      { ok: true, rv: 12, json: expect.stringContaining('"resourceVersion":"12"') },
      { ok: false, reason: 'exists' },
    ]);
    // Each batch's events reach the cache before its callers hear back (read-your-writes); the
    // failed create publishes nothing.
    expect(log).toEqual([
      'begin',
      'publish a@11',
      'answer a (1 batches sent)',
      'begin',
      'publish b@12',
      'answer b (2 batches sent)',
      'answer c (2 batches sent)',
    ]);
  });

  it('fails only the callers of a batch whose round trip failed, and goes on with the next', async () => {
    const a = create('a');
    await until(() => sent.length === 1);
    const b = create('b');
    sent[0].fail(new Error('connection reset'));
    await until(() => sent.length === 2);
    sent[1].answer({ base_rv: '20', failures: [0] });
    await Promise.all([a, b]);
    expect(log).toEqual(['begin', 'abandon', 'begin', 'error a: connection reset (2 batches sent)', 'publish b@21', 'answer b (2 batches sent)']);
  });

  it('stops when the queue is empty and starts again on the next write', async () => {
    const a = create('a');
    await until(() => sent.length === 1);
    sent[0].answer({ base_rv: '1', failures: [0] });
    await a;
    const b = create('b');
    await until(() => sent.length === 2);
    sent[1].answer({ base_rv: '2', failures: [0] });
    await b;
    expect(writer.stats).toEqual({ batches: 2, mutations: 2 });
    await writer.close();
    await expect(writer.submit({ op: 'create', resource: 'configmaps', namespace: 'default', name: 'late', obj: configMap('late') })).rejects.toThrow(
      /shutting down/,
    );
  });
});
