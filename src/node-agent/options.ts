/** Resource quantities a simulated node reports, e.g. `{ cpu: '8', memory: '32Gi' }`. */
export type ResourceList = Record<string, string>;

/** Options of the node agent; everything but `nodes` has a default. */
export interface NodeAgentOptions {
  /** Simulated nodes this process runs. */
  nodes: number;
  /** Node names are `<prefix>-<index>`. */
  prefix?: string;
  /** Index of the first node; lets several agents split one address plan (`--nodes 500` twice, 0 and 500). */
  firstIndex?: number;
  /** Written into the `kubepg.io/node-agent` annotation of the nodes. */
  identity?: string;
  /** status.capacity; defaults cpu 8, memory 32Gi, pods 110, ephemeral-storage 100Gi, hugepages 0. */
  capacity?: ResourceList;
  /** status.allocatable; defaults to the capacity. */
  allocatable?: ResourceList;
  /** spec.leaseDurationSeconds of the node Leases (kubelet: 40). */
  leaseDurationSeconds?: number;
  /** How often each Lease is renewed (kubelet: a quarter of the lease duration). */
  leaseRenewIntervalMs?: number;
  /** Node status is re-posted this often when nothing changed (kubelet's nodeStatusReportFrequency is 5 min). */
  nodeStatusReportIntervalMs?: number;
  /** First crash-loop back-off (kubelet: 10 s); it doubles per restart. */
  crashBackOffBaseMs?: number;
  /** Longest crash-loop back-off (kubelet: 300 s); defaults to 30 times the base. */
  crashBackOffMaxMs?: number;
  /** Pods synced at once (each sync makes at most one status write and one delete). */
  podWorkers?: number;
  /** Lease renewals in flight at once. */
  leaseWorkers?: number;
  /** Node registrations and status posts in flight at once. */
  nodeWorkers?: number;
  /** Event writes in flight at once, over all nodes (few: events must not crowd out status writes). */
  eventWorkers?: number;
  /** Whether to record kubelet Events (Pulled, Created, Started, BackOff, Killing). */
  events?: boolean;
  /** Log sink for one-line messages. */
  log?: (msg: string) => void;
}

/** NodeAgentOptions with every default applied. */
export type ResolvedNodeAgentOptions = Required<Omit<NodeAgentOptions, 'log'>> & { log: (msg: string) => void };

/** The capacity of a node when none is configured. */
export const DEFAULT_CAPACITY: ResourceList = {
  cpu: '8',
  'ephemeral-storage': '100Gi',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '32Gi',
  pods: '110',
};

/**
 * Applies the defaults and rejects nonsense early. Semantics: kubelet defaults
 * (pkg/kubelet/apis/config/v1beta1/defaults.go: nodeLeaseDurationSeconds 40, renew fraction 0.25,
 * nodeStatusReportFrequency 5m; pkg/kubelet/kubelet.go backOffPeriod 10s, MaxContainerBackOff 300s).
 * The status report interval is 1 min rather than 5: liveness rides on the Lease, and a minute keeps
 * `kubectl describe node` heartbeats looking fresh at a cost of nodes/60 writes per second.
 */
export function resolveOptions(opts: NodeAgentOptions): ResolvedNodeAgentOptions {
  if (!Number.isInteger(opts.nodes) || opts.nodes < 0) {
    throw new Error(`node agent: nodes must be a non-negative integer, got ${opts.nodes}`);
  }
  const leaseDurationSeconds = opts.leaseDurationSeconds ?? 40;
  if (leaseDurationSeconds <= 0) {
    throw new Error(`node agent: leaseDurationSeconds must be positive, got ${leaseDurationSeconds}`);
  }
  const crashBackOffBaseMs = opts.crashBackOffBaseMs ?? 10_000;
  const capacity = { ...DEFAULT_CAPACITY, ...opts.capacity };
  return {
    nodes: opts.nodes,
    prefix: opts.prefix ?? 'kubepg-node',
    firstIndex: opts.firstIndex ?? 0,
    identity: opts.identity ?? 'kubepg-node-agent',
    capacity,
    allocatable: { ...capacity, ...opts.allocatable },
    leaseDurationSeconds,
    leaseRenewIntervalMs: opts.leaseRenewIntervalMs ?? (leaseDurationSeconds * 1000) / 4,
    nodeStatusReportIntervalMs: opts.nodeStatusReportIntervalMs ?? 60_000,
    crashBackOffBaseMs,
    crashBackOffMaxMs: opts.crashBackOffMaxMs ?? crashBackOffBaseMs * 30,
    podWorkers: opts.podWorkers ?? 32,
    leaseWorkers: opts.leaseWorkers ?? 16,
    nodeWorkers: opts.nodeWorkers ?? 8,
    eventWorkers: opts.eventWorkers ?? 8,
    events: opts.events ?? true,
    log: opts.log ?? (() => undefined),
  };
}
