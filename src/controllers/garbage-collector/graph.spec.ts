import { AbsentOwnerCache } from 'src/controllers/garbage-collector/absent-owner-cache';
import { foregroundOwnerStep } from 'src/controllers/garbage-collector/decisions';
import { DependencyGraph, type GraphEvent, type GraphNode } from 'src/controllers/garbage-collector/graph';
import { alternateOwnerIdentity, partitionDependents, referencesDiffs } from 'src/controllers/garbage-collector/owner-matching';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const CM = { apiVersion: 'v1', kind: 'ConfigMap' };

function obj(name: string, uid: string, meta: Partial<KubeObject['metadata']> = {}, namespace = 'ns'): KubeObject {
  return { metadata: { name, uid, namespace, ...meta } };
}

function ref(kind: { apiVersion: string; kind: string }, name: string, uid: string, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { ...kind, name, uid, ...extra };
}

/** A graph whose sink records what it was asked to do, by object name. */
function harness() {
  const log: string[] = [];
  const absent = new AbsentOwnerCache();
  const graph = new DependencyGraph(absent, {
    attemptToDelete: (n: GraphNode) => log.push(`delete ${n.identity.name}`),
    attemptToOrphan: (n: GraphNode) => log.push(`orphan ${n.identity.name}`),
    invalidOwnerNamespace: (n: GraphNode, uid: string) => log.push(`invalid ${n.identity.name} ${uid}`),
  });
  const apply = (ev: GraphEvent) => {
    log.length = 0;
    graph.process(ev);
    return [...log];
  };
  return { graph, absent, apply };
}

const rs = obj('rs', 'u-rs');
const pod1 = obj('p1', 'u-p1', { ownerReferences: [ref(RS, 'rs', 'u-rs', { controller: true, blockOwnerDeletion: true })] });
const deleting = (o: KubeObject, finalizer: string) => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [finalizer] } });

describe('DependencyGraph', () => {
  const cases: { name: string; setup: GraphEvent[]; event: GraphEvent; asks: string[] }[] = [
    {
      name: 'a dependent seen before its owner creates a virtual owner to verify',
      setup: [],
      event: { type: 'add', ...POD, obj: pod1 },
      asks: ['delete rs'],
    },
    {
      name: 'a dependent of an observed owner asks for nothing',
      setup: [{ type: 'add', ...RS, obj: rs }],
      event: { type: 'add', ...POD, obj: pod1 },
      asks: [],
    },
    {
      name: 'deleting an owner puts its dependents up for collection',
      setup: [
        { type: 'add', ...RS, obj: rs },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'delete', ...RS, obj: rs },
      asks: ['delete p1'],
    },
    {
      name: 'an owner starting foreground deletion: its dependents, then itself',
      setup: [
        { type: 'add', ...RS, obj: rs },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'update', ...RS, obj: deleting(rs, 'foregroundDeletion'), old: rs },
      asks: ['delete p1', 'delete rs'],
    },
    {
      name: 'an owner starting orphan deletion goes to the orphan queue',
      setup: [
        { type: 'add', ...RS, obj: rs },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'update', ...RS, obj: deleting(rs, 'orphan'), old: rs },
      asks: ['orphan rs'],
    },
    {
      name: 'an owner already orphaning (no transition) is not queued again',
      setup: [
        { type: 'add', ...RS, obj: deleting(rs, 'orphan') },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'update', ...RS, obj: deleting(rs, 'orphan'), old: deleting(rs, 'orphan') },
      asks: [],
    },
    {
      name: 'an object listed while already in foreground deletion starts it',
      setup: [],
      event: { type: 'add', ...RS, obj: deleting(rs, 'foregroundDeletion') },
      asks: ['delete rs'],
    },
    {
      name: 'a dependent gone from a foreground owner makes the owner look again',
      setup: [
        { type: 'add', ...RS, obj: deleting(rs, 'foregroundDeletion') },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'delete', ...POD, obj: pod1 },
      asks: ['delete rs'],
    },
    {
      name: 'a dependent dropping a blocking reference unblocks the owner',
      setup: [
        { type: 'add', ...RS, obj: rs },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'update', ...POD, obj: obj('p1', 'u-p1'), old: pod1 },
      asks: ['delete rs'],
    },
    {
      name: 'a dependent clearing blockOwnerDeletion unblocks the owner',
      setup: [
        { type: 'add', ...RS, obj: rs },
        { type: 'add', ...POD, obj: pod1 },
      ],
      event: { type: 'update', ...POD, obj: obj('p1', 'u-p1', { ownerReferences: [ref(RS, 'rs', 'u-rs', { controller: true, blockOwnerDeletion: false })] }), old: pod1 },
      asks: ['delete rs'],
    },
    {
      name: 'a dependent naming an observed owner of another namespace is reported and checked',
      setup: [{ type: 'add', ...CM, obj: obj('owner', 'u-o', {}, 'a') }],
      event: { type: 'add', ...CM, obj: obj('dep', 'u-d', { ownerReferences: [ref(CM, 'owner', 'u-o')] }, 'b') },
      asks: ['invalid dep u-o', 'delete dep'],
    },
    {
      name: 'a dependent naming an observed owner with the wrong kind is checked',
      setup: [{ type: 'add', ...RS, obj: rs }],
      event: { type: 'add', ...POD, obj: obj('p2', 'u-p2', { ownerReferences: [ref(CM, 'rs', 'u-rs')] }) },
      asks: ['delete p2'],
    },
  ];
  test.each(cases)('$name', ({ setup, event, asks }) => {
    const h = harness();
    setup.forEach((ev) => h.apply(ev));
    expect(h.apply(event)).toEqual(asks);
  });

  test('a virtual owner becomes observed when its informer shows it', () => {
    const h = harness();
    h.apply({ type: 'add', ...POD, obj: pod1 });
    expect(h.graph.get('u-rs')?.virtual).toBe(true);
    h.apply({ type: 'add', ...RS, obj: rs });
    expect(h.graph.get('u-rs')?.virtual).toBe(false);
    expect([...h.graph.get('u-rs')!.dependents].map((d) => d.identity.name)).toEqual(['p1']);
  });

  test('a virtual delete of a verified-absent owner removes it, remembers it absent and queues its dependents', () => {
    const h = harness();
    h.apply({ type: 'add', ...POD, obj: pod1 });
    expect(h.apply({ type: 'delete', virtual: true, ...RS, obj: obj('rs', 'u-rs') })).toEqual(['delete p1']);
    expect(h.graph.get('u-rs')).toBeUndefined();
    expect(h.absent.has({ ...RS, name: 'rs', uid: 'u-rs', namespace: 'ns' })).toBe(true);
  });

  test('a virtual delete does not remove an observed node with other coordinates', () => {
    const h = harness();
    h.apply({ type: 'add', ...RS, obj: rs });
    h.apply({ type: 'add', ...POD, obj: obj('p2', 'u-p2', { ownerReferences: [ref(CM, 'rs', 'u-rs')] }) });
    expect(h.apply({ type: 'delete', virtual: true, ...CM, obj: obj('rs', 'u-rs') })).toEqual(['delete p2']);
    expect(h.graph.get('u-rs')?.virtual).toBe(false);
  });

  test('blockingDependents lists only dependents whose reference blocks', () => {
    const h = harness();
    h.apply({ type: 'add', ...RS, obj: rs });
    h.apply({ type: 'add', ...POD, obj: pod1 });
    h.apply({ type: 'add', ...POD, obj: obj('p3', 'u-p3', { ownerReferences: [ref(RS, 'rs', 'u-rs')] }) });
    expect(h.graph.get('u-rs')!.blockingDependents().map((d) => d.identity.name)).toEqual(['p1']);
  });
});

describe('foregroundOwnerStep', () => {
  const blocking = (name: string, uid: string) => obj(name, uid, { ownerReferences: [ref(RS, 'rs', 'u-rs', { blockOwnerDeletion: true })] });
  const fgOwner = deleting(rs, 'foregroundDeletion');
  test.each([
    { name: 'no dependents: remove the finalizer', deps: [] as KubeObject[], want: { removeFinalizer: true } },
    { name: 'only non-blocking dependents left: remove the finalizer', deps: [obj('nb', 'u-nb', { ownerReferences: [ref(RS, 'rs', 'u-rs')] })], want: { removeFinalizer: true } },
    { name: 'blocking dependents left: look at them again', deps: [blocking('b1', 'u-b1'), blocking('b2', 'u-b2')], want: { recheck: ['b1', 'b2'] } },
    {
      name: 'a blocking dependent waiting for its own dependents is not re-queued, but still blocks',
      deps: [{ ...deleting(blocking('b1', 'u-b1'), 'foregroundDeletion') }],
      want: { recheck: [] },
    },
  ])('$name', ({ deps, want }) => {
    const h = harness();
    h.apply({ type: 'add', ...RS, obj: fgOwner });
    deps.forEach((d) => h.apply({ type: 'add', ...POD, obj: d }));
    const step = foregroundOwnerStep(h.graph.get('u-rs')!);
    expect('recheck' in step ? { recheck: step.recheck.map((n) => n.identity.name) } : step).toEqual(want);
  });
});

describe('graph helpers', () => {
  test('referencesDiffs', () => {
    const a = ref(RS, 'a', 'ua');
    const b = ref(RS, 'b', 'ub');
    const c = ref(RS, 'c', 'uc');
    expect(referencesDiffs([a, b], [{ ...b, blockOwnerDeletion: true }, c])).toEqual({
      added: [c],
      removed: [a],
      changed: [{ old: b, next: { ...b, blockOwnerDeletion: true } }],
    });
  });

  test('partitionDependents and alternateOwnerIdentity', () => {
    const h = harness();
    h.apply({ type: 'add', ...POD, obj: pod1 });
    h.apply({ type: 'add', ...POD, obj: obj('p2', 'u-p2', { ownerReferences: [ref(CM, 'rs', 'u-rs')] }) });
    const deps = [...h.graph.get('u-rs')!.dependents];
    const [matching, nonmatching] = partitionDependents(deps, { ...RS, name: 'rs', uid: 'u-rs', namespace: 'ns' });
    expect(matching.map((d) => d.identity.name)).toEqual(['p1']);
    expect(nonmatching.map((d) => d.identity.name)).toEqual(['p2']);
    expect(alternateOwnerIdentity(nonmatching, { ...RS, name: 'rs', uid: 'u-rs', namespace: 'ns' })).toEqual({ ...CM, name: 'rs', uid: 'u-rs', namespace: 'ns' });
  });
});
