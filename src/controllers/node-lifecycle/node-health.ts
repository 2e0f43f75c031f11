import { nodeCondition } from 'src/controllers/common/nodes';
import { metaTime } from 'src/controllers/common/pod-conditions';
import { jsonEqual } from 'src/registry/generic/validation';
import type { KubeObject } from 'src/registry/generic/object';

// The node health decision of the lifecycle controller: when a node that stopped renewing its
// Lease (or posting status) turns Unknown. Pure: the caller writes the status and keeps the health.
// Semantics: kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go tryUpdateNodeHealth,
// ComputeZoneState.

/** A node condition (core/v1 NodeCondition). */
export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string | null;
  lastTransitionTime?: string | null;
}

/** What the controller remembers of a node between passes, stamped with its own clock. */
export interface NodeHealth {
  /** When a heartbeat (status or Lease renewal) was last seen, in ms. */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen. */
  ready?: NodeCondition;
  /** The Lease renewTime as last seen. */
  leaseRenewTime?: string;
}

/** The health-check inputs of one node. */
export interface HealthCheck {
  node: KubeObject;
  leaseRenewTime?: string;
  saved?: NodeHealth;
  now: Date;
  gracePeriodMs: number;
  startupGracePeriodMs: number;
}

/** The outcome: the health to remember, and the node status to write when it went Unknown. */
export interface HealthResult {
  health: NodeHealth;
  /** Ready as observed before this pass (a fake Unknown one for a node that never posted status). */
  observedReady: NodeCondition;
  /** Ready after this pass. */
  currentReady?: NodeCondition;
  /** The status to PUT to nodes/<n>/status; `healthAfterWrite` replaces `health` once written. */
  statusUpdate?: Record<string, any>;
  healthAfterWrite?: NodeHealth;
}

/** The conditions a silent node gets set to Unknown (NetworkUnavailable belongs to the network plugin). */
export const SILENT_NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** A MicroTime as microseconds (enough precision to compare Lease renewals). */
function micros(ts: string | undefined): number {
  if (!ts) {
    return -Infinity;
  }
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) {
    return Date.parse(ts) * 1000;
  }
  return Date.parse(`${m[1]}${m[3]}`) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** Decides one node's health. Semantics: tryUpdateNodeHealth. */
export function checkNodeHealth(c: HealthCheck): HealthResult {
  const now = c.now.getTime();
  const created = c.node.metadata.creationTimestamp ?? null;
  const createdMs = Date.parse(created ?? '') || 0;
  const current = nodeCondition(c.node, 'Ready') as NodeCondition | undefined;
  let health = c.saved;
  let observedReady: NodeCondition;
  let grace: number;
  if (!current) {
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    grace = c.startupGracePeriodMs;
    health = health ? { ...health, ready: undefined } : { probeTimestamp: createdMs, readyTransitionTimestamp: createdMs };
  } else {
    observedReady = { ...current };
    grace = c.gracePeriodMs;
  }
  // Without a Ready condition the saved status is replaced first, so nothing counts as saved.
  const savedReady = current ? c.saved?.ready : undefined;
  const savedLease = c.saved?.leaseRenewTime;
  if (!health || (!savedReady && current)) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current };
  } else if (savedReady && current && savedReady.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transition = savedReady.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransitionTimestamp;
    health = { probeTimestamp: now, readyTransitionTimestamp: transition, ready: current };
  }
  if (c.leaseRenewTime && (savedLease === undefined || micros(savedLease) < micros(c.leaseRenewTime))) {
    health = { ...health, leaseRenewTime: c.leaseRenewTime, probeTimestamp: now };
  }
  const result: HealthResult = { health, observedReady, currentReady: current };
  if (now <= health.probeTimestamp + grace) {
    return result;
  }
  const stamp = metaTime(c.now);
  const conditions: NodeCondition[] = structuredClone(c.node.status?.conditions ?? []);
  for (const type of SILENT_NODE_CONDITIONS) {
    const cond = conditions.find((x) => x.type === type);
    if (!cond) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: created,
        lastTransitionTime: stamp,
      });
    } else if (cond.status !== 'Unknown') {
      Object.assign(cond, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp });
    }
  }
  const nextReady = conditions.find((x) => x.type === 'Ready');
  result.currentReady = nextReady;
  if (!jsonEqual(nextReady, observedReady)) {
    result.statusUpdate = { ...(c.node.status ?? {}), conditions };
    result.healthAfterWrite = { probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now, ready: nextReady, leaseRenewTime: c.leaseRenewTime };
  }
  return result;
}

/** The disruption state of a zone from its nodes' Ready conditions. */
export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/**
 * A zone is fully disrupted with no Ready node, partially once more than two and at least
 * `unhealthyThreshold` of its nodes are not Ready. Semantics: ComputeZoneState.
 */
export function computeZoneState(readyConditions: (NodeCondition | undefined)[], unhealthyThreshold: number): { notReady: number; state: ZoneState } {
  const ready = readyConditions.filter((c) => c?.status === 'True').length;
  const notReady = readyConditions.length - ready;
  if (ready === 0 && notReady > 0) {
    return { notReady, state: 'FullDisruption' };
  }
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) {
    return { notReady, state: 'PartialDisruption' };
  }
  return { notReady, state: 'Normal' };
}
