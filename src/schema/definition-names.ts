import type { ApiOperation, ModelClass } from 'src/schema/client-node-source';

// client-node names its classes `V1DeploymentSpec` (or `CoreV1EventSeries` when two groups share
// a type name); upstream's OpenAPI names them after the Go package, `io.k8s.api.apps.v1.DeploymentSpec`.
// The package of a top-level kind follows from the API path that serves it; a nested type lives
// in the package of the first kind that reaches it, core first, except the apimachinery types
// below and the few core types only non-core kinds use.

/** A group-version-kind as discovery and `x-kubernetes-group-version-kind` spell it. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Types of k8s.io/apimachinery/pkg/apis/meta/v1 that client-node models. */
const META_V1 = new Set([
  'APIGroup',
  'APIGroupList',
  'APIResource',
  'APIResourceList',
  'APIVersions',
  'Condition',
  'DeleteOptions',
  'FieldSelectorRequirement',
  'GroupVersionForDiscovery',
  'LabelSelector',
  'LabelSelectorRequirement',
  'ListMeta',
  'ManagedFieldsEntry',
  'ObjectMeta',
  'OwnerReference',
  'Preconditions',
  'ServerAddressByClientCIDR',
  'Status',
  'StatusCause',
  'StatusDetails',
  'WatchEvent',
]);

/** Core types that no core kind references, so the walk below would file them elsewhere. */
const CORE_ONLY_USED_ELSEWHERE = new Set(['TopologySelectorLabelRequirement', 'TopologySelectorTerm']);

/** Go package prefixes of the groups whose package is not `io.k8s.api.<first label of the group>`. */
const PACKAGE_BY_GROUP: Record<string, string> = {
  '': 'io.k8s.api.core',
  'internal.apiserver.k8s.io': 'io.k8s.api.apiserverinternal',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

/** The OpenAPI package (definition-name prefix) of a group-version, e.g. `io.k8s.api.apps.v1`. */
export function packageOf(group: string, version: string): string {
  return `${PACKAGE_BY_GROUP[group] ?? `io.k8s.api.${group.split('.')[0]}`}.${version}`;
}

/** client-node's class-name prefix for a group: `Core`, `Apps`, `Rbac`, `Flowcontrol` ... */
export function classPrefixOf(group: string): string {
  const label = group === '' ? 'core' : group.split('.')[0];
  return label[0].toUpperCase() + label.slice(1);
}

/** `CoreV1EventSeries` → prefix `Core`, version `v1`, type `EventSeries`. */
function parseClassName(className: string): { prefix?: string; version: string; type: string } | undefined {
  const m = /^([A-Z][a-z]+)?V(\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(className);
  return m ? { prefix: m[1], version: `v${m[2]}`, type: m[3] } : undefined;
}

/** The group-version a REST path belongs to (`/api/v1/...` or `/apis/<group>/<version>/...`). */
function groupVersionOfPath(p: string): { group: string; version: string } | undefined {
  const parts = p.split('/');
  if (parts[1] === 'api' && parts[2]) {
    return { group: '', version: parts[2] };
  }
  return parts[1] === 'apis' && parts[3] ? { group: parts[2], version: parts[3] } : undefined;
}

/** Model class names referenced by an attribute type such as `Array<V1Container>`. */
export function referencedClasses(models: ReadonlyMap<string, ModelClass>, type: string): string[] {
  return (type.match(/\w+/g) ?? []).filter((t) => models.has(t));
}

/** The client-node class of a kind, if client-node models it. */
export function classOfKind(models: ReadonlyMap<string, ModelClass>, gvk: GroupVersionKind): string | undefined {
  const v = `V${gvk.version.slice(1)}`;
  return [`${classPrefixOf(gvk.group)}${v}${gvk.kind}`, `${v}${gvk.kind}`].find((c) => models.has(c));
}

/** Kinds (with their group-version) that client-node's API classes list or create at a collection path. */
function kindsFromOperations(models: ReadonlyMap<string, ModelClass>, ops: readonly ApiOperation[]): { className: string; group: string; version: string }[] {
  const out: { className: string; group: string; version: string }[] = [];
  for (const op of ops) {
    const gv = groupVersionOfPath(op.path);
    if (!gv) {
      continue;
    }
    const listItems = op.returnType?.endsWith('List') ? models.get(op.returnType)?.attributes.find((a) => a.baseName === 'items') : undefined;
    const listed = listItems && /^Array<(\w+)>$/.exec(listItems.type)?.[1];
    if (listed && models.has(listed)) {
      out.push({ className: listed, ...gv }, { className: op.returnType!, ...gv });
    }
    const created = op.httpMethod === 'POST' && !op.path.includes('{name}') ? op.bodyType : undefined;
    if (created && models.get(created)?.attributes.some((a) => a.baseName === 'kind')) {
      out.push({ className: created, ...gv });
    }
  }
  return out;
}

/** Sort key that puts the core group first, then groups and versions alphabetically. */
function seedOrder(a: { group: string; version: string; className: string }, b: { group: string; version: string; className: string }): number {
  const ka = `${a.group === '' ? '' : `~${a.group}`}/${a.version}/${a.className}`;
  const kb = `${b.group === '' ? '' : `~${b.group}`}/${b.version}/${b.className}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Maps every client-node model class to its upstream definition name. `extraKinds` are kinds the
 * API classes do not list or create at a collection (subresource kinds such as autoscaling/v1
 * Scale or policy/v1 Eviction); the registry supplies them.
 */
export function assignDefinitionNames(
  models: ReadonlyMap<string, ModelClass>,
  ops: readonly ApiOperation[],
  extraKinds: readonly GroupVersionKind[] = [],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const className of models.keys()) {
    const parsed = parseClassName(className);
    if (!parsed) {
      continue;
    }
    if (parsed.prefix) {
      const group =
        parsed.prefix === 'Core' ? '' : (Object.keys(PACKAGE_BY_GROUP).find((g) => g && classPrefixOf(g) === parsed.prefix) ?? parsed.prefix.toLowerCase());
      names.set(className, `${packageOf(group, parsed.version)}.${parsed.type}`);
    } else if (parsed.version === 'v1' && META_V1.has(parsed.type)) {
      names.set(className, `io.k8s.apimachinery.pkg.apis.meta.v1.${parsed.type}`);
    } else if (parsed.version === 'v1' && CORE_ONLY_USED_ELSEWHERE.has(parsed.type)) {
      names.set(className, `io.k8s.api.core.v1.${parsed.type}`);
    }
  }
  if (models.has('VersionInfo')) {
    names.set('VersionInfo', 'io.k8s.apimachinery.pkg.version.Info');
  }
  const seeds = kindsFromOperations(models, ops);
  for (const gvk of extraKinds) {
    const className = classOfKind(models, gvk);
    if (className) {
      seeds.push({ className, group: gvk.group, version: gvk.version });
    }
  }
  seeds.sort(seedOrder);
  const visited = new Set<string>();
  const visit = (className: string, pkg: string): void => {
    const parsed = parseClassName(className);
    if (visited.has(className) || !parsed) {
      return;
    }
    visited.add(className);
    if (!names.has(className)) {
      names.set(className, `${pkg}.${parsed.type}`);
    }
    const own = names.get(className)!;
    for (const a of models.get(className)?.attributes ?? []) {
      referencedClasses(models, a.type).forEach((c) => visit(c, own.slice(0, own.lastIndexOf('.'))));
    }
  };
  for (const seed of seeds) {
    visit(seed.className, packageOf(seed.group, seed.version));
  }
  // Types named from their class alone (CoreV1Event, meta types) pass their package on too.
  for (const className of [...names.keys()].sort()) {
    visit(className, '');
  }
  // Classes no kind reaches (models of removed APIs that client-node still ships) stay unnamed.
  return names;
}
