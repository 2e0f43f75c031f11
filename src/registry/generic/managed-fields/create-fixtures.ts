import type { Resolver } from 'src/registry/generic/managed-fields/typed';
import type { KubeObject } from 'src/registry/generic/object';
import type { TypeNode } from 'src/schema/type-node';

// Test fixture for the differential tests of the managed-fields fast paths (create-fields.spec.ts,
// compare.spec.ts): objects as creates store them (after defaulting), odd ones (nulls, empty
// containers, mistyped values, duplicate list keys, keys that need escaping or code-point order),
// and seeded random objects of a schema and random changes to them.

/** One create: its kind (group, version, kind) and the object. */
export interface CreateFixture {
  name: string;
  gvk: [string, string, string];
  object: KubeObject;
}

/** The bench's ~1 KB Pod (bench/pod.ts) after defaulting. */
export function podFixture(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p-1',
      namespace: 'perf',
      uid: 'u-1',
      creationTimestamp: '2026-11-23T10:00:00Z',
      labels: { app: 'bench', tier: 'backend', shard: 's1' },
      annotations: { 'bench.kubepg.io/padding': 'xxxx' },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/bench/app:1.0.0',
          args: ['--listen=:8080', '--log-level=info'],
          env: [
            { name: 'MODE', value: 'bench' },
            { name: 'POD_INDEX', value: '1' },
          ],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 5,
    },
  };
}

function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }, rest: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, ...rest };
}

const POD: [string, string, string] = ['', 'v1', 'Pod'];
const DEPLOYMENT: [string, string, string] = ['apps', 'v1', 'Deployment'];
const SERVICE: [string, string, string] = ['', 'v1', 'Service'];
const CONFIG_MAP: [string, string, string] = ['', 'v1', 'ConfigMap'];

/** Every fixture, fresh (tests may mutate them). */
export function createFixtures(): CreateFixture[] {
  const c = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, image: 'nginx', ...extra });
  return [
    { name: 'bench pod', gvk: POD, object: podFixture() },
    {
      name: 'bench pod with status',
      gvk: POD,
      object: { ...podFixture(), status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }], qosClass: 'Burstable' } },
    },
    { name: 'empty object', gvk: POD, object: { metadata: {} } },
    {
      name: 'only type and name',
      gvk: POD,
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', resourceVersion: '1', generation: 2 } },
    },
    { name: 'spec null', gvk: POD, object: pod(null as unknown as Record<string, unknown>) },
    { name: 'spec {}', gvk: POD, object: pod({}) },
    { name: 'containers []', gvk: POD, object: pod({ containers: [] }) },
    { name: 'containers null', gvk: POD, object: pod({ containers: null }) },
    { name: 'containers is a map', gvk: POD, object: pod({ containers: { name: 'a' } }) },
    { name: 'spec is a string', gvk: POD, object: pod('x' as unknown as Record<string, unknown>) },
    { name: 'labels {} and annotations null', gvk: POD, object: pod({}, { name: 'p', labels: {}, annotations: null }) },
    { name: 'labels is a list', gvk: POD, object: pod({}, { name: 'p', labels: ['a'] }) },
    {
      name: 'many containers, ports, env, volumes',
      gvk: POD,
      object: pod({
        initContainers: [c('init', { command: ['sh', '-c', 'true'] })],
        containers: [
          c('b', { ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }, { containerPort: 443, protocol: 'TCP', name: 'https' }] }),
          c('a', { env: [{ name: 'Z', value: '1' }, { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'é' }] }),
          c('<&>', { resources: {}, securityContext: { capabilities: { add: ['NET_ADMIN', 'SYS_TIME'], drop: [] } } }),
        ],
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } },
        ],
        tolerations: [
          { key: 'k', operator: 'Exists' },
          { key: 'k', operator: 'Exists' },
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux', Z: '', é: 'x', 日本: 'y', '\u{1F600}': 'z', '\uff21': 'w' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }] },
          },
        },
        readinessGates: [],
        hostAliases: [{ ip: '1.2.3.4', hostnames: ['a'] }],
        dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
      }),
    },
    { name: 'duplicate container names', gvk: POD, object: pod({ containers: [c('a'), c('a', { image: 'x' }), c('b')] }) },
    { name: 'container without a name', gvk: POD, object: pod({ containers: [{ image: 'x' }, null, 'str', c('a')] }) },
    {
      name: 'duplicate ports with the default protocol',
      gvk: POD,
      object: pod({ containers: [c('a', { ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }] })] }),
    },
    {
      name: 'finalizers with duplicates and odd values',
      gvk: POD,
      object: pod(
        {},
        { name: 'p', finalizers: ['b', 'a', 'b', 'a/x', '<'], ownerReferences: [{ uid: '2', name: 'x', kind: 'K', apiVersion: 'v1' }, { uid: '1' }] },
      ),
    },
    {
      name: 'undefined values',
      gvk: POD,
      object: pod({ containers: [c('a', { image: undefined })], hostname: undefined }, { name: 'p', labels: { a: undefined } }),
    },
    { name: 'unknown fields', gvk: POD, object: pod({ bogus: { deep: [1, 2] }, containers: [c('a', { extra: { x: 1 } })] }, { name: 'p' }, { extraTop: 'x' }) },
    {
      name: 'deployment',
      gvk: DEPLOYMENT,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' }, creationTimestamp: null },
            spec: {
              containers: [c('nginx', { imagePullPolicy: 'Always', resources: {} })],
              restartPolicy: 'Always',
              dnsPolicy: 'ClusterFirst',
              terminationGracePeriodSeconds: 30,
            },
          },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
        status: {},
      },
    },
    {
      name: 'deployment with template null',
      gvk: DEPLOYMENT,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: null, selector: null } },
    },
    {
      name: 'deployment with empty template',
      gvk: DEPLOYMENT,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: {}, strategy: {} } },
    },
    {
      name: 'service',
      gvk: SERVICE,
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's', annotations: { a: 'b' } },
        spec: {
          type: 'ClusterIP',
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }, { port: 53 }],
          clusterIP: '10.96.0.10',
          clusterIPs: ['10.96.0.10'],
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          sessionAffinity: 'None',
        },
        status: { loadBalancer: {} },
      },
    },
    {
      name: 'configmap',
      gvk: CONFIG_MAP,
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { b: '1', a: '2', 'A.b': '', '\u{1F600}': 'x', '\uffff': 'y' },
        binaryData: { bin: 'AAEC' },
        immutable: false,
      },
    },
    { name: 'configmap with empty data', gvk: CONFIG_MAP, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} } },
  ];
}

/** A small seeded PRNG (mulberry32), so failures reproduce. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['a', 'b', 'app', 'Z', 'é', '<&>', 'k8s.io/x', '', 'TCP', 'UDP', '日本', '\u{1F600}', 'z\u2028'];
const ODD: unknown[] = [null, {}, [], 'x', 7, true, [1, 'a'], { u: 1 }];

function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

/** A random value of a schema node: mostly well-typed, sometimes null, empty, mistyped or duplicated. */
export function generate(node: TypeNode, resolve: Resolver, depth: number, random: () => number): unknown {
  let n: TypeNode;
  try {
    n = resolve(node);
  } catch {
    return pick(random, ODD);
  }
  if (n.kind === 'ref' || random() < (depth === 0 ? 0 : 0.06)) {
    return pick(random, ODD);
  }
  switch (n.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const p = Math.max(0.08, 0.7 - depth * 0.12);
      for (const [k, f] of Object.entries(n.fields)) {
        if (random() < p) {
          out[k] = random() < 0.03 ? undefined : generate(f, resolve, depth + 1, random);
        }
      }
      if (random() < 0.05) {
        out[pick(random, STRINGS)] = pick(random, ODD);
      }
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const count = Math.floor(random() * 4);
      for (let i = 0; i < count; i++) {
        out[pick(random, STRINGS)] = depth > 8 ? 'v' : generate(n.values, resolve, depth + 1, random);
      }
      return out;
    }
    case 'list': {
      const count = depth > 8 ? 0 : Math.floor(random() * 4);
      return Array.from({ length: count }, () => generate(n.items, resolve, depth + 1, random));
    }
    default:
      if (n.type === 'integer' || n.type === 'number') {
        return Math.floor(random() * 3);
      }
      if (n.type === 'boolean') {
        return random() < 0.5;
      }
      return random() < 0.2 ? Math.floor(random() * 3) : pick(random, STRINGS);
  }
}

/**
 * A changed copy of a value, for update comparisons: some values replaced by odd ones, keys
 * dropped, list items dropped, duplicated or reordered; most of the value stays as it was.
 */
export function mutate(v: unknown, random: () => number): unknown {
  if (random() < 0.05) {
    return pick(random, ODD);
  }
  if (Array.isArray(v)) {
    const out = v.filter(() => random() > 0.15).map((x) => mutate(x, random));
    if (out.length > 0 && random() < 0.15) {
      out.push(structuredClone(out[0]));
    }
    return random() < 0.1 ? out.reverse() : out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (random() > 0.1) {
        out[k] = mutate(x, random);
      }
    }
    if (random() < 0.05) {
      out[pick(random, STRINGS)] = pick(random, ODD);
    }
    return out;
  }
  return random() < 0.1 ? pick(random, STRINGS) : v;
}
