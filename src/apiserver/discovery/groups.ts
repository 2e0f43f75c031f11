import type { Registry } from 'src/registry/registry';
import type { RegisteredResource } from 'src/registry/generic/resource';

// Semantics: kube-apiserver cmd/kube-apiserver/app/aggregator.go apiVersionPriorities,
// pkg/controlplane/apiserver/aggregator.go DefaultGenericAPIServicePriorities, and the ordering in
// kube-aggregator (apiregistration/v1/helper SortedByGroupAndVersion) and
// apiserver endpoints/discovery/aggregated/handler.go calculateAPIGroupsLocked.

/** What discovery is computed from: the registry, or a plain list of registered resources. */
export type DiscoverySource = Registry | readonly RegisteredResource[];

/** One served API group with its versions, preferred version first, and each version's resources. */
export interface ServedGroup {
  name: string;
  versions: { version: string; resources: RegisteredResource[] }[];
}

/**
 * GroupPriorityMinimum of the built-in groups: groups are listed highest first, so kubectl
 * resolves ambiguous short names and prints `api-resources` in kube-apiserver's order.
 */
const GROUP_PRIORITY: Readonly<Record<string, number>> = {
  '': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'resource.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
  'internal.apiserver.k8s.io': 16000,
  'storagemigration.k8s.io': 15800,
};

/** The priority a group without an entry gets: what kube-aggregator gives CRD groups. */
const DEFAULT_GROUP_PRIORITY = 1000;

/** The resources of a discovery source. */
export function resourcesOf(source: DiscoverySource): readonly RegisteredResource[] {
  return Array.isArray(source) ? (source as readonly RegisteredResource[]) : (source as Registry).resources;
}

/**
 * Groups the served resources by group and version: groups by descending priority then name
 * (the core group first), versions by kube-aware order (v2 > v1 > v1beta2 > v1alpha1).
 */
export function servedGroups(source: DiscoverySource): ServedGroup[] {
  const byGroup = new Map<string, Map<string, RegisteredResource[]>>();
  for (const r of resourcesOf(source)) {
    const versions = byGroup.get(r.group) ?? new Map<string, RegisteredResource[]>();
    byGroup.set(r.group, versions);
    versions.set(r.version, [...(versions.get(r.version) ?? []), r]);
  }
  const groups = [...byGroup.entries()].map(([name, versions]) => ({
    name,
    versions: [...versions.entries()]
      .map(([version, resources]) => ({ version, resources }))
      .sort((a, b) => compareKubeAwareVersions(b.version, a.version)),
  }));
  return groups.sort((a, b) => {
    const pa = GROUP_PRIORITY[a.name] ?? DEFAULT_GROUP_PRIORITY;
    const pb = GROUP_PRIORITY[b.name] ?? DEFAULT_GROUP_PRIORITY;
    return pa !== pb ? pb - pa : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Compares two kube-like version strings: positive when `a` ranks higher. GA > beta > alpha, then
 * major, then minor; versions that are not kube-like rank lowest, ordered by reverse string.
 * Semantics: k8s.io/apimachinery/pkg/version/helpers.go CompareKubeAwareVersionStrings.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) {
    if (!ma && !mb) {
      return b < a ? -1 : b > a ? 1 : 0;
    }
    return ma ? 1 : -1;
  }
  const stability = (m: RegExpExecArray) => (m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2);
  if (stability(ma) !== stability(mb)) {
    return stability(ma) - stability(mb);
  }
  if (ma[1] !== mb[1]) {
    return Number(ma[1]) - Number(mb[1]);
  }
  return Number(ma[3] ?? 0) - Number(mb[3] ?? 0);
}
