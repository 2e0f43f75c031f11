import type { KubeObject } from 'src/registry/generic/object';
import { isPodAvailable, isPodReady } from 'src/controllers/common/pods';
import { isPodUpdated, templateGeneration } from 'src/controllers/daemonset/history';
import { byCreationScheduledFirst } from 'src/controllers/daemonset/manage';
import { nodeShouldRunDaemonPod } from 'src/controllers/daemonset/node-eligibility';

// Semantics: kubernetes pkg/controller/daemon/daemon_controller.go updateDaemonSetStatus, storeDaemonSetStatus.

/** The counters of a DaemonSet's status. */
export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/**
 * Counts over the nodes: desired (should run), current (should run and has a pod), misscheduled
 * (has a pod but should not), and of the oldest pod of each desired node: ready, available, updated.
 */
export function daemonSetCounts(ds: KubeObject, nodes: KubeObject[], nodeToPods: Map<string, KubeObject[]>, hash: string, now: Date): DaemonSetCounts {
  const c = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0 };
  const minReady = Number(ds.spec?.minReadySeconds ?? 0);
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = nodeToPods.get(node.metadata.name!) ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      c.numberMisscheduled += scheduled ? 1 : 0;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) {
      continue;
    }
    c.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationScheduledFirst)[0];
    if (isPodReady(pod)) {
      c.numberReady++;
      if (isPodAvailable(pod, minReady, now)) {
        c.numberAvailable++;
      }
    }
    if (isPodUpdated(pod, hash, generation)) {
      c.updatedNumberScheduled++;
    }
  }
  return { ...c, numberUnavailable: c.desiredNumberScheduled - c.numberAvailable };
}

/** Whether the stored status already says this (and observedGeneration is current). */
export function daemonStatusUnchanged(ds: KubeObject, counts: DaemonSetCounts): boolean {
  const s = ds.status ?? {};
  return (
    (Object.keys(counts) as (keyof DaemonSetCounts)[]).every((k) => Number(s[k] ?? 0) === counts[k]) &&
    Number(s.observedGeneration ?? 0) >= Number(ds.metadata.generation ?? 0)
  );
}
