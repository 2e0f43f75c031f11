import { byNodeName, PODS_BY_NODE_INDEX } from 'src/controllers/common/nodes';
import { patchPodStatus, updatePodCondition, type PodCondition } from 'src/controllers/common/pod-conditions';
import type { Controller, ControllerContext, ControllerFactory } from 'src/controllers/runtime/controller';
import type { Informer } from 'src/controllers/runtime/informer';
import { isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { missingNodes, terminatedToDelete, terminatingOutOfService, unscheduledTerminating } from 'src/controllers/podgc/podgc-plan';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/podgc/gc_controller.go (Run, gc, gcOrphaned with its
// quarantine and discoverDeletedNodes, markFailedAndDeletePodWithCondition).

/** Tunables of the pod garbage collector. */
export interface PodGcOptions {
  /** How often the collector runs (gcCheckPeriod, 20 s). */
  gcCheckPeriodMs: number;
  /** How long a missing node is waited for before its pods count as orphaned (quarantineTime, 40 s). */
  quarantineMs: number;
}

const ORPHANED: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };

/**
 * The pod garbage collector (controllers.md §5.5): deletes the oldest terminated pods above the
 * threshold, pods bound to nodes that no longer exist, terminating pods never scheduled and
 * terminating pods on out-of-service nodes; force-deletes after moving them to Failed.
 */
export class PodGcReconciler implements Controller {
  readonly name = 'podgc';
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  /** Missing node names and when they may be checked (the quarantine). */
  private readonly quarantine = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly opts: PodGcOptions,
  ) {
    this.pods = ctx.informers.informer('/api/v1/pods', { [PODS_BY_NODE_INDEX]: byNodeName });
    this.nodes = ctx.informers.informer('/api/v1/nodes');
  }

  /** Runs a collection now and then every gcCheckPeriod after the previous one ended. */
  start(): void {
    const run = (): void => {
      this.running = this.gc().catch((e: unknown) => this.ctx.log(`podgc: ${String(e)}`));
      void this.running.then(() => {
        if (!this.stopped) {
          this.timer = setTimeout(run, this.opts.gcCheckPeriodMs);
          this.timer.unref();
        }
      });
    };
    run();
  }

  /** Stops after the collection in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One collection. Semantics: gc. */
  async gc(): Promise<void> {
    const pods = this.pods.list();
    const threshold = this.ctx.options.terminatedPodGcThreshold;
    await Promise.all(terminatedToDelete(pods, threshold).map((p) => this.markFailedAndDelete(p)));
    await Promise.all(terminatingOutOfService(pods, (n) => this.nodes.get(n)).map((p) => this.markFailedAndDelete(p)));
    await this.gcOrphaned(pods);
    await Promise.all(unscheduledTerminating(pods).map((p) => this.markFailedAndDelete(p)));
  }

  /** Deletes pods whose node is still gone (uncached GET) after the quarantine. Semantics: gcOrphaned. */
  private async gcOrphaned(pods: KubeObject[]): Promise<void> {
    const now = Date.now();
    const missing = missingNodes(pods, (n) => !!this.nodes.get(n));
    for (const n of missing) {
      if (!this.quarantine.has(n)) {
        this.quarantine.set(n, now + this.opts.quarantineMs);
      }
    }
    const deleted: string[] = [];
    for (const [n, due] of [...this.quarantine]) {
      if (due > now) {
        continue;
      }
      this.quarantine.delete(n);
      if (this.nodes.get(n)) {
        continue;
      }
      try {
        await this.ctx.client.get(resourcePath('v1', 'nodes', undefined, n));
      } catch (err) {
        if (isNotFound(err)) {
          deleted.push(n);
        } else {
          this.ctx.log(`podgc: checking node ${n}: ${String(err)}`);
        }
      }
    }
    const orphans = deleted.flatMap((n) => this.pods.byIndex(PODS_BY_NODE_INDEX, n));
    await Promise.all(orphans.map((p) => this.markFailedAndDelete(p, ORPHANED)));
  }

  /** Moves a pod to Failed (with `condition`), then deletes it with grace 0. Semantics: markFailedAndDeletePodWithCondition. */
  private async markFailedAndDelete(pod: KubeObject, condition?: PodCondition): Promise<void> {
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const status = structuredClone(pod.status ?? {});
        status.phase = 'Failed';
        const patch: Record<string, unknown> = { phase: 'Failed' };
        if (condition && updatePodCondition(status, condition, this.ctx.options.now())) {
          patch.conditions = status.conditions;
        }
        await patchPodStatus(this.ctx.client, pod, patch);
      }
      await this.ctx.client.delete(resourcePath('v1', 'pods', pod.metadata.namespace, pod.metadata.name), {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
      });
    } catch (err) {
      if (!isNotFound(err)) {
        this.ctx.log(`podgc: deleting pod ${pod.metadata.namespace}/${pod.metadata.name}: ${String(err)}`);
      }
    }
  }
}

/** Builds the pod garbage collector with explicit periods (tests shorten them). */
export function newPodGcController(overrides: Partial<PodGcOptions> = {}): ControllerFactory {
  return (ctx) => new PodGcReconciler(ctx, { gcCheckPeriodMs: 20_000, quarantineMs: 40_000, ...overrides });
}

/** Factory of the pod garbage collector (kube-controller-manager `podgc`). */
export const podGcController: ControllerFactory = newPodGcController();
