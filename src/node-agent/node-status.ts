import { isAlreadyExists, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import { kubeletMessages, type KubeletEvents } from 'src/node-agent/kubelet-events';
import { NODE_STATUS_MERGE_KEYS, desiredNodeStatus, nodeAdoptionPatch, nodeForRegistration, nodeStatusChanged } from 'src/node-agent/node-object';
import { newest, type NodeSet } from 'src/node-agent/node-set';
import { PerNodeLoop } from 'src/node-agent/per-node-loop';
import { twoWayStatusPatch } from 'src/node-agent/status-patch';
import type { KubeObject } from 'src/registry/generic/object';

/** Options of the node status updater. */
export interface NodeStatusOptions {
  reportIntervalMs: number;
  workers: number;
  log: (msg: string) => void;
}

/** Spread of status reports, so a thousand nodes do not post in the same second. */
const REPORT_JITTER = 0.1;

/** The events a starting kubelet records about its node (kubelet.go, kubelet_node_status.go). */
const STARTUP_EVENTS = ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID'];

/**
 * Registers the nodes (POST with full status, adopting a Node that already exists) and posts their
 * status by strategic-merge PATCH on nodes/{name}/status: at once when it changed, otherwise once
 * per report interval to refresh the heartbeat times. A Node deleted by someone else is registered
 * again on the next sync, which the node informer's delete event triggers.
 * Semantics: kubelet kubelet_node_status.go registerWithAPIServer, updateNodeStatus, tryUpdateNodeStatus.
 */
export class NodeStatusUpdater extends PerNodeLoop {
  private readonly written = new Map<string, KubeObject>();
  private readonly lastReport = new Map<string, number>();
  private readonly announced = new Set<string>();
  private readonly registered = new Set<string>();

  constructor(
    private readonly client: KubeClient,
    nodes: NodeSet,
    private readonly cached: (name: string) => KubeObject | undefined,
    private readonly events: KubeletEvents,
    private readonly opts: NodeStatusOptions,
  ) {
    super('node-status', nodes, { workers: opts.workers, baseDelayMs: 100, maxDelayMs: 30_000 });
  }

  /** Reacts to a watch event about one of our nodes. */
  onNodeEvent(name: string, deleted: boolean): void {
    if (deleted) {
      this.written.delete(name);
    }
    this.queue.add(name);
  }

  private current(name: string): KubeObject | undefined {
    const cached = this.cached(name);
    return cached ? newest(cached, this.written.get(name)) : this.written.get(name);
  }

  private remember(name: string, node: KubeObject): KubeObject {
    this.written.set(name, node);
    this.nodes.observe(name, node);
    return node;
  }

  protected async sync(name: string): Promise<number> {
    const now = Date.now();
    const profile = this.nodes.profile(name);
    const path = resourcePath('v1', 'nodes', undefined, name);
    try {
      let node = this.current(name);
      if (!node) {
        node = await this.register(name, now);
      }
      const adopt = nodeAdoptionPatch(profile, node);
      if (adopt) {
        node = this.remember(name, await this.client.patch<KubeObject>(path, adopt, 'merge'));
      }
      const desired = desiredNodeStatus(this.nodes.profile(name), node.status, now);
      const due = now - (this.lastReport.get(name) ?? 0) >= this.opts.reportIntervalMs;
      if (due || nodeStatusChanged(node.status, desired)) {
        const patch = twoWayStatusPatch(node.status, desired, NODE_STATUS_MERGE_KEYS);
        if (patch) {
          this.remember(name, await this.client.patch<KubeObject>(`${path}/status`, { status: patch }));
        }
        this.lastReport.set(name, now);
      }
      this.announce(name);
    } catch (err) {
      if (isNotFound(err)) {
        this.written.delete(name);
        return 0;
      }
      throw err;
    }
    const wait = (this.lastReport.get(name) ?? now) + this.opts.reportIntervalMs - now;
    return Math.max(0, wait) * (1 + REPORT_JITTER * Math.random());
  }

  /** POSTs the node; an existing one (someone registered it) is fetched and adopted instead. */
  private async register(name: string, now: number): Promise<KubeObject> {
    try {
      const node = await this.client.create<KubeObject>(resourcePath('v1', 'nodes'), nodeForRegistration(this.nodes.profile(name), now));
      this.lastReport.set(name, now);
      this.logRegistration(name);
      return this.remember(name, node);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        throw err;
      }
      return this.remember(name, await this.client.get<KubeObject>(resourcePath('v1', 'nodes', undefined, name)));
    }
  }

  /** Logs the first registration of all nodes as one line, and every re-registration. */
  private logRegistration(name: string): void {
    if (this.registered.has(name)) {
      this.opts.log(`node ${name} was deleted; registered it again`);
      return;
    }
    this.registered.add(name);
    if (this.registered.size === this.nodes.size) {
      this.opts.log(`registered ${this.registered.size} nodes`);
    }
  }

  /** The events a kubelet records when it starts and finds its node ready, once per process and node. */
  private announce(name: string): void {
    if (this.announced.has(name)) {
      return;
    }
    this.announced.add(name);
    this.events.node(name, 'Starting', 'Starting kubelet.');
    for (const reason of STARTUP_EVENTS) {
      this.events.node(name, reason, kubeletMessages.nodeStatus(name, reason));
    }
    this.events.node(name, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.events.node(name, 'NodeReady', kubeletMessages.nodeStatus(name, 'NodeReady'));
  }
}
