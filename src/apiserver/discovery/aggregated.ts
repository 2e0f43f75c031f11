import { createHash } from 'node:crypto';

import { servedGroups, type DiscoverySource } from 'src/apiserver/discovery/groups';
import { apiResources, type APIResource } from 'src/apiserver/discovery/legacy';

// Semantics: k8s.io/apiserver pkg/endpoints/installer.go ConvertGroupVersionIntoToDiscovery,
// pkg/endpoints/discovery/aggregated/{handler,etag}.go; types from k8s.io/api apidiscovery/v2
// (v2beta1 has the same shape). Key order follows the Go structs.

/** The aggregated discovery versions a client can ask for. */
export type AggregatedVersion = 'v2' | 'v2beta1';

/** metav1.GroupVersionKind as written in responseKind (all three keys always present). */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** apidiscovery APISubresourceDiscovery. */
export interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}

/** apidiscovery APIResourceDiscovery. */
export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

/** apidiscovery APIGroupDiscovery: `metadata.name` is the group, omitted for the core group. */
export interface APIGroupDiscovery {
  metadata: { name?: string };
  versions: { version: string; resources?: APIResourceDiscovery[]; freshness: 'Current' }[];
}

/** apidiscovery APIGroupDiscoveryList, the body of an aggregated `/api` or `/apis` answer. */
export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: `apidiscovery.k8s.io/${AggregatedVersion}`;
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

/**
 * The aggregated document for `/api` (root `api`: the core group only) or `/apis` (every named
 * group, highest priority first), in apidiscovery.k8s.io/v2 or v2beta1.
 */
export function aggregatedDiscovery(source: DiscoverySource, root: 'api' | 'apis', version: AggregatedVersion = 'v2'): APIGroupDiscoveryList {
  const items = servedGroups(source)
    .filter((g) => (root === 'api') === (g.name === ''))
    .map(
      (g): APIGroupDiscovery => ({
        metadata: g.name ? { name: g.name } : {},
        versions: g.versions.map((v) => {
          const resources = toDiscovery(apiResources(v.resources));
          return { version: v.version, ...(resources.length ? { resources } : {}), freshness: 'Current' as const };
        }),
      }),
    );
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/**
 * The ETag value (quoted) kube-apiserver sends with aggregated discovery: upper-case hex of the
 * SHA-512 of the list's JSON without kind/apiVersion. Send it with `Vary: Accept` and
 * `Cache-Control: public`, and answer 304 when If-None-Match equals it.
 */
export function discoveryETag(list: APIGroupDiscoveryList): string {
  const json = JSON.stringify({ metadata: list.metadata, items: list.items });
  return `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`;
}

/**
 * Folds legacy entries into aggregated ones: resources first, then each `plural/sub` entry under
 * its parent. responseKind carries the entry's own group/version, which upstream leaves empty
 * unless the kind lives in another group-version (Scale, Eviction, TokenRequest).
 */
function toDiscovery(entries: readonly APIResource[]): APIResourceDiscovery[] {
  const out: APIResourceDiscovery[] = [];
  const parents = new Map<string, APIResourceDiscovery>();
  for (const e of entries.filter((x) => !x.name.includes('/'))) {
    const d: APIResourceDiscovery = {
      resource: e.name,
      responseKind: gvk(e),
      scope: e.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: e.singularName,
      verbs: e.verbs,
      ...(e.shortNames ? { shortNames: e.shortNames } : {}),
      ...(e.categories ? { categories: e.categories } : {}),
    };
    out.push(d);
    parents.set(e.name, d);
  }
  for (const e of entries.filter((x) => x.name.includes('/'))) {
    const [parent, sub] = [e.name.slice(0, e.name.indexOf('/')), e.name.slice(e.name.indexOf('/') + 1)];
    const p = parents.get(parent);
    if (p) {
      p.subresources = [...(p.subresources ?? []), { subresource: sub, responseKind: gvk(e), verbs: e.verbs }];
    }
  }
  return out;
}

function gvk(e: APIResource): GroupVersionKind {
  return { group: e.group ?? '', version: e.version ?? '', kind: e.kind };
}
