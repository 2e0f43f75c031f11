import { createHash } from 'node:crypto';
import { apiTime } from 'src/node-agent/container-status';
import type { ResourceList } from 'src/node-agent/options';
import { twoWayStatusPatch } from 'src/node-agent/status-patch';
import type { KubeObject } from 'src/registry/generic/object';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

/** The annotation naming the agent process that registered a node. */
export const NODE_AGENT_ANNOTATION = 'kubepg.io/node-agent';
/** The port a kubelet serves on, reported in daemonEndpoints (nothing listens there). */
export const KUBELET_PORT = 10250;

/** Everything that makes one simulated node what it is. */
export interface NodeProfile {
  name: string;
  internalIP: string;
  podCIDRs: string[];
  capacity: ResourceList;
  allocatable: ResourceList;
  kubeletVersion: string;
  containerRuntimeVersion: string;
  kernelVersion: string;
  identity: string;
}

/** The conditions a healthy kubelet posts, in its order. Semantics: kubelet nodestatus/setters.go. */
const HEALTHY_CONDITIONS = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
] as const;

/** Node condition types the agent owns. */
export const KUBELET_NODE_CONDITIONS: string[] = HEALTHY_CONDITIONS.map((c) => c.type);

/** Hex digest of a seed, for stable machine IDs. */
function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A UUID-shaped stable value. */
function stableUUID(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The labels a kubelet registers with. Semantics: kubelet kubelet_node_status.go initialNode. */
export function nodeLabels(name: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
}

/** The annotations the agent registers a node with. */
export function nodeAnnotations(profile: NodeProfile): Record<string, string> {
  return { [NODE_AGENT_ANNOTATION]: profile.identity, 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' };
}

/**
 * The status a kubelet posts for its node: healthy conditions (lastHeartbeatTime now,
 * lastTransitionTime kept while the status holds), addresses, capacity, daemon endpoint and node
 * info. Conditions owned by others (NetworkUnavailable …) are kept after ours.
 * Semantics: kubelet nodestatus/setters.go (MachineInfo, NodeAddress, ReadyCondition, …).
 */
export function desiredNodeStatus(profile: NodeProfile, old: Obj | undefined, now: number): Obj {
  const at = apiTime(now);
  const oldConditions: Obj[] = old?.conditions ?? [];
  const conditions = HEALTHY_CONDITIONS.map((c) => {
    const prev = oldConditions.find((o) => o.type === c.type);
    return { ...c, lastHeartbeatTime: at, lastTransitionTime: prev?.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : at };
  });
  return {
    conditions: [...conditions, ...oldConditions.filter((o) => !KUBELET_NODE_CONDITIONS.includes(o.type))],
    addresses: [
      { type: 'InternalIP', address: profile.internalIP },
      { type: 'Hostname', address: profile.name },
    ],
    capacity: { ...profile.capacity },
    allocatable: { ...profile.allocatable },
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: digest(`machine:${profile.name}`).slice(0, 32),
      systemUUID: stableUUID(`system:${profile.name}`),
      bootID: stableUUID(`boot:${profile.name}`),
      kernelVersion: profile.kernelVersion,
      osImage: 'kubepg simulated node',
      containerRuntimeVersion: profile.containerRuntimeVersion,
      kubeletVersion: profile.kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The Node a kubelet POSTs when it registers (status included, as the kubelet does). */
export function nodeForRegistration(profile: NodeProfile, now: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: profile.name, labels: nodeLabels(profile.name), annotations: nodeAnnotations(profile) },
    spec: profile.podCIDRs.length > 0 ? { podCIDR: profile.podCIDRs[0], podCIDRs: [...profile.podCIDRs] } : {},
    status: desiredNodeStatus(profile, undefined, now),
  };
}

/**
 * A merge patch adding what an existing node misses of ours (labels, annotations, a pod CIDR it
 * does not have yet), or undefined when it has them all. Semantics: kubelet kubelet_node_status.go
 * tryRegisterWithAPIServer / reconcileExtendedResource (an existing node is adopted, not replaced).
 */
export function nodeAdoptionPatch(profile: NodeProfile, node: KubeObject): Obj | undefined {
  const patch: Obj = {};
  const want = { labels: nodeLabels(profile.name), annotations: nodeAnnotations(profile) };
  for (const field of ['labels', 'annotations'] as const) {
    const have = node.metadata[field] ?? {};
    const missing = Object.entries(want[field]).filter(([k, v]) => have[k] !== v);
    if (missing.length > 0) {
      patch.metadata = { ...patch.metadata, [field]: Object.fromEntries(missing) };
    }
  }
  if (!node.spec?.podCIDR && profile.podCIDRs.length > 0) {
    patch.spec = { podCIDR: profile.podCIDRs[0], podCIDRs: [...profile.podCIDRs] };
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** The lists of node status merged by key in a strategic-merge patch. */
export const NODE_STATUS_MERGE_KEYS = { conditions: 'type', addresses: 'type' };

/** Whether a desired node status differs from the stored one in more than heartbeat times. */
export function nodeStatusChanged(old: Obj | undefined, desired: Obj): boolean {
  const beats = new Map<string, string>((old?.conditions ?? []).map((c: Obj) => [c.type, c.lastHeartbeatTime]));
  const sameBeats = { ...desired, conditions: desired.conditions.map((c: Obj) => ({ ...c, lastHeartbeatTime: beats.get(c.type) ?? c.lastHeartbeatTime })) };
  return twoWayStatusPatch(old, sameBeats, NODE_STATUS_MERGE_KEYS) !== undefined;
}
