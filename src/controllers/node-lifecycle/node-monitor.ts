import { nodeCondition, taintExists, zoneKey } from 'src/controllers/common/nodes';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import type { Informer } from 'src/controllers/runtime/informer';
import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { checkNodeHealth, computeZoneState, type NodeCondition, type NodeHealth, type ZoneState } from 'src/controllers/node-lifecycle/node-health';
import { NOT_READY_TAINT, swapNodeTaints, UNREACHABLE_TAINT } from 'src/controllers/node-lifecycle/node-taints';
import { markPodsNotReady } from 'src/controllers/node-lifecycle/pod-readiness';
import { RateLimitedTimedQueue } from 'src/controllers/node-lifecycle/rate-limited-queue';
import type { KubeObject } from 'src/registry/generic/object';

// The periodic part of the node lifecycle controller: node health, Unknown conditions, NoExecute
// taints through per-zone rate-limited queues, and pods marked not ready.
// Semantics: kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go monitorNodeHealth,
// processTaintBaseEviction, doNoExecuteTaintingPass, handleDisruption, markNodeForTainting,
// markNodeAsReachable, and pkg/controller/util/node RecordNodeStatusChange.

/** Tunables of the node lifecycle controller (kube-controller-manager flags). */
export interface NodeLifecycleOptions {
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  /** Grace of a node that never posted status (--node-startup-grace-period, 60 s). */
  nodeStartupGracePeriodMs: number;
  /** Nodes tainted per second (--node-eviction-rate, 0.1). */
  evictionQps: number;
  /** The rate in a partially disrupted large zone (--secondary-node-eviction-rate, 0.01). */
  secondaryEvictionQps: number;
  /** Zones above this many nodes count as large (--large-cluster-size-threshold, 50). */
  largeClusterThreshold: number;
  /** Share of not-ready nodes that makes a zone partially disrupted (--unhealthy-zone-threshold, 0.55). */
  unhealthyZoneThreshold: number;
}

/** What the monitor works with. */
export interface NodeMonitorDeps {
  client: KubeClient;
  nodes: Informer<KubeObject>;
  leases: Informer<KubeObject>;
  podsOnNode: (node: string) => KubeObject[];
  recorder: EventRecorder;
  now: () => Date;
  log: (msg: string) => void;
  opts: NodeLifecycleOptions;
}

/** Nodes checked at once (nodeUpdateWorkerSize). */
const NODE_WORKERS = 8;
/** Status writes of one node per pass (NodeHealthUpdateRetry). */
const HEALTH_UPDATE_RETRIES = 5;
/** Nodes with this label are left out of zone disruption. */
const EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

const nodeRef = (n: KubeObject): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.metadata.name, uid: n.metadata.uid } });

/** Runs `fn` over items with at most `n` at once. */
async function parallelize<T>(n: number, items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        await fn(items[next++]);
      }
    }),
  );
}

/** Node health monitoring and NoExecute tainting, run by the lifecycle controller's timers. */
export class NodeMonitor {
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Map<string, KubeObject>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();

  constructor(private readonly d: NodeMonitorDeps) {}

  /** The health last recorded for a node. */
  healthOf(name: string): NodeHealth | undefined {
    return this.health.get(name);
  }

  /** One pass over every node. Semantics: monitorNodeHealth. */
  async monitor(): Promise<void> {
    const nodes = this.d.nodes.list();
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const node of nodes) {
      const name = node.metadata.name!;
      if (!this.known.has(name)) {
        this.d.recorder.event(nodeRef(node), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
        this.known.set(name, node);
        this.addZone(node);
        await this.markNodeAsReachable(node).catch((e: unknown) => this.d.log(`node-lifecycle: removing taints of ${name}: ${String(e)}`));
      } else {
        this.addZone(node);
      }
    }
    for (const [name, node] of this.known) {
      if (!names.has(name)) {
        this.d.recorder.event(nodeRef(node), 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
        this.known.delete(name);
        this.health.delete(name);
      }
    }
    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    await parallelize(NODE_WORKERS, nodes, async (node) => {
      const ready = await this.updateNode(node);
      if (ready === null) {
        return;
      }
      if (node.metadata.labels?.[EXCLUDE_DISRUPTION] === undefined) {
        const zone = zoneKey(node);
        zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), ready.current]);
      }
    });
    this.handleDisruption(zoneConditions, nodes);
  }

  /** Checks one node and acts on it; null when its health could not be written. */
  private async updateNode(cached: KubeObject): Promise<{ current?: NodeCondition } | null> {
    const name = cached.metadata.name!;
    let node = cached;
    let result;
    for (let attempt = 0; ; attempt++) {
      const lease = this.d.leases.get(`kube-node-lease/${name}`);
      result = checkNodeHealth({
        node,
        leaseRenewTime: lease?.spec?.renewTime ?? undefined,
        saved: this.health.get(name),
        now: this.d.now(),
        gracePeriodMs: this.d.opts.nodeMonitorGracePeriodMs,
        startupGracePeriodMs: this.d.opts.nodeStartupGracePeriodMs,
      });
      this.health.set(name, result.health);
      if (!result.statusUpdate) {
        break;
      }
      try {
        const body = { ...node, status: result.statusUpdate };
        node = await this.d.client.replace<KubeObject>(resourcePath('v1', 'nodes', undefined, name, 'status'), body);
        this.health.set(name, result.healthAfterWrite!);
        break;
      } catch (err) {
        if (attempt + 1 >= HEALTH_UPDATE_RETRIES) {
          this.d.log(`node-lifecycle: updating health of node ${name}: ${String(err)}; no pods will be evicted`);
          return null;
        }
        try {
          node = await this.d.client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, name));
        } catch {
          return null;
        }
      }
    }
    const { observedReady, currentReady } = result;
    if (currentReady) {
      const pods = this.d.podsOnNode(name);
      await this.processTaintBaseEviction(node, observedReady);
      const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
      if (becameNotReady) {
        this.d.recorder.event(nodeRef(node), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
      if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
        try {
          await markPodsNotReady(this.d.client, this.d.recorder, pods, name, this.d.now());
        } catch (err) {
          this.d.log(`node-lifecycle: marking pods of node ${name} not ready: ${String(err)}; will retry`);
          this.nodesToRetry.add(name);
          return { current: currentReady };
        }
      }
    }
    this.nodesToRetry.delete(name);
    return { current: currentReady };
  }

  /** Semantics: processTaintBaseEviction. */
  private async processTaintBaseEviction(node: KubeObject, observed: NodeCondition): Promise<void> {
    const now = this.d.now();
    const swap = (add: typeof UNREACHABLE_TAINT, remove: typeof UNREACHABLE_TAINT) =>
      swapNodeTaints(this.d.client, node, [add], [remove], now).catch((e: unknown) =>
        this.d.log(`node-lifecycle: swapping taints of ${node.metadata.name}: ${String(e)}`),
      );
    if (observed.status === 'False') {
      if (taintExists(node, UNREACHABLE_TAINT)) {
        await swap(NOT_READY_TAINT, UNREACHABLE_TAINT);
      } else {
        this.markNodeForTainting(node, 'False');
      }
    } else if (observed.status === 'Unknown') {
      if (taintExists(node, NOT_READY_TAINT)) {
        await swap(UNREACHABLE_TAINT, NOT_READY_TAINT);
      } else {
        this.markNodeForTainting(node, 'Unknown');
      }
    } else if (observed.status === 'True') {
      await this.markNodeAsReachable(node).catch((e: unknown) => this.d.log(`node-lifecycle: removing taints of ${node.metadata.name}: ${String(e)}`));
    }
  }

  private tainter(node: KubeObject): RateLimitedTimedQueue {
    this.addZone(node);
    return this.tainters.get(zoneKey(node))!;
  }

  private addZone(node: KubeObject): void {
    const zone = zoneKey(node);
    if (!this.zoneStates.has(zone)) {
      this.zoneStates.set(zone, 'Initial');
      this.tainters.set(zone, new RateLimitedTimedQueue(this.d.opts.evictionQps, Date.now()));
    }
  }

  private markNodeForTainting(node: KubeObject, status: 'False' | 'Unknown'): boolean {
    const q = this.tainter(node);
    if (!taintExists(node, status === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT)) {
      q.remove(node.metadata.name!);
    }
    return q.add(node.metadata.name!, node.metadata.uid!, Date.now());
  }

  private async markNodeAsReachable(node: KubeObject): Promise<boolean> {
    await swapNodeTaints(this.d.client, node, [], [UNREACHABLE_TAINT, NOT_READY_TAINT], this.d.now());
    return this.tainter(node).remove(node.metadata.name!);
  }

  /** Taints queued nodes as their zone's rate allows. Semantics: doNoExecuteTaintingPass. */
  async taintingPass(): Promise<void> {
    for (const q of this.tainters.values()) {
      await q.try(Date.now, async (v) => {
        const node = this.d.nodes.get(v.value);
        if (!node) {
          return { done: true };
        }
        const ready = nodeCondition(node, 'Ready');
        if (!ready) {
          return { done: false, retryAfterMs: 50 };
        }
        if (ready.status !== 'False' && ready.status !== 'Unknown') {
          return { done: true };
        }
        const [add, remove] = ready.status === 'False' ? [NOT_READY_TAINT, UNREACHABLE_TAINT] : [UNREACHABLE_TAINT, NOT_READY_TAINT];
        try {
          await swapNodeTaints(this.d.client, node, [add], [remove], this.d.now());
          return { done: true };
        } catch (err) {
          this.d.log(`node-lifecycle: tainting node ${v.value}: ${String(err)}`);
          return { done: false };
        }
      });
    }
  }

  /** Adjusts eviction rates to each zone's disruption. Semantics: handleDisruption. */
  private handleDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: KubeObject[]): void {
    const now = Date.now();
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneConditions) {
      const { state } = computeZoneState(conds, this.d.opts.unhealthyZoneThreshold);
      allAreFullyDisrupted &&= state === 'FullDisruption';
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) {
        this.zoneStates.set(zone, 'Initial');
      }
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) {
      return;
    }
    if (allAreFullyDisrupted) {
      this.d.log('node-lifecycle: all nodes are not Ready; entering master disruption mode');
      for (const n of nodes) {
        void this.markNodeAsReachable(n).catch(() => undefined);
      }
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.d.log('node-lifecycle: some nodes are Ready again; exiting master disruption mode');
      const t = this.d.now().getTime();
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h) {
          this.health.set(n.metadata.name!, { ...h, probeTimestamp: t, readyTransitionTimestamp: t });
        }
      }
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone);
      if (!next || (!allWasFullyDisrupted && state === next)) {
        continue;
      }
      this.setLimiter(zone, zoneConditions.get(zone)!.length, next, now);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiter(zone: string, size: number, state: ZoneState, now: number): void {
    const o = this.d.opts;
    const qps = state === 'Normal' || state === 'FullDisruption' ? o.evictionQps : size > o.largeClusterThreshold ? o.secondaryEvictionQps : 0;
    if (state !== 'Initial') {
      this.tainters.get(zone)?.swapLimiter(qps, now);
    }
  }
}
