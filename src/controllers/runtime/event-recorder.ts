import { resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/** Who reports events: the component (e.g. `deployment-controller`) and its host or node. */
export interface EventSource {
  component: string;
  host?: string;
}

/** Events written at once; the rest wait (the recorder never blocks its caller). */
const MAX_IN_FLIGHT = 16;
/** Events queued beyond this are dropped, as client-go's broadcaster drops on overflow. */
const MAX_QUEUED = 10_000;
/** Remembered series for aggregation (client-go's LRU holds 4096). */
const MAX_SERIES = 4096;

interface Series {
  name: string;
  namespace: string;
  count: number;
  first: string;
}

/** An RFC 3339 timestamp with second precision, as metav1.Time serialises. */
function seconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder does: a repeat of the same
 * (object, type, reason, message) bumps the count and lastTimestamp of the existing Event instead
 * of creating another. Writes happen in the background with bounded concurrency.
 * Semantics: k8s.io/client-go tools/record/{event.go,events_cache.go} (EventCorrelator, makeEvent).
 */
export class EventRecorder {
  private readonly series = new Map<string, Series>();
  private readonly pending: (() => Promise<void>)[] = [];
  private inFlight = 0;
  private drained?: () => void;

  constructor(
    private readonly client: KubeClient,
    private readonly source: EventSource,
  ) {}

  /** Records an event about `obj`; `fieldPath` names a part of it (e.g. `spec.containers{web}`). */
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    const now = new Date();
    const namespace = obj.metadata.namespace || 'default';
    const key = [obj.metadata.uid, fieldPath ?? '', type, reason, message].join('\u0000');
    const known = this.series.get(key);
    if (known) {
      known.count++;
      const patch = { count: known.count, lastTimestamp: seconds(now) };
      this.enqueue(() => this.client.patch(resourcePath('v1', 'events', known.namespace, known.name), patch, 'merge').then(() => undefined));
      return;
    }
    const name = `${obj.metadata.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
    this.remember(key, { name, namespace, count: 1, first: seconds(now) });
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
      firstTimestamp: seconds(now),
      lastTimestamp: seconds(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    this.enqueue(() => this.client.create(resourcePath('v1', 'events', namespace), ev).then(() => undefined));
  }

  /** Resolves once every queued event has been written (or failed). */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.pending.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.drained = resolve));
  }

  private remember(key: string, s: Series): void {
    if (this.series.size >= MAX_SERIES) {
      this.series.delete(this.series.keys().next().value as string);
    }
    this.series.set(key, s);
  }

  private enqueue(write: () => Promise<void>): void {
    if (this.pending.length >= MAX_QUEUED) {
      return;
    }
    this.pending.push(write);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length > 0) {
      const write = this.pending.shift()!;
      this.inFlight++;
      // An event that cannot be written is dropped, as upstream's recorder does after its retries.
      void write()
        .catch(() => undefined)
        .finally(() => {
          this.inFlight--;
          this.pump();
          if (this.inFlight === 0 && this.pending.length === 0) {
            this.drained?.();
          }
        });
    }
  }
}
