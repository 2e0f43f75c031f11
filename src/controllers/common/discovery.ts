import type { KubeClient } from 'src/controllers/runtime/kube-client';

/** One served resource as discovery lists it (subresources left out). */
export interface ApiResource {
  /** API group, '' for the core group. */
  group: string;
  version: string;
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  /** The plural name used in URLs, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** metav1.APIResourceList as /api/v1 and /apis/<group>/<version> answer. */
export interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[]; group?: string; version?: string }[];
}

/** What one discovery round found. */
export interface DiscoveryResult {
  /** Every resource of every served group version. */
  all: ApiResource[];
  /** One version of each resource: the group's preferred version first (ServerPreferredResources). */
  preferred: ApiResource[];
  /** Group versions whose resource list could not be read, with the reason. */
  failed: Map<string, string>;
  /** Group version strings that do not parse (more than one `/`). */
  unparsable: string[];
}

/** A group version as `schema.ParseGroupVersion` reads it, or undefined when it does not parse. */
export function parseGroupVersion(gv: string): { group: string; version: string } | undefined {
  if (gv === '' || gv === '/') {
    return { group: '', version: '' };
  }
  const parts = gv.split('/');
  if (parts.length === 1) {
    return { group: '', version: parts[0] };
  }
  return parts.length === 2 ? { group: parts[0], version: parts[1] } : undefined;
}

/**
 * Flattens resource lists (ordered with each group's preferred version first) into the resource
 * set and the preferred set: a resource appears in `preferred` once, from the first version that
 * serves it.
 * Semantics: k8s.io/client-go discovery ServerPreferredResources.
 */
export function flattenResourceLists(lists: ApiResourceList[]): Pick<DiscoveryResult, 'all' | 'preferred' | 'unparsable'> {
  const all: ApiResource[] = [];
  const preferred: ApiResource[] = [];
  const unparsable: string[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    const gv = parseGroupVersion(list.groupVersion);
    if (!gv) {
      unparsable.push(list.groupVersion);
      continue;
    }
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) {
        continue;
      }
      const res: ApiResource = {
        group: gv.group,
        version: gv.version,
        apiVersion: list.groupVersion,
        resource: r.name,
        kind: r.kind,
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
      };
      all.push(res);
      const key = `${gv.group}/${r.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        preferred.push(res);
      }
    }
  }
  return { all, preferred, unparsable };
}

/** Whether a resource supports every one of the verbs. */
export function supportsVerbs(r: ApiResource, verbs: string[]): boolean {
  return verbs.every((v) => r.verbs.includes(v));
}

/** The collection path of a resource, cluster-wide or in one namespace. */
export function collectionPath(r: ApiResource, namespace?: string): string {
  const base = r.group ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : `${base}/${r.resource}`;
}

/**
 * Reads /api and /apis and every group version's resource list (in parallel). A group version
 * that fails is reported in `failed` and the rest is still returned; failing to read /api or
 * /apis at all rejects.
 */
export async function discoverResources(client: KubeClient): Promise<DiscoveryResult> {
  const [core, groups] = await Promise.all([
    client.get<{ versions?: string[] }>('/api'),
    client.get<{ groups?: { name: string; versions: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }[] }>('/apis'),
  ]);
  const paths: { gv: string; path: string }[] = (core.versions ?? []).map((v) => ({ gv: v, path: `/api/${v}` }));
  for (const g of groups.groups ?? []) {
    const pref = g.preferredVersion?.groupVersion;
    const ordered = [...g.versions.filter((v) => v.groupVersion === pref), ...g.versions.filter((v) => v.groupVersion !== pref)];
    paths.push(...ordered.map((v) => ({ gv: v.groupVersion, path: `/apis/${v.groupVersion}` })));
  }
  const failed = new Map<string, string>();
  const lists = await Promise.all(
    paths.map(({ gv, path }) =>
      client.get<ApiResourceList>(path).catch((err: unknown) => {
        failed.set(gv, err instanceof Error ? err.message : String(err));
        return undefined;
      }),
    ),
  );
  const ok = lists.map((l, i) => (l ? { ...l, groupVersion: l.groupVersion ?? paths[i].gv } : undefined)).filter((l): l is ApiResourceList => !!l);
  return { ...flattenResourceLists(ok), failed };
}

/**
 * The message client-go's ErrGroupDiscoveryFailed prints for failed group versions.
 * Semantics: k8s.io/client-go discovery ErrGroupDiscoveryFailed.Error.
 */
export function groupDiscoveryFailedMessage(failed: Map<string, string>): string {
  const groups = [...failed].map(([gv, err]) => `${gv}: ${err}`).sort();
  return `unable to retrieve the complete list of server APIs: ${groups.join(', ')}`;
}

/** Maps apiVersion + kind to the served resource (every discovered version), as a RESTMapper does. */
export class RestMapper {
  private readonly byKind = new Map<string, ApiResource>();

  constructor(resources: ApiResource[]) {
    for (const r of resources) {
      const key = `${r.apiVersion}|${r.kind}`;
      if (!this.byKind.has(key)) {
        this.byKind.set(key, r);
      }
    }
  }

  /** The resource serving `kind` in `apiVersion`, if any. */
  resourceFor(apiVersion: string, kind: string): ApiResource | undefined {
    return this.byKind.get(`${apiVersion}|${kind}`);
  }
}
