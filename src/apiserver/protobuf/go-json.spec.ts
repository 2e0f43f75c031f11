import { coreObjects } from 'src/apiserver/protobuf/fixtures/core-objects';
import { groupObjects } from 'src/apiserver/protobuf/fixtures/group-objects';
import { kubectlGroupBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies-groups';
import { kubectlCoreBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies';
import { workloadObjects } from 'src/apiserver/protobuf/fixtures/workload-objects';
import { normalizeGoJson } from 'src/apiserver/protobuf/go-json';

// Expected values are what kube-apiserver 1.35 returns (Go's encoding/json of the typed struct);
// comparisons are on the serialized text, so key order (Go declaration order) is checked too.

const text = (obj: unknown) => JSON.stringify(obj);

const runPodTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

const runPodMeta = {
  name: 'web',
  namespace: 'default',
  uid: '0b5e4c0e-1f7e-4d57-9b8a-3a1c2d4e5f60',
  resourceVersion: '42',
  creationTimestamp: '2025-01-01T00:00:00Z',
  labels: { run: 'web' },
};

const cases: Array<{ name: string; input: Record<string, unknown>; want: Record<string, unknown> }> = [
  {
    name: 'empty labels and annotations disappear (kubectl label cm x only-)',
    input: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: {}, annotations: {} }, data: { a: 'b' } },
    want: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { a: 'b' } },
  },
  {
    name: 'an empty ConfigMap data map disappears',
    input: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: {}, binaryData: {} },
    want: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } },
  },
  {
    name: 'an empty finalizers list disappears, a null creationTimestamp too (omitzero)',
    input: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', finalizers: [], creationTimestamp: null, generation: 0, uid: '' } },
    want: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } },
  },
  {
    name: 'a Node without status gains the zero NodeStatus structs, with non-omitempty strings',
    input: { kind: 'Node', apiVersion: 'v1', metadata: { name: 'n1' } },
    want: {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { name: 'n1' },
      spec: {},
      status: {
        daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
  },
  {
    name: 'a defaulted Pod from `kubectl run web --image=nginx`',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...runPodMeta, creationTimestamp: '2025-01-01T01:00:00+01:00', annotations: {}, finalizers: [] },
      spec: {
        volumes: [],
        containers: [
          {
            name: 'web',
            image: 'nginx',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'Always',
            stdin: false,
            tty: false,
            args: [],
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: '',
        hostNetwork: false,
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: runPodTolerations,
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        nodeSelector: {},
      },
      status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [] },
    },
    want: {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: runPodMeta,
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'Always',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: runPodTolerations,
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    },
  },
  {
    name: 'a Deployment keeps replicas: 0 (pointer) and status: {} (a struct), and writes a nil selector as null',
    input: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0, minReadySeconds: 0, paused: false, template: { spec: { containers: null } } },
      status: {},
    },
    want: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0, selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} },
      status: {},
    },
  },
  {
    name: 'a Deployment without status gains status: {}',
    input: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'd' }, spec: { replicas: 1 } },
    want: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 1, selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} },
      status: {},
    },
  },
  {
    name: 'fields are written in Go declaration order, map keys sorted, unknown keys kept after',
    input: { data: { b: '2', a: '1' }, metadata: { labels: { z: '', a: 'x' }, name: 'x' }, extra: 1, apiVersion: 'v1', kind: 'ConfigMap' },
    want: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', labels: { a: 'x', z: '' } }, data: { a: '1', b: '2' }, extra: 1 },
  },
  {
    name: 'times are written in UTC seconds; a zero non-pointer Time is null, a null pointer Time disappears',
    input: {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'e', namespace: 'default', creationTimestamp: '2025-01-01T02:00:00.123+02:00', deletionTimestamp: null },
      involvedObject: { kind: 'Pod', name: 'p' },
      firstTimestamp: '0001-01-01T00:00:00Z',
      reportingComponent: 'kubelet',
      reportingInstance: 'n1',
    },
    want: {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'e', namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z' },
      involvedObject: { kind: 'Pod', name: 'p' },
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: 'n1',
    },
  },
  {
    name: 'null items of a struct list become zero structs; null map values their zero value',
    input: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', ownerReferences: [null] }, data: { a: null } },
    want: {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'x', ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] },
      data: { a: '' },
    },
  },
];

describe('normalizeGoJson', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { input, want }) => {
    const before = text(input);
    expect(text(normalizeGoJson(input))).toBe(text(want));
    expect(text(input)).toBe(before);
  });

  it('returns objects of kinds without a schema (custom resources) unchanged', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { labels: {} }, spec: { x: '' } };
    expect(normalizeGoJson(cr)).toBe(cr);
  });

  const fixtures: Array<[string, Record<string, unknown>]> = [
    ...Object.entries(coreObjects).map(([kind, obj]) => [`v1/${kind}`, obj] as [string, Record<string, unknown>]),
    ...Object.entries(workloadObjects),
    ...Object.entries(groupObjects),
  ];

  it.each(fixtures)('%s fixture (already in Go form) is unchanged and normalising is idempotent', (_name, obj) => {
    const once = normalizeGoJson(obj);
    expect(once).toEqual(obj);
    expect(text(normalizeGoJson(once))).toBe(text(once));
  });

  const bodies = [...kubectlCoreBodies, ...kubectlGroupBodies].filter((b) => b.json !== null);

  it.each(bodies.map((b) => [b.command, b.json!] as const))('kubectl output for `%s` is a fixed point, key order included', (_cmd, json) => {
    expect(text(normalizeGoJson(json))).toBe(text(json));
  });
});
