import type { Taint } from 'src/controllers/common/nodes';

// Toleration matching, shared by the scheduler, the DaemonSet controller and taint eviction.
// Semantics: k8s.io/api core/v1 toleration.go ToleratesTaint and component-helpers
// scheduling/corev1 helpers.go TolerationsTolerateTaint / FindMatchingUntoleratedTaint.

/** A pod toleration (core/v1 Toleration) as JSON. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

/** Whether one toleration tolerates a taint: effect and key match (empty = any), then Equal (the default) or Exists. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) {
    return false;
  }
  if (t.key && t.key !== taint.key) {
    return false;
  }
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerate(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint passing `relevant` that no toleration tolerates, or undefined. */
export function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, relevant: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => relevant(taint) && !tolerationsTolerate(tolerations, taint));
}

/** NoSchedule and NoExecute taints: the ones that keep pods off a node. */
export const doNotSchedule = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
