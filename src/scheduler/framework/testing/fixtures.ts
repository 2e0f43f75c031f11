import type { KubeObject } from 'src/registry/generic/object';
import { createCycle } from 'src/scheduler/framework/cycle';
import type { NodeInfo } from 'src/scheduler/framework/node-info';
import { newPodInfo } from 'src/scheduler/framework/pod-info';
import { Snapshot } from 'src/scheduler/framework/snapshot';
import type { Cycle, FilterPlugin, Listers, ScorePlugin, Status } from 'src/scheduler/framework/types';

// Realistic Node and Pod objects (as the apiserver stores them) for the scheduler's unit tests.

/** What a test node needs to say about itself. */
export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  extended?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
}

/** A Ready node with allocatable resources (default 4 cpu, 16Gi, 110 pods). */
export function node(name: string, o: NodeOptions = {}): KubeObject {
  const allocatable = {
    cpu: o.cpu ?? '4',
    memory: o.memory ?? '16Gi',
    pods: o.pods ?? '110',
    'ephemeral-storage': o.ephemeralStorage ?? '100Gi',
    ...o.extended,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-node-${name}`,
      resourceVersion: '1',
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'kwok',
        ...o.labels,
      },
    },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'v1.35.0-kwok' },
    },
  };
}

/** What a test pod needs to say about itself. */
export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  nodeName?: string;
  labels?: Record<string, string>;
  priority?: number;
  /** Merged over the defaulted spec. */
  spec?: Record<string, unknown>;
  ownerReferences?: KubeObject['metadata']['ownerReferences'];
}

/** A defaulted pod with one container requesting `cpu`/`memory` (none when unset). */
export function pod(name: string, o: PodOptions = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) {
    requests.cpu = o.cpu;
  }
  if (o.memory) {
    requests.memory = o.memory;
  }
  const namespace = o.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      resourceVersion: '1',
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: o.labels ?? { app: 'web' },
      ...(o.ownerReferences ? { ownerReferences: o.ownerReferences } : {}),
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'nginx:1.27',
          resources: Object.keys(requests).length > 0 ? { requests } : {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: o.priority ?? 0,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...o.spec,
    },
    status: { phase: 'Pending', qosClass: Object.keys(requests).length > 0 ? 'Burstable' : 'BestEffort' },
  };
}

/** A snapshot holding the nodes and the (bound) pods. */
export function snapshotOf(nodes: KubeObject[], pods: KubeObject[] = []): Snapshot {
  const s = new Snapshot();
  nodes.forEach((n) => s.setNode(n));
  pods.forEach((p) => s.addPod(p));
  return s;
}

/** A cycle for `p` over the snapshot. */
export function cycleFor(p: KubeObject, s: Snapshot, listers: Listers = {}): Cycle {
  return createCycle(newPodInfo(p), s, listers);
}

/** Runs one Filter plugin for `p` on every node: 'skip' when PreFilter skips, else each node's status (or 'ok'). */
export function runFilterPlugin(plugin: FilterPlugin, p: KubeObject, s: Snapshot, listers: Listers = {}): 'skip' | Status | Record<string, Status | 'ok'> {
  const result = plugin.preFilter(cycleFor(p, s, listers));
  if (result === null) {
    return 'skip';
  }
  if ('reject' in result) {
    return result.reject;
  }
  return Object.fromEntries(s.list().map((n) => [n.name, result.filter(n) ?? 'ok']));
}

/** Runs one Score plugin for `p` over all nodes: null when PreScore skips, else node → normalized score. */
export function runScorePlugin(plugin: ScorePlugin, p: KubeObject, s: Snapshot, listers: Listers = {}): Record<string, number> | null {
  const nodes: readonly NodeInfo[] = s.list();
  const scorer = plugin.preScore(cycleFor(p, s, listers), nodes);
  if (!scorer) {
    return null;
  }
  const scores = nodes.map((n) => scorer.score(n));
  scorer.normalize?.(scores, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]));
}
