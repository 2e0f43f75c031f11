import type { KubeObject } from 'src/registry/generic/object';
import { Plugins } from 'src/scheduler/framework/types';

// Semantics: the EventsToRegister of each kube-scheduler plugin, with their queueing hints reduced
// to "did the field this plugin reads change": a node heartbeat wakes no pod.

const set = (...p: string[]): ReadonlySet<string> => new Set(p);

/** A bound pod was deleted (or left its node): resources, ports and spreading counts changed. */
export const ASSIGNED_POD_DELETED = set(Plugins.NodeResourcesFit, Plugins.NodePorts, Plugins.InterPodAffinity, Plugins.PodTopologySpread);

/** A pod was bound: affinity and spreading counts changed. */
export const ASSIGNED_POD_ADDED = set(Plugins.InterPodAffinity, Plugins.PodTopologySpread);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The plugins for which a node update may turn a rejection into a fit; empty when none can. */
export function nodeUpdatedPlugins(old: KubeObject, cur: KubeObject): ReadonlySet<string> {
  const out = new Set<string>();
  if (!same(old.status?.allocatable, cur.status?.allocatable)) {
    out.add(Plugins.NodeResourcesFit);
  }
  if (!same(old.metadata.labels, cur.metadata.labels)) {
    [Plugins.NodeAffinity, Plugins.PodTopologySpread, Plugins.InterPodAffinity, Plugins.NodeName].forEach((p) => out.add(p));
  }
  if (!same(old.spec?.taints, cur.spec?.taints)) {
    [Plugins.TaintToleration, Plugins.PodTopologySpread, Plugins.NodeUnschedulable].forEach((p) => out.add(p));
  }
  if (Boolean(old.spec?.unschedulable) !== Boolean(cur.spec?.unschedulable)) {
    out.add(Plugins.NodeUnschedulable);
  }
  return out;
}

/** The plugins for which an update of a bound pod may help pending pods; empty when none can. */
export function assignedPodUpdatedPlugins(old: KubeObject, cur: KubeObject): ReadonlySet<string> {
  const out = new Set<string>();
  if (!same(old.metadata.labels, cur.metadata.labels)) {
    out.add(Plugins.InterPodAffinity);
    out.add(Plugins.PodTopologySpread);
  }
  const resources = (p: KubeObject) => [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c: any) => c?.resources?.requests);
  if (!same(resources(old), resources(cur)) || !same(old.spec?.resources, cur.spec?.resources)) {
    out.add(Plugins.NodeResourcesFit);
  }
  if (Boolean(old.metadata.deletionTimestamp) !== Boolean(cur.metadata.deletionTimestamp)) {
    out.add(Plugins.PodTopologySpread);
  }
  return out;
}
