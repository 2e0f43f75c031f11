import { CONTROLLER_NAME, endpointKey, podToEndpoint, type SliceEndpoint } from 'src/controllers/endpointslice/slice-endpoint';
import { planSlices, sliceToFill, type SlicePlanInput } from 'src/controllers/endpointslice/slice-plan';
import { EndpointSliceTracker } from 'src/controllers/endpointslice/slice-tracker';
import type { KubeObject } from 'src/registry/generic/object';

const svc = (spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject => ({
  metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels },
  spec: {
    selector: { app: 'web' },
    clusterIP: '10.96.0.10',
    ipFamilies: ['IPv4'],
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    ...spec,
  },
});

function pod(i: number, o: { ready?: boolean; deleting?: boolean; named?: number; node?: string } = {}): KubeObject {
  return {
    metadata: {
      name: `p${String(i).padStart(4, '0')}`,
      namespace: 'default',
      uid: `uid-${i}`,
      labels: { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { nodeName: o.node ?? 'node-1', containers: [{ name: 'c', ports: o.named ? [{ name: 'web', containerPort: o.named, protocol: 'TCP' }] : [] }] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}` }],
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

const nodes: Record<string, KubeObject> = { 'node-1': { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'z1' } } } };
const input = (over: Partial<SlicePlanInput>): SlicePlanInput => ({
  service: svc(),
  pods: [],
  nodeOf: (n) => nodes[n],
  existing: [],
  maxEndpointsPerSlice: 100,
  ...over,
});
const counts = (slices: KubeObject[]) => slices.map((s) => (s.endpoints as unknown[]).length);
let serial = 0;
const stored = (s: KubeObject): KubeObject => ({
  ...s,
  metadata: { ...s.metadata, name: `web-${++serial}`, uid: `slice-${serial}`, generation: 1, resourceVersion: '1' },
});

describe('podToEndpoint', () => {
  it.each<[string, { ready?: boolean; deleting?: boolean }, boolean, SliceEndpoint['conditions']]>([
    ['ready pod', {}, false, { ready: true, serving: true, terminating: false }],
    ['not-ready pod', { ready: false }, false, { ready: false, serving: false, terminating: false }],
    ['terminating ready pod', { deleting: true }, false, { ready: false, serving: true, terminating: true }],
    ['terminating pod, publishNotReadyAddresses', { deleting: true, ready: false }, true, { ready: true, serving: false, terminating: true }],
  ])('%s', (_, o, publish, conditions) => {
    const ep = podToEndpoint(pod(1, o), nodes['node-1'], svc({ publishNotReadyAddresses: publish }), 'IPv4');
    expect(ep).toEqual({
      addresses: ['10.1.0.2'],
      conditions,
      targetRef: { kind: 'Pod', namespace: 'default', name: 'p0001', uid: 'uid-1' },
      nodeName: 'node-1',
      zone: 'z1',
    });
  });
});

describe('planSlices', () => {
  it('creates a placeholder slice when no pod is selected', () => {
    const plan = planSlices(input({}));
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({
      metadata: {
        generateName: 'web-',
        labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': CONTROLLER_NAME },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [],
      ports: [],
    });
    expect(planSlices(input({ existing: [stored(plan.create[0])] }))).toEqual({ create: [], update: [], delete: [], missingNodes: [] });
  });

  it('packs at most 100 endpoints per slice, terminating pods included', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(i, { deleting: i === 0 }));
    const plan = planSlices(input({ pods }));
    expect(counts(plan.create)).toEqual([100, 100, 50]);
    expect(plan.create[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect((plan.create[0].endpoints as SliceEndpoint[])[0].conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('updates the slice holding a changed endpoint and fills slices before creating new ones', () => {
    const first = planSlices(input({ pods: Array.from({ length: 150 }, (_, i) => pod(i)) }));
    const existing = first.create.map(stored);
    const pods = [...Array.from({ length: 150 }, (_, i) => pod(i, { ready: i !== 3 })), pod(150), pod(151)];
    const plan = planSlices(input({ pods, existing }));
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.update.map((s) => s.metadata.name)).toEqual(existing.map((s) => s.metadata.name));
    expect(counts(plan.update)).toEqual([100, 52]);
    expect(planSlices(input({ pods: Array.from({ length: 150 }, (_, i) => pod(i)), existing })).update).toEqual([]);
  });

  it('puts pods whose named port resolves differently into different slices', () => {
    const service = svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
    const plan = planSlices(input({ service, pods: [pod(1, { named: 8080 }), pod(2, { named: 9090 }), pod(3)] }));
    expect(plan.create.map((s) => s.ports)).toEqual([[{ name: 'http', port: 8080, protocol: 'TCP' }], [{ name: 'http', port: 9090, protocol: 'TCP' }], []]);
  });

  it('turns a create into an update of a slice it would delete, and copies the Service labels', () => {
    const old = stored(planSlices(input({ pods: [pod(1)] })).create[0]);
    const service = svc({ ports: [{ name: 'http', port: 80, targetPort: 9000, protocol: 'TCP' }] }, { team: 'a' });
    const plan = planSlices(input({ service, pods: [pod(1)], existing: [old] }));
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].metadata).toMatchObject({
      name: old.metadata.name,
      resourceVersion: '1',
      labels: { team: 'a', 'kubernetes.io/service-name': 'web' },
    });
    expect(plan.update[0].ports).toEqual([{ name: 'http', port: 9000, protocol: 'TCP' }]);
  });

  it('leaves out pods on unknown nodes and reports them', () => {
    const plan = planSlices(input({ pods: [pod(1, { node: 'gone' }), pod(2)] }));
    expect(counts(plan.create)).toEqual([1]);
    expect(plan.missingNodes).toEqual(['gone']);
  });

  it('makes one set of slices per IP family of a headless dual-stack service', () => {
    const plan = planSlices(input({ service: svc({ clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'] }), pods: [pod(1)] }));
    expect(plan.create.map((s) => [s.addressType, (s.endpoints as unknown[]).length, s.metadata.labels?.['service.kubernetes.io/headless']])).toEqual([
      ['IPv4', 1, ''],
      ['IPv6', 0, ''],
    ]);
  });

  it('chooses the slice that ends up closest to full', () => {
    const s = (n: number) => ({ metadata: { name: `s${n}` }, endpoints: Array.from({ length: n }, () => ({})) }) as KubeObject;
    expect(sliceToFill([s(10), s(95), s(60)], 5, 100)?.metadata.name).toBe('s95');
    expect(sliceToFill([s(10), s(99)], 5, 100)?.metadata.name).toBe('s10');
    expect(sliceToFill([s(99)], 5, 100)).toBeUndefined();
  });
});

describe('EndpointSliceTracker', () => {
  const slice = (uid: string, generation: number): KubeObject => ({
    metadata: { namespace: 'default', uid, generation, labels: { 'kubernetes.io/service-name': 'web' } },
  });

  it('tells own writes from others and a lagging cache from a current one', () => {
    const t = new EndpointSliceTracker();
    expect(t.shouldSync(slice('a', 1))).toBe(true);
    t.update(slice('a', 2));
    expect(t.shouldSync(slice('a', 2))).toBe(false);
    expect(t.shouldSync(slice('a', 3))).toBe(true);
    expect(t.staleSlices('default/web', [slice('a', 1)])).toBe(true);
    expect(t.staleSlices('default/web', [])).toBe(true);
    expect(t.staleSlices('default/web', [slice('a', 2)])).toBe(false);
    t.expectDeletion(slice('a', 2));
    expect(t.staleSlices('default/web', [slice('a', 2)])).toBe(true);
    expect(t.handleDeletion(slice('a', 2))).toBe(true);
    t.update(slice('b', 1));
    expect(t.handleDeletion(slice('b', 1))).toBe(false);
  });

  it('keys endpoints by addresses, hostname and target', () => {
    const ep = podToEndpoint(pod(1), undefined, svc(), 'IPv4');
    expect(endpointKey(ep)).toBe(endpointKey({ ...ep, conditions: {} }));
    expect(endpointKey(ep)).not.toBe(endpointKey({ ...ep, hostname: 'h' }));
  });
});
