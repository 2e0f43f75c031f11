import { isAlreadyExists, isConflict, isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { NodeSet } from 'src/node-agent/node-set';
import { PerNodeLoop } from 'src/node-agent/per-node-loop';
import type { KubeObject } from 'src/registry/generic/object';

/** The namespace of node Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Retry period while kube-node-lease does not exist (kwok and the kubelet retry every second or so). */
const MISSING_NAMESPACE_RETRY_MS = 1000;
/** Kubelet renews with JitterUntil(renewInterval, 0.04). */
const RENEW_JITTER = 0.04;
/** While its Node is not registered yet, a Lease waits this long per try (so it is born with its owner)… */
const NODE_WAIT_MS = 250;
/** …for at most this many tries; then it is created without owner, which a later renewal adds. */
const NODE_WAIT_TRIES = 20;

/** A MicroTime: RFC 3339 with six fractional digits, e.g. `2026-11-23T12:00:00.000000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/**
 * The Lease a node holds, renewed now: holder = node name, the configured duration, and an owner
 * reference to the Node once its UID is known (none flagged controller, as the kubelet writes it).
 * Semantics: kubelet pkg/kubelet/util/nodelease.go SetNodeOwnerFunc; component-helpers
 * apimachinery/lease/controller.go newLease.
 */
export function renewedLease(old: KubeObject | undefined, nodeName: string, nodeUid: string | undefined, durationSeconds: number, now: number): KubeObject {
  const owners = nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] : (old?.metadata.ownerReferences ?? []);
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    ...old,
    metadata: { ...old?.metadata, name: nodeName, namespace: NODE_LEASE_NAMESPACE, ...(owners.length > 0 ? { ownerReferences: owners } : {}) },
    spec: { ...old?.spec, holderIdentity: nodeName, leaseDurationSeconds: durationSeconds, renewTime: microTime(now) },
  };
}

/** Options of the lease renewer. */
export interface NodeLeaseOptions {
  durationSeconds: number;
  renewIntervalMs: number;
  workers: number;
  log: (msg: string) => void;
}

/**
 * Keeps one Lease per node in kube-node-lease renewed by PUT every renew interval (with 4 %
 * jitter); first renewals are spread over one interval so a thousand nodes make a steady stream of
 * writes, not bursts. A conflict or a missing Lease makes the next round GET or create it again.
 * Stopped, it leaves the Leases to expire, as a stopped kubelet's do.
 * Semantics: k8s.io/component-helpers apimachinery/lease/controller.go (sync, ensureLease, retryUpdateLease).
 */
export class NodeLeaseRenewer extends PerNodeLoop {
  private readonly leases = new Map<string, KubeObject>();
  private missingNamespaceLogged = false;
  private readonly nodeWaits = new Map<string, number>();

  constructor(
    private readonly client: KubeClient,
    nodes: NodeSet,
    private readonly opts: NodeLeaseOptions,
  ) {
    super('node-lease', nodes, { workers: opts.workers, baseDelayMs: 200, maxDelayMs: 7000 });
  }

  private path(name?: string): string {
    return resourcePath('coordination.k8s.io/v1', 'leases', NODE_LEASE_NAMESPACE, name);
  }

  private nextRenewal(): number {
    return this.opts.renewIntervalMs * (1 + RENEW_JITTER * Math.random());
  }

  protected async sync(name: string): Promise<number> {
    const now = Date.now();
    const uid = this.nodes.uid(name);
    const known = this.leases.get(name);
    if (!known) {
      return this.ensure(name, uid, now);
    }
    const ownerOk = !uid || known.metadata.ownerReferences?.some((r) => r.uid === uid);
    try {
      const renewed = await this.client.replace<KubeObject>(this.path(name), renewedLease(known, name, ownerOk ? undefined : uid, this.opts.durationSeconds, now));
      this.leases.set(name, renewed);
      return this.nextRenewal();
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) {
        this.leases.delete(name);
        return 0;
      }
      throw err;
    }
  }

  /** GETs the Lease, or creates it; the first renewal lands at a random point of the interval. */
  private async ensure(name: string, uid: string | undefined, now: number): Promise<number> {
    const spread = () => Math.random() * this.opts.renewIntervalMs;
    const waits = this.nodeWaits.get(name) ?? 0;
    if (!uid && waits < NODE_WAIT_TRIES) {
      this.nodeWaits.set(name, waits + 1);
      return NODE_WAIT_MS;
    }
    try {
      const lease = await this.client.get<KubeObject>(this.path(name));
      this.leases.set(name, lease);
      return spread();
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    try {
      const lease = await this.client.create<KubeObject>(this.path(), renewedLease(undefined, name, uid, this.opts.durationSeconds, now));
      this.leases.set(name, lease);
      return spread();
    } catch (err) {
      if (isAlreadyExists(err)) {
        return 0;
      }
      if (isNotFound(err)) {
        if (!this.missingNamespaceLogged) {
          this.missingNamespaceLogged = true;
          this.opts.log(`namespace ${NODE_LEASE_NAMESPACE} does not exist yet; retrying lease creation every second`);
        }
        return MISSING_NAMESPACE_RETRY_MS;
      }
      throw err;
    }
  }
}
