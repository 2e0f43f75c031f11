import type { KubeObject } from 'src/registry/generic/object';
import { labelSelector, NOTHING, type Labels, type Selector } from 'src/scheduler/framework/labels';
import { podRequests, type PodRequests } from 'src/scheduler/framework/resources';

// Semantics: kube-scheduler framework/types.go NewPodInfo, AffinityTerm.Matches,
// getNamespacesFromPodAffinityTerm; util/utils.go GetHostPorts; corev1 helpers PodPriority.

/** A pod (anti-)affinity term with its selectors compiled. */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** NOTHING when the term has no namespaceSelector. */
  readonly namespaceSelector: Selector;
  readonly selector: Selector;
  readonly topologyKey: string;
}

/** A preferred (anti-)affinity term and its weight. */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A host port a pod binds: hostIP ("0.0.0.0" when empty), protocol ("TCP" when empty), port. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** A pod with everything the plugins need precomputed once. */
export interface PodInfo {
  readonly pod: KubeObject;
  /** The pod's UID (namespace/name when it has none, as in hand-made test objects). */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  readonly requests: PodRequests;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** spec.affinity has podAffinity or podAntiAffinity (NodeInfo.PodsWithAffinity). */
  readonly hasAffinity: boolean;
  /** spec.affinity has required pod anti-affinity (NodeInfo.PodsWithRequiredAntiAffinity). */
  readonly hasRequiredAntiAffinity: boolean;
  /** metadata.deletionTimestamp is set. */
  readonly terminating: boolean;
}

/** The identity under which a pod is cached. */
export function podKey(pod: KubeObject): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** The `namespace/name` of a pod. */
export function podName(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function compileTerm(namespace: string, term: any): AffinityTerm {
  const namespaces: string[] = term?.namespaces ?? [];
  const nsSelector = term?.namespaceSelector;
  return {
    namespaces: new Set(namespaces.length === 0 && (nsSelector === undefined || nsSelector === null) ? [namespace] : namespaces),
    namespaceSelector: labelSelector(nsSelector),
    selector: labelSelector(term?.labelSelector),
    topologyKey: term?.topologyKey ?? '',
  };
}

function weighted(namespace: string, terms: any[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...compileTerm(namespace, t?.podAffinityTerm), weight: Number(t?.weight ?? 0) }));
}

/** Whether a term selects a pod: its namespace is listed or selected, and its labels match. */
export function termMatches(term: AffinityTerm, pod: PodInfo, namespaceLabels: (ns: string) => Labels): boolean {
  const inNamespace =
    term.namespaces.has(pod.namespace) || (term.namespaceSelector !== NOTHING && term.namespaceSelector.matches(namespaceLabels(pod.namespace)));
  return inNamespace && term.selector.matches(pod.labels);
}

/** Host ports of the containers and of restartable (sidecar) init containers. */
function hostPorts(spec: any): HostPort[] {
  const out: HostPort[] = [];
  const containers = [...(spec?.initContainers ?? []).filter((c: any) => c?.restartPolicy === 'Always'), ...(spec?.containers ?? [])];
  for (const c of containers) {
    for (const p of c?.ports ?? []) {
      const port = Number(p?.hostPort ?? 0);
      if (port > 0) {
        out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port });
      }
    }
  }
  return out;
}

/** Precomputes a pod's requests, host ports and affinity terms. */
export function newPodInfo(pod: KubeObject): PodInfo {
  const spec = pod.spec ?? {};
  const namespace = pod.metadata.namespace ?? '';
  const podAffinity = spec.affinity?.podAffinity;
  const podAntiAffinity = spec.affinity?.podAntiAffinity;
  const requiredAnti: any[] = podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return {
    pod,
    key: podKey(pod),
    namespace,
    name: pod.metadata.name ?? '',
    labels: pod.metadata.labels ?? {},
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    requests: podRequests(spec),
    hostPorts: hostPorts(spec),
    requiredAffinityTerms: (podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => compileTerm(namespace, t)),
    requiredAntiAffinityTerms: requiredAnti.map((t: any) => compileTerm(namespace, t)),
    preferredAffinityTerms: weighted(namespace, podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(namespace, podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    hasAffinity: Boolean(podAffinity || podAntiAffinity),
    hasRequiredAntiAffinity: requiredAnti.length > 0,
    terminating: Boolean(pod.metadata.deletionTimestamp),
  };
}
