import { createHash } from 'node:crypto';

import { servedGroups, type DiscoverySource, type ServedGroup } from 'src/apiserver/discovery/groups';
import { ALL_VERBS, type RegisteredResource } from 'src/registry/generic/resource';

// Semantics: k8s.io/apiserver pkg/endpoints/discovery/{legacy,root,group,version,util,storageversionhash}.go,
// pkg/endpoints/installer.go (registerResourceHandlers) and kube-aggregator pkg/apiserver/handler_apis.go.
// Key order follows the Go structs' field order, which is what encoding/json writes.

/** metav1.GroupVersionForDiscovery. */
export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** metav1.APIGroup as served inside /apis and at /apis/<group>. */
export interface APIGroup {
  kind?: 'APIGroup';
  apiVersion?: 'v1';
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

/** metav1.APIVersions served at /api. */
export interface APIVersions {
  kind: 'APIVersions';
  versions: string[];
  serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[];
}

/** metav1.APIGroupList served at /apis. */
export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

/** metav1.APIResource, one entry of an APIResourceList (resources and `plural/subresource` entries). */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/** metav1.APIResourceList; `apiVersion` is absent for /api/v1 as upstream strips it there. */
export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion?: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

/** Storage kinds that differ from the served kind (upstream's cohabiting resources). */
const STORAGE_KIND: Readonly<Record<string, { group: string; version: string; kind: string }>> = {
  'events.events.k8s.io': { group: '', version: 'v1', kind: 'Event' },
};

/**
 * The hash kube-apiserver advertises for a storage version: base64 of the first 8 bytes of
 * sha256(`group/version/kind`).
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** `GET /api`: APIVersions with the address clients should use (host:port), apiVersion stripped as upstream does. */
export function apiVersions(source: DiscoverySource, serverAddress: string): APIVersions {
  const core = servedGroups(source).find((g) => g.name === '');
  return {
    kind: 'APIVersions',
    versions: core ? core.versions.map((v) => v.version) : ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group, highest priority first (the aggregator's APIGroupList). */
export function apiGroupList(source: DiscoverySource): APIGroupList {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups(source)
      .filter((g) => g.name !== '')
      .map(groupEntry),
  };
}

/** `GET /apis/<group>`: the group with its versions, or undefined when the group is not served (404). */
export function apiGroup(source: DiscoverySource, group: string): APIGroup | undefined {
  const served = group === '' ? undefined : servedGroups(source).find((g) => g.name === group);
  return served ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(served) } : undefined;
}

function groupEntry(g: ServedGroup): APIGroup {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v.version}`, version: v.version }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/**
 * `GET /api/v1` or `GET /apis/<group>/<version>`: the resources and subresources served there,
 * or undefined when that group-version is not served (404).
 */
export function apiResourceList(source: DiscoverySource, group: string, version: string): APIResourceList | undefined {
  const served = servedGroups(source)
    .find((g) => g.name === group)
    ?.versions.find((v) => v.version === version);
  if (!served) {
    return undefined;
  }
  const resources = apiResources(served.resources);
  return group === ''
    ? { kind: 'APIResourceList', groupVersion: version, resources }
    : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources };
}

/**
 * The APIResource entries of one group-version, sorted by path as the installer registers them
 * (`deployments`, `deployments/scale`, `deployments/status`, `pods`, ...).
 */
export function apiResources(resources: readonly RegisteredResource[]): APIResource[] {
  const out: APIResource[] = [];
  for (const r of resources) {
    out.push(mainEntry(r));
    for (const sub of r.subresources ?? []) {
      // group/version appear only when the subresource serves another group-version's kind
      // (a GroupVersionKindProvider upstream: scale, eviction, token).
      const otherGroupVersion = sub.kind && (sub.kind.group !== r.group || sub.kind.version !== r.version);
      out.push({
        name: `${r.plural}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(otherGroupVersion ? { group: sub.kind!.group, version: sub.kind!.version } : {}),
        kind: sub.kind?.kind ?? r.kind,
        verbs: sortedVerbs(sub.verbs),
      });
    }
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

function mainEntry(r: RegisteredResource): APIResource {
  const verbs = sortedVerbs(r.verbs ?? ALL_VERBS);
  const entry: APIResource = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs };
  if (r.shortNames?.length) {
    entry.shortNames = [...r.shortNames];
  }
  if (r.categories?.length) {
    entry.categories = [...r.categories];
  }
  // Only persisted resources have a storage version; every persisted resource can be watched,
  // while virtual ones (reviews, bindings, componentstatuses) cannot.
  if (verbs.includes('watch')) {
    const s = STORAGE_KIND[r.groupResource] ?? r;
    entry.storageVersionHash = storageVersionHash(s.group, s.version, s.kind);
  }
  return entry;
}

/** Verbs de-duplicated and sorted, as the installer's sort.Strings leaves them. */
export function sortedVerbs(verbs: readonly string[]): string[] {
  return [...new Set(verbs)].sort();
}
