import { byNodeName, PODS_BY_NODE_INDEX } from 'src/controllers/common/nodes';
import { QueueController, type Controller, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import { resourcePath } from 'src/controllers/runtime/kube-client';
import { WorkQueue } from 'src/controllers/runtime/work-queue';
import { NodeMonitor, type NodeLifecycleOptions } from 'src/controllers/node-lifecycle/node-monitor';
import { noScheduleTaintDiff, swapNodeTaints } from 'src/controllers/node-lifecycle/node-taints';
import { markPodsNotReady } from 'src/controllers/node-lifecycle/pod-readiness';
import { TaintEvictionReconciler } from 'src/controllers/node-lifecycle/taint-eviction.reconciler';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go (Run's loops,
// doNodeProcessingPassWorker, doNoScheduleTaintingPass, reconcileNodeLabels, podUpdated, processPod).

/** How often queued nodes are tainted (scheduler.NodeEvictionPeriod). */
const NODE_EVICTION_PERIOD_MS = 100;
/** Beta labels kept equal to their stable labels. */
const LABEL_RECONCILE: [string, string][] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

/**
 * The node lifecycle controller (controllers.md §5.5): nodes whose Lease stops being renewed turn
 * Unknown and get NoExecute taints at a limited rate; their pods are marked not ready; condition
 * NoSchedule taints follow the node conditions.
 */
export class NodeLifecycleReconciler extends QueueController {
  private readonly nodes: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly recorder: EventRecorder;
  private readonly monitor: NodeMonitor;
  private readonly podQueue: WorkQueue;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    ctx: ControllerContext,
    private readonly opts: NodeLifecycleOptions,
  ) {
    super('node-lifecycle', ctx, 8);
    this.recorder = ctx.recorder('node-controller');
    this.nodes = ctx.informers.informer('/api/v1/nodes');
    this.pods = ctx.informers.informer('/api/v1/pods', { [PODS_BY_NODE_INDEX]: byNodeName });
    const leases = ctx.informers.informer('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
    this.monitor = new NodeMonitor({
      client: ctx.client,
      nodes: this.nodes,
      leases,
      podsOnNode: (n) => this.pods.byIndex(PODS_BY_NODE_INDEX, n),
      recorder: this.recorder,
      now: ctx.options.now,
      log: ctx.log,
      opts,
    });
    this.podQueue = new WorkQueue('node-lifecycle-pods', (key) => this.processPod(key), {
      workers: 4,
      onResult: ctx.metrics.resultHook('node-lifecycle-pods'),
    });
    ctx.metrics.track(this.podQueue);
    this.nodes.on('add', (n) => this.enqueue(keyOf(n)));
    this.nodes.on('update', (n) => this.enqueue(keyOf(n)));
    this.pods.on('add', (p) => p.spec?.nodeName && this.podQueue.add(keyOf(p)));
    this.pods.on('update', (p, old) => p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName && this.podQueue.add(keyOf(p)));
  }

  /** Starts the node queue, the pod queue, the health monitor and the tainting loop. */
  override start(): void {
    super.start();
    this.podQueue.start();
    this.loop(() => this.monitor.monitor(), this.opts.nodeMonitorPeriodMs);
    this.loop(() => this.monitor.taintingPass(), NODE_EVICTION_PERIOD_MS);
  }

  /** Stops every loop (after the passes in flight) and queue. */
  override async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearTimeout(t));
    await Promise.all([super.stop(), this.podQueue.stop(), ...this.running]);
  }

  /** Runs `fn` now and then `periodMs` after each run ends (wait.Until). */
  private loop(fn: () => Promise<void>, periodMs: number): void {
    const run = (): void => {
      if (this.stopped) {
        return;
      }
      const pass = fn().catch((e: unknown) => this.ctx.log(`node-lifecycle: ${String(e)}`));
      this.running.add(pass);
      void pass.then(() => {
        this.running.delete(pass);
        if (!this.stopped) {
          const t = setTimeout(() => {
            this.timers.delete(t);
            run();
          }, periodMs);
          t.unref();
          this.timers.add(t);
        }
      });
    };
    run();
  }

  /** NoSchedule taints from conditions, and beta os/arch labels. Semantics: doNoScheduleTaintingPass + reconcileNodeLabels. */
  protected async reconcile(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) {
      return;
    }
    const { add, remove } = noScheduleTaintDiff(node);
    if (add.length > 0 || remove.length > 0) {
      await swapNodeTaints(this.ctx.client, node, add, remove, this.ctx.options.now());
    }
    const labels = node.metadata.labels ?? {};
    const update: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) {
      if (labels[primary] !== undefined && labels[secondary] !== labels[primary]) {
        update[secondary] = labels[primary];
      }
    }
    if (Object.keys(update).length > 0) {
      await this.ctx.client.patch(resourcePath('v1', 'nodes', undefined, name), { metadata: { labels: update } }, 'strategic');
    }
  }

  /** A pod newly bound to a node that is not Ready is marked not ready. Semantics: processPod. */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    const health = nodeName ? this.monitor.healthOf(nodeName) : undefined;
    if (!pod || !health) {
      return;
    }
    if (!this.nodes.get(nodeName)) {
      throw new Error(`node ${nodeName} of pod ${key} is not in the cache`);
    }
    if (health.ready && health.ready.status !== 'True') {
      await markPodsNotReady(this.ctx.client, this.recorder, [pod], nodeName, this.ctx.options.now());
    }
  }
}

/** The node lifecycle defaults (kube-controller-manager's), with the grace and period of ControllerOptions. */
export function nodeLifecycleOptions(ctx: ControllerContext, overrides: Partial<NodeLifecycleOptions> = {}): NodeLifecycleOptions {
  return {
    nodeMonitorPeriodMs: ctx.options.nodeMonitorPeriodMs,
    nodeMonitorGracePeriodMs: ctx.options.nodeMonitorGracePeriodMs,
    nodeStartupGracePeriodMs: 60_000,
    evictionQps: 0.1,
    secondaryEvictionQps: 0.01,
    largeClusterThreshold: 50,
    unhealthyZoneThreshold: 0.55,
    ...overrides,
  };
}

/** Two controllers run as one (node lifecycle with its taint eviction, as before SeparateTaintEvictionController). */
class ControllerPair implements Controller {
  constructor(
    readonly name: string,
    private readonly parts: Controller[],
  ) {}

  start(): void {
    this.parts.forEach((c) => c.start());
  }

  async stop(): Promise<void> {
    await Promise.all(this.parts.map((c) => c.stop()));
  }
}

/** Builds the node lifecycle controller (with taint eviction) with explicit tunables. */
export function newNodeLifecycleController(overrides: Partial<NodeLifecycleOptions> = {}): ControllerFactory {
  return (ctx) =>
    new ControllerPair('node-lifecycle', [new NodeLifecycleReconciler(ctx, nodeLifecycleOptions(ctx, overrides)), new TaintEvictionReconciler(ctx)]);
}

/** Factory of the node lifecycle controller plus taint eviction (kube-controller-manager `nodelifecycle` + `taint-eviction-controller`). */
export const nodeLifecycleController: ControllerFactory = newNodeLifecycleController();
