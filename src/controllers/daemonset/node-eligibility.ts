import type { KubeObject } from 'src/registry/generic/object';
import type { Taint } from 'src/controllers/common/nodes';
import { doNotSchedule, firstUntolerated, type Toleration } from 'src/controllers/common/tolerations';

// Semantics: kubernetes pkg/controller/daemon/daemon_controller.go (NodeShouldRunDaemonPod,
// predicates, NewPod), pkg/controller/daemon/util/daemonset_util.go (AddOrUpdateDaemonPodTolerations,
// ReplaceDaemonSetPodNodeNameNodeAffinity, GetTargetNodeName), component-helpers
// scheduling/corev1/nodeaffinity (required node affinity).

/** The field selector key daemon pods are pinned with. */
export const NODE_NAME_FIELD = 'metadata.name';

/** Adds a toleration unless an equal one (key, operator, value, effect) exists (AddOrUpdateTolerationInPodSpec). */
function addToleration(spec: Record<string, any>, t: Toleration): void {
  const list: Toleration[] = (spec.tolerations ??= []);
  const same = (x: Toleration) =>
    (x.key ?? '') === (t.key ?? '') &&
    (x.operator || 'Equal') === (t.operator || 'Equal') &&
    (x.value ?? '') === (t.value ?? '') &&
    (x.effect ?? '') === (t.effect ?? '');
  const i = list.findIndex(same);
  if (i >= 0) {
    list[i] = t;
  } else {
    list.push(t);
  }
}

/** Adds the tolerations every daemon pod gets: node problems must not evict or block it (AddOrUpdateDaemonPodTolerations). */
export function addDaemonPodTolerations(spec: Record<string, any>): void {
  addToleration(spec, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  addToleration(spec, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
  addToleration(spec, { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addToleration(spec, { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addToleration(spec, { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addToleration(spec, { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) {
    addToleration(spec, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  }
}

type Requirement = { key: string; operator: string; values?: string[] };

function matchesExpression(r: Requirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) {
        return false;
      }
      return r.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** Whether a node selector term matches: expressions over labels and fields over metadata.name, all of them; an empty term matches nothing. */
function termMatches(term: Record<string, any>, node: KubeObject): boolean {
  const exprs: Requirement[] = term.matchExpressions ?? [];
  const fields: Requirement[] = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) {
    return false;
  }
  const labels = node.metadata.labels ?? {};
  return (
    exprs.every((r) => matchesExpression(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) => r.key === NODE_NAME_FIELD && (r.operator === 'In' || r.operator === 'NotIn') && matchesExpression(r, node.metadata.name))
  );
}

/** Whether the pod's nodeSelector and required node affinity (terms ORed) accept the node (GetRequiredNodeAffinity.Match). */
export function requiredNodeAffinityMatches(podSpec: Record<string, any>, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) {
      return false;
    }
  }
  const required = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) {
    return true;
  }
  return (required.nodeSelectorTerms ?? []).some((t: Record<string, any>) => termMatches(t, node));
}

/** The tolerations of the DaemonSet's pods (template plus daemon tolerations), memoized per cached object. */
const tolerationsOf = new WeakMap<KubeObject, Toleration[]>();

/** The tolerations a daemon pod of `ds` carries (NewPod's AddOrUpdateDaemonPodTolerations). */
export function daemonPodTolerations(ds: KubeObject): Toleration[] {
  let t = tolerationsOf.get(ds);
  if (!t) {
    const spec = ds.spec?.template?.spec ?? {};
    const shaped: Record<string, any> = { tolerations: [...(spec.tolerations ?? [])], hostNetwork: spec.hostNetwork };
    addDaemonPodTolerations(shaped);
    tolerationsOf.set(ds, (t = shaped.tolerations as Toleration[]));
  }
  return t;
}

/**
 * Whether the DaemonSet should run a pod on the node (nodeName, node affinity and NoSchedule/
 * NoExecute taints all fit), and whether an existing pod may keep running (only an untolerated
 * NoExecute taint evicts it). Resources are the scheduler's business. Semantics: NodeShouldRunDaemonPod.
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const templateNode = ds.spec?.template?.spec?.nodeName;
  if (templateNode && templateNode !== node.metadata.name) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  if (!requiredNodeAffinityMatches(ds.spec?.template?.spec ?? {}, node)) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const taints: Taint[] = node.spec?.taints ?? [];
  const tolerations = daemonPodTolerations(ds);
  if (firstUntolerated(taints, tolerations, doNotSchedule)) {
    return { shouldRun: false, shouldContinueRunning: !firstUntolerated(taints, tolerations, (t) => t.effect === 'NoExecute') };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** Pins a pod to one node: its required node affinity becomes `metadata.name In [node]` (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(spec: Record<string, any>, nodeName: string): void {
  const term = { matchFields: [{ key: NODE_NAME_FIELD, operator: 'In', values: [nodeName] }] };
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    ...(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}),
    nodeSelectorTerms: [term],
  };
}

/** The node a daemon pod runs on or is pinned to, if any (GetTargetNodeName). */
export function targetNodeName(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) {
    return pod.spec.nodeName;
  }
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === NODE_NAME_FIELD && f.operator === 'In') {
        return f.values?.length === 1 ? f.values[0] : undefined;
      }
    }
  }
  return undefined;
}
