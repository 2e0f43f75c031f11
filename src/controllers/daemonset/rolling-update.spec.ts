import type { KubeObject } from 'src/registry/generic/object';
import { Backoff, planManage } from 'src/controllers/daemonset/manage';
import { planRollingUpdate, scaledValue } from 'src/controllers/daemonset/rolling-update';
import { daemonSetCounts } from 'src/controllers/daemonset/status';

const NOW = new Date('2026-01-01T01:00:00Z');

const node = (name: string, taints: Record<string, string>[] = []): KubeObject => ({ metadata: { name }, spec: { taints } });

function ds(rollingUpdate: Record<string, unknown> = { maxUnavailable: 1, maxSurge: 0 }): KubeObject {
  return {
    metadata: { name: 'agent', namespace: 'ns', uid: 'ds-uid', generation: 1 },
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template: { spec: { containers: [{ name: 'c' }] } } },
    status: {},
  };
}

/** A pod on `node` as 'hash:state[:created]', state ready | pending | failed | deleting. */
function pod(nodeName: string, desc: string, i = 0): KubeObject {
  const [hash, state, ...rest] = desc.split(':');
  const created = rest.join(':') || undefined;
  const p: KubeObject = {
    metadata: {
      name: `agent-${nodeName}-${hash}-${i}`,
      namespace: 'ns',
      uid: `${nodeName}-${hash}-${i}`,
      labels: { 'controller-revision-hash': hash },
      creationTimestamp: created ?? '2026-01-01T00:00:00Z',
    },
    spec: { nodeName },
    status: {
      phase: state === 'failed' ? 'Failed' : state === 'pending' ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: state === 'ready' || state === 'deleting' ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    },
  };
  if (state === 'deleting') {
    p.metadata.deletionTimestamp = '2026-01-01T00:59:00Z';
  }
  return p;
}

/** Nodes n0..n(k-1) with the pods described per node ('' for none). */
function cluster(perNode: string[]): { nodes: KubeObject[]; nodeToPods: Map<string, KubeObject[]> } {
  const nodes = perNode.map((_, i) => node(`n${i}`));
  const nodeToPods = new Map<string, KubeObject[]>();
  perNode.forEach((desc, i) => {
    if (desc) {
      nodeToPods.set(
        `n${i}`,
        desc.split(',').map((d, j) => pod(`n${i}`, d, j)),
      );
    }
  });
  return { nodes, nodeToPods };
}

describe('planRollingUpdate', () => {
  const cases: { name: string; ru?: Record<string, unknown>; pods: string[]; deletes: string[]; creates: string[] }[] = [
    { name: 'maxUnavailable 1 replaces one old pod', pods: ['old:ready', 'old:ready', 'old:ready'], deletes: ['n0'], creates: [] },
    { name: 'an unavailable new pod uses up the budget', pods: ['new:pending', 'old:ready', 'old:ready'], deletes: [], creates: [] },
    { name: 'an available new pod frees the budget', pods: ['new:ready', 'old:ready', 'old:ready'], deletes: ['n1'], creates: [] },
    { name: 'a node without a pod counts as unavailable', pods: ['', 'old:ready', 'old:ready'], deletes: [], creates: [] },
    { name: 'an unavailable old pod is replaced regardless of the budget', pods: ['new:pending', 'old:pending', 'old:ready'], deletes: ['n1'], creates: [] },
    {
      name: 'maxUnavailable 2 replaces two',
      ru: { maxUnavailable: 2, maxSurge: 0 },
      pods: ['old:ready', 'old:ready', 'old:ready'],
      deletes: ['n0', 'n1'],
      creates: [],
    },
    { name: 'a percentage rounds up', ru: { maxUnavailable: '10%', maxSurge: 0 }, pods: ['old:ready', 'old:ready', 'old:ready'], deletes: ['n0'], creates: [] },
    {
      name: 'surge starts a new pod next to an old one',
      ru: { maxUnavailable: 0, maxSurge: 1 },
      pods: ['old:ready', 'old:ready'],
      deletes: [],
      creates: ['n0'],
    },
    {
      name: 'surge waits while the new pod is not available',
      ru: { maxUnavailable: 0, maxSurge: 1 },
      pods: ['old:ready,new:pending', 'old:ready'],
      deletes: [],
      creates: [],
    },
    {
      name: 'surge deletes the old pod once the new one is available',
      ru: { maxUnavailable: 0, maxSurge: 1 },
      pods: ['old:ready,new:ready', 'old:ready'],
      deletes: ['n0'],
      creates: ['n1'],
    },
    {
      name: 'surge replaces an unavailable old pod at once',
      ru: { maxUnavailable: 0, maxSurge: 1 },
      pods: ['old:ready,new:pending', 'old:pending'],
      deletes: [],
      creates: ['n1'],
    },
  ];

  it.each(cases)('$name', ({ ru, pods, deletes, creates }) => {
    const { nodes, nodeToPods } = cluster(pods);
    const plan = planRollingUpdate(ds(ru), nodes, nodeToPods, 'new', NOW);
    expect(plan.deletePods.map((p) => p.spec.nodeName)).toEqual(deletes);
    expect(plan.createOn).toEqual(creates);
  });

  it.each([
    [1, 10, true, 1],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['1%', 1, true, 1],
  ])('scales %p of %p (round up %p) to %p', (v, total, up, want) => {
    expect(scaledValue(v, total, up)).toBe(want);
  });
});

describe('planManage', () => {
  const manage = (perNode: string[], d = ds(), backoff = new Backoff()) => {
    const { nodes, nodeToPods } = cluster(perNode);
    return planManage({ ds: d, nodes, nodeToPods, hash: 'new', now: NOW, backoff });
  };

  it('creates on nodes without a pod and keeps the oldest of duplicates', () => {
    const plan = manage(['', 'new:ready:2026-01-01T00:00:05Z,new:ready:2026-01-01T00:00:01Z', 'new:ready']);
    expect(plan.createOn).toEqual(['n0']);
    expect(plan.deletePods.map((p) => p.metadata.creationTimestamp)).toEqual(['2026-01-01T00:00:05Z']);
  });

  it('deletes the pods of a node with an untolerated NoExecute taint, not of a NoSchedule one', () => {
    const d = ds();
    const nodes = [
      node('a', [{ key: 'x', effect: 'NoExecute' }]),
      node('b', [{ key: 'y', effect: 'NoSchedule' }]),
      node('c', [{ key: 'y', effect: 'NoSchedule' }]),
    ];
    const nodeToPods = new Map([
      ['a', [pod('a', 'new:ready')]],
      ['b', [pod('b', 'new:ready')]],
    ]);
    const plan = planManage({ ds: d, nodes, nodeToPods, hash: 'new', now: NOW, backoff: new Backoff() });
    expect(plan.deletePods.map((p) => p.spec.nodeName)).toEqual(['a']);
    expect(plan.createOn).toEqual([]);
  });

  it('deletes a failed pod with an event, then backs off on the node', () => {
    const backoff = new Backoff();
    const first = manage(['new:failed'], ds(), backoff);
    expect(first.deletePods).toHaveLength(1);
    expect(first.events).toEqual([
      { type: 'Warning', reason: 'FailedDaemonPod', message: 'Found failed daemon pod ns/agent-n0-new-0 on node n0, will try to kill it' },
    ]);
    const again = manage(['new:failed'], ds(), backoff);
    expect(again.deletePods).toHaveLength(0);
    expect(again.requeueAfterMs).toBe(1000);
  });

  it('deletes unscheduled pods pinned to nodes that are gone', () => {
    const d = ds();
    const gone = pod('gone', 'new:pending');
    delete gone.spec.nodeName;
    const plan = planManage({
      ds: d,
      nodes: [node('n0')],
      nodeToPods: new Map([
        ['n0', [pod('n0', 'new:ready')]],
        ['gone', [gone]],
      ]),
      hash: 'new',
      now: NOW,
      backoff: new Backoff(),
    });
    expect(plan.deletePods).toEqual([gone]);
  });

  it('while surging keeps one old and one new pod until the new one is available', () => {
    const surge = ds({ maxUnavailable: 0, maxSurge: 1 });
    expect(manage(['old:ready,new:pending'], surge).deletePods).toEqual([]);
    expect(manage(['old:ready,new:ready'], surge).deletePods.map((p) => p.metadata.labels!['controller-revision-hash'])).toEqual(['old']);
  });
});

describe('daemonSetCounts', () => {
  it('counts desired, current, misscheduled, ready, available and updated nodes', () => {
    const nodes = [node('n0'), node('n1'), node('n2'), node('n3', [{ key: 'x', effect: 'NoSchedule' }])];
    const nodeToPods = new Map([
      ['n0', [pod('n0', 'new:ready')]],
      ['n1', [pod('n1', 'old:pending')]],
      ['n3', [pod('n3', 'new:ready')]],
    ]);
    expect(daemonSetCounts(ds(), nodes, nodeToPods, 'new', NOW)).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      numberUnavailable: 2,
    });
  });
});
