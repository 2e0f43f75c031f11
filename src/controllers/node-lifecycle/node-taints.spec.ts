import { applyTaints, noScheduleTaintDiff } from 'src/controllers/node-lifecycle/node-taints';
import { RateLimitedTimedQueue, TokenBucket } from 'src/controllers/node-lifecycle/rate-limited-queue';
import type { KubeObject } from 'src/registry/generic/object';

const node = (conditions: Record<string, string>, taints: { key: string; effect: string }[] = [], unschedulable = false): KubeObject => ({
  metadata: { name: 'n1' },
  spec: { taints, unschedulable },
  status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
});
const ns = (key: string) => ({ key: `node.kubernetes.io/${key}`, effect: 'NoSchedule' });

describe('NoSchedule taints from conditions', () => {
  it.each<[string, KubeObject, { add: unknown[]; remove: unknown[] }]>([
    ['a Ready node keeps none', node({ Ready: 'True', MemoryPressure: 'False' }, [ns('not-ready')]), { add: [], remove: [ns('not-ready')] }],
    ['a node not yet Ready keeps not-ready', node({ Ready: 'False' }, [ns('not-ready')]), { add: [], remove: [] }],
    ['an Unknown node gets unreachable instead', node({ Ready: 'Unknown' }, [ns('not-ready')]), { add: [ns('unreachable')], remove: [ns('not-ready')] }],
    ['pressure conditions', node({ Ready: 'True', DiskPressure: 'True', PIDPressure: 'True' }), { add: [ns('disk-pressure'), ns('pid-pressure')], remove: [] }],
    ['a cordoned node', node({ Ready: 'True' }, [], true), { add: [ns('unschedulable')], remove: [] }],
    [
      'taints of others are left alone',
      node({ Ready: 'True' }, [
        { key: 'dedicated', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      ]),
      { add: [], remove: [] },
    ],
  ])('%s', (_, n, diff) => {
    expect(noScheduleTaintDiff(n)).toEqual(diff);
  });

  it('replaces a taint of the same key and effect', () => {
    const t = { key: 'k', effect: 'NoExecute', timeAdded: 'new' };
    expect(
      applyTaints(
        [
          { key: 'k', effect: 'NoExecute', timeAdded: 'old' },
          { key: 'k', effect: 'NoSchedule' },
        ],
        [t],
        [{ key: 'k', effect: 'NoSchedule' }],
      ),
    ).toEqual([t]);
  });
});

describe('rate-limited tainting', () => {
  it('takes one node at once and the next after 1/qps seconds', async () => {
    let now = 0;
    const q = new RateLimitedTimedQueue(0.1, now);
    q.add('a', 'ua', now);
    q.add('b', 'ub', now);
    expect(q.add('a', 'ua', now)).toBe(false);
    const done: string[] = [];
    const step = () =>
      q.try(
        () => now,
        async (v) => (done.push(v.value), { done: true }),
      );
    await step();
    expect(done).toEqual(['a']);
    now = 9_000;
    await step();
    expect(done).toEqual(['a']);
    now = 10_500;
    await step();
    expect(done).toEqual(['a', 'b']);
    expect(q.add('a', 'ua', now)).toBe(false);
    q.remove('a');
    expect(q.add('a', 'ua', now)).toBe(true);
  });

  it('never accepts at qps 0', () => {
    expect(new TokenBucket(0, 1, 0).tryAccept(1e9)).toBe(false);
  });
});
