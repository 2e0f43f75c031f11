import { podCondition } from 'src/controllers/common/pods';
import type { KubeObject } from 'src/registry/generic/object';

/** The annotation carrying the time of the change that triggered the last endpoints write. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** A time as Go's RFC3339Nano writes it in UTC: fractional seconds only when non-zero, trailing zeros cut. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_, frac: string) => (frac === '000' ? 'Z' : `.${frac.replace(/0+$/, '')}Z`));
}

interface ServiceState {
  lastServiceTrigger: number;
  lastPodTriggers: Map<string, number>;
}

/**
 * Computes the `endpoints.kubernetes.io/last-change-trigger-time` of a sync: the earliest pod
 * Ready transition (or Service creation) that changed since the previous sync of the Service; the
 * Service's creation time on its first sync; undefined when nothing changed.
 * Semantics: kubernetes staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();
  private readonly pending = new Map<string, ServiceState>();

  /**
   * The trigger time (ms since the epoch) for a sync of `service` over `pods`. The state it is
   * computed against only moves on with commit(), after the sync's write succeeded, so a retried
   * sync reports the same trigger instead of none.
   */
  compute(service: KubeObject, pods: KubeObject[]): number | undefined {
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    const state = this.states.get(key);
    let min: number | undefined;
    const podTriggers = new Map<string, number>();
    for (const pod of pods) {
      const t = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
      if (Number.isFinite(t)) {
        podTriggers.set(pod.metadata.name!, t);
        if (t > (state?.lastPodTriggers.get(pod.metadata.name!) ?? -Infinity)) {
          min = min === undefined ? t : Math.min(min, t);
        }
      }
    }
    const created = Date.parse(service.metadata.creationTimestamp ?? '');
    const serviceTrigger = Number.isFinite(created) ? created : 0;
    if (serviceTrigger > (state?.lastServiceTrigger ?? -Infinity)) {
      min = min === undefined ? serviceTrigger : Math.min(min, serviceTrigger);
    }
    this.pending.set(key, { lastServiceTrigger: serviceTrigger, lastPodTriggers: podTriggers });
    return state ? min : serviceTrigger || undefined;
  }

  /** The sync of a Service succeeded (or had nothing to write): later triggers count from its state. */
  commit(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const next = this.pending.get(key);
    if (next) {
      this.states.set(key, next);
      this.pending.delete(key);
    }
  }

  /** Forgets a deleted Service. */
  delete(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
    this.pending.delete(`${namespace}/${name}`);
  }
}
