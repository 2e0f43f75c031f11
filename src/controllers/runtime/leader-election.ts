import { isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** Timings and identity of a leader election. */
export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** How long a lease is valid after its holder last changed it (client-go default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before giving up (10 s). */
  renewDeadlineMs?: number;
  /** Pause between attempts (2 s). */
  retryPeriodMs?: number;
}

/** What the elector calls on winning and on losing leadership. */
export interface LeaderCallbacks {
  onStartedLeading: () => void | Promise<void>;
  onStoppedLeading: () => void;
}

/** client-go's wait.Jitter factor for the retry period. */
const JITTER = 1.2;

/** metav1.MicroTime as the API writes it. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: a lease counts as held
 * while the record last changed less than leaseDuration ago by the local clock (never by comparing
 * renewTime with our clock), updates are conditional on resourceVersion, and a leader that cannot
 * renew within renewDeadline stops leading.
 * Semantics: k8s.io/client-go tools/leaderelection/leaderelection.go tryAcquireOrRenew, renew, release.
 */
export class LeaderElector {
  private observedRecord = '';
  private observedAt = 0;
  private lease?: KubeObject;
  private leading = false;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private wake?: () => void;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.leaseMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryMs = opts.retryPeriodMs ?? 2_000;
  }

  /** Whether this process currently holds the lease. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns until elected, then renews until it fails or release() is called. */
  async run(cb: LeaderCallbacks): Promise<void> {
    while (!this.stopped && !(await this.tryAcquireOrRenew())) {
      await this.sleep(this.retryMs * (1 + Math.random() * (JITTER - 1)));
    }
    if (this.stopped) {
      return;
    }
    this.leading = true;
    await cb.onStartedLeading();
    let lastRenew = Date.now();
    while (!this.stopped) {
      await this.sleep(this.retryMs);
      if (this.stopped) {
        break;
      }
      if (await this.tryAcquireOrRenew()) {
        lastRenew = Date.now();
      } else if (Date.now() - lastRenew > this.renewDeadlineMs) {
        break;
      }
    }
    const lost = !this.stopped;
    this.leading = false;
    if (lost) {
      cb.onStoppedLeading();
    }
  }

  /** Stops campaigning; a leader hands the lease over at once (holder cleared, duration 1 s). */
  async release(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (!this.lease || this.lease.spec?.holderIdentity !== this.opts.identity) {
      return;
    }
    const now = microTime(new Date());
    const released = { ...this.lease, spec: { ...this.lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: now, acquireTime: now } };
    await this.client.replace(this.path(this.opts.name), released).catch(() => undefined);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const durationSeconds = Math.ceil(this.leaseMs / 1000);
    let current: KubeObject;
    try {
      current = await this.client.get<KubeObject>(this.path(this.opts.name));
    } catch (err) {
      if (!isNotFound(err)) {
        return false;
      }
      const lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.opts.name, namespace: this.opts.namespace },
        spec: { holderIdentity: this.opts.identity, leaseDurationSeconds: durationSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
      };
      try {
        this.lease = await this.client.create<KubeObject>(this.path(), lease);
        this.observe(this.lease);
        return true;
      } catch {
        return false;
      }
    }
    this.observe(current);
    const spec = current.spec ?? {};
    const holder: string = spec.holderIdentity ?? '';
    const validFor = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (holder && holder !== this.opts.identity && this.observedAt + validFor > now.getTime()) {
      return false;
    }
    const mine = holder === this.opts.identity;
    const next = {
      ...current,
      spec: {
        ...spec,
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: durationSeconds,
        renewTime: microTime(now),
        acquireTime: mine && spec.acquireTime ? spec.acquireTime : microTime(now),
        leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    try {
      this.lease = await this.client.replace<KubeObject>(this.path(this.opts.name), next);
      this.observe(this.lease);
      return true;
    } catch {
      // A 409 means another candidate wrote first; any other error is retried the same way.
      return false;
    }
  }

  /** Remembers when the record last changed, by the local clock. */
  private observe(lease: KubeObject): void {
    const record = JSON.stringify(lease.spec ?? {});
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
  }

  private path(name?: string): string {
    return resourcePath('coordination.k8s.io/v1', 'leases', this.opts.namespace, name);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
