import { Informer } from 'src/controllers/runtime/informer';
import type { KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { ASSIGNED_POD_ADDED, ASSIGNED_POD_DELETED, assignedPodUpdatedPlugins, nodeUpdatedPlugins } from 'src/scheduler/cluster-events';
import { podKey } from 'src/scheduler/framework/pod-info';
import { Snapshot } from 'src/scheduler/framework/snapshot';
import type { Listers } from 'src/scheduler/framework/types';
import { isAssigned, isGated, isSchedulable, NON_TERMINAL_PODS, podSpecChanged } from 'src/scheduler/pods';
import type { SchedulingQueue } from 'src/scheduler/queue/scheduling-queue';

// Semantics: kube-scheduler eventhandlers.go addAllEventHandlers: bound pods feed the cache,
// pending pods of this scheduler feed the queue, node and pod events move unschedulable pods.

const byNamespace = { namespace: (o: KubeObject) => [o.metadata.namespace ?? ''] };

/**
 * Keeps the scheduler's Snapshot and queue in step with the API through informers: nodes and
 * non-terminal pods, plus the Services, ReplicaSets, StatefulSets, ReplicationControllers and
 * Namespaces the plugins look up.
 */
export class SchedulerCache {
  readonly snapshot = new Snapshot();
  readonly listers: Listers;
  private readonly pods: Informer<KubeObject>;
  private readonly informers: Informer<KubeObject>[];

  constructor(
    client: KubeClient,
    private readonly queue: SchedulingQueue,
    private readonly opts: { schedulerName: string; onGated: (pod: KubeObject) => void },
  ) {
    const nodes = new Informer<KubeObject>(client, '/api/v1/nodes');
    this.pods = new Informer<KubeObject>(client, '/api/v1/pods', { fieldSelector: NON_TERMINAL_PODS });
    const services = new Informer<KubeObject>(client, '/api/v1/services', { indexers: byNamespace });
    const replicaSets = new Informer<KubeObject>(client, '/apis/apps/v1/replicasets');
    const statefulSets = new Informer<KubeObject>(client, '/apis/apps/v1/statefulsets');
    const replicationControllers = new Informer<KubeObject>(client, '/api/v1/replicationcontrollers');
    const namespaces = new Informer<KubeObject>(client, '/api/v1/namespaces');
    this.informers = [nodes, this.pods, services, replicaSets, statefulSets, replicationControllers, namespaces];
    const controllers = { ReplicaSet: replicaSets, StatefulSet: statefulSets, ReplicationController: replicationControllers };
    this.listers = {
      services: (ns) => services.byIndex('namespace', ns),
      controller: (kind, ns, name) => controllers[kind].get(`${ns}/${name}`),
      namespaceLabels: (ns) => namespaces.get(ns)?.metadata.labels,
    };

    nodes.on('add', (n) => {
      this.snapshot.setNode(n);
      this.queue.moveUnschedulable('all');
    });
    nodes.on('update', (n, old) => {
      this.snapshot.setNode(n);
      this.move(nodeUpdatedPlugins(old, n));
    });
    nodes.on('delete', (n) => this.snapshot.removeNode(String(n.metadata.name)));
    this.pods.on('add', (p) => this.podChanged(p));
    this.pods.on('update', (p, old) => this.podChanged(p, old));
    this.pods.on('delete', (p) => this.podDeleted(p));
  }

  /** Starts every informer; resolves once all have delivered their first LIST. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.start()));
  }

  /** Stops watching. */
  stop(): void {
    this.informers.forEach((i) => i.stop());
  }

  /** The cached pod with this namespace and name. */
  currentPod(namespace: string, name: string): KubeObject | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  private move(plugins: ReadonlySet<string>): void {
    if (plugins.size > 0) {
      this.queue.moveUnschedulable(plugins);
    }
  }

  private podChanged(pod: KubeObject, old?: KubeObject): void {
    const key = podKey(pod);
    if (isAssigned(pod)) {
      this.snapshot.addPod(pod);
      this.queue.delete(key);
      this.move(old && isAssigned(old) ? assignedPodUpdatedPlugins(old, pod) : ASSIGNED_POD_ADDED);
      return;
    }
    if (old && podKey(old) !== key) {
      this.podDeleted(old);
    }
    if (isSchedulable(pod, this.opts.schedulerName)) {
      if (this.queue.has(key)) {
        this.queue.update(pod, !old || podSpecChanged(old, pod));
      } else if (!this.snapshot.isAssumed(key)) {
        this.queue.add(pod);
      }
      return;
    }
    this.queue.delete(key);
    if (isGated(pod) && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? '') === this.opts.schedulerName) {
      this.opts.onGated(pod);
    }
  }

  private podDeleted(pod: KubeObject): void {
    const key = podKey(pod);
    const wasPlaced = this.snapshot.nodeOf(key) !== undefined;
    this.snapshot.removePod(key);
    this.queue.delete(key);
    if (wasPlaced) {
      this.queue.moveUnschedulable(ASSIGNED_POD_DELETED);
    }
  }
}
