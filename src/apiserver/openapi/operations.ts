import type { Parameter, ParameterDocs } from 'src/apiserver/openapi/parameters';
import { ALL_VERBS, type RegisteredResource, type SubresourceDefinition, type Verb } from 'src/registry/generic/resource';
import type { ApiOperation } from 'src/schema/client-node-source';
import type { GroupVersionKind } from 'src/schema/definition-names';
import { PATCH } from 'src/schema/named-scalars';

// The operations of every served path, in a form both the v2 and the v3 writer use. Names,
// descriptions and the set of paths follow kube-apiserver's installer.
// Semantics: k8s.io/apiserver pkg/endpoints/installer.go (registerResourceHandlers: paths,
// operation ids, x-kubernetes-action, descriptions) and pkg/endpoints/openapi.

/** What an operation sends or returns. */
export type Payload = { definition: string } | { text: true };

/** One HTTP operation of a path. */
export interface OperationSpec {
  path: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  operationId: string;
  description: string;
  /** `x-kubernetes-action` (absent on the group-version's resource list). */
  action?: string;
  /** `x-kubernetes-group-version-kind` (absent on the group-version's resource list). */
  gvk?: GroupVersionKind;
  tag: string;
  /** Path parameters and `pretty`, shared by every operation of the path. */
  pathParameters: Parameter[];
  query: Parameter[];
  /** Request body: a definition, or a patch (any of the patch content types). */
  body?: { definition: string; patch?: boolean };
  /** Status code → payload. */
  responses: Record<string, Payload>;
  /** Response content types. */
  produces: string[];
}

/** What building operations needs besides the resource. */
export interface OperationContext {
  /** Definition name of a kind, if modelled. */
  definitionOf(gvk: GroupVersionKind): string | undefined;
  docs: ParameterDocs;
  /** client-node's operations, for the query parameters of connect and log subresources. */
  clientOperations: readonly ApiOperation[];
}

/** Definitions the operations refer to besides the kinds. */
export const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
/** metav1.Status. */
export const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
/** metav1.WatchEvent. */
export const WATCH_EVENT = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const STREAM_TYPES = [...OBJECT_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `Core`, `Apps`, `RbacAuthorization`, `FlowcontrolApiserver`: the group as operation ids spell it. */
export function operationGroup(group: string): string {
  return group === ''
    ? 'Core'
    : group
        .replace(/\.k8s\.io$/, '')
        .split('.')
        .map(capitalize)
        .join('');
}

/** `core_v1`, `apps_v1`, `rbacAuthorization_v1`: the tag of a group-version's operations. */
export function operationTag(group: string, version: string): string {
  const g = operationGroup(group);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** "a Pod", "an Event", "Endpoints": the article installer.go puts before a kind. */
function withArticle(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) {
    return kind;
  }
  return `${'AEIOU'.includes(kind.charAt(0)) ? 'an' : 'a'} ${kind}`;
}

const HTTP_METHOD: Record<Verb, OperationSpec['method'] | undefined> = {
  get: 'get',
  update: 'put',
  patch: 'patch',
  create: 'post',
  delete: 'delete',
  list: undefined,
  watch: undefined,
  deletecollection: undefined,
};

/** Builds the operations of one resource: collection, item, legacy watch paths and subresources. */
export function resourceOperations(r: RegisteredResource, ctx: OperationContext): OperationSpec[] {
  const verbs = new Set<Verb>(r.verbs ?? ALL_VERBS);
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const def = ctx.definitionOf(gvk);
  const listDef = ctx.definitionOf({ ...gvk, kind: r.listKind });
  // Create-only kinds (reviews) have no List type upstream either.
  const needsList = verbs.has('list') || verbs.has('watch') || verbs.has('deletecollection');
  if (!def || (needsList && !listDef)) {
    throw new Error(`no client-node model for ${r.apiVersion} ${r.kind}: the OpenAPI generator cannot describe ${r.groupResource}`);
  }
  const gv = groupVersionPath(r.group, r.version);
  const id = `${operationGroup(r.group)}${capitalize(r.version)}`;
  const ns = r.namespaced ? 'Namespaced' : '';
  const scope = r.namespaced ? `${gv}/namespaces/{namespace}` : gv;
  const collection = `${scope}/${r.plural}`;
  const item = `${collection}/{name}`;
  const tag = operationTag(r.group, r.version);
  const { docs } = ctx;
  const nsParams = r.namespaced ? [docs.path('namespace', r.kind)] : [];
  const itemParams = [docs.path('name', r.kind), ...nsParams, docs.pretty()];
  const collectionParams = [...nsParams, docs.pretty()];
  const op: Build = (o) => ({ tag, gvk, ...o, query: o.query ?? docs.query(o.action, o.method) });
  const ops: OperationSpec[] = [];
  const obj = { definition: def };
  const status = { definition: STATUS };
  const deleted = r.returnDeletedObject ? obj : status;
  const K = r.kind;

  if (verbs.has('list')) {
    const list = {
      path: collection,
      method: 'get' as const,
      action: 'list',
      description: `list or watch objects of kind ${K}`,
      responses: { '200': { definition: listDef! } },
      produces: STREAM_TYPES,
    };
    ops.push(op({ ...list, operationId: `list${id}${ns}${K}`, pathParameters: collectionParams }));
    if (r.namespaced) {
      ops.push(op({ ...list, path: `${gv}/${r.plural}`, operationId: `list${id}${K}ForAllNamespaces`, pathParameters: [docs.pretty()] }));
    }
  }
  if (verbs.has('create')) {
    const responses = { '200': obj, '201': obj, '202': obj };
    ops.push(
      op({
        path: collection,
        method: 'post',
        action: 'post',
        operationId: `create${id}${ns}${K}`,
        description: `create ${withArticle(K)}`,
        pathParameters: collectionParams,
        body: obj,
        responses,
        produces: OBJECT_TYPES,
      }),
    );
  }
  if (verbs.has('deletecollection')) {
    const o = {
      path: collection,
      method: 'delete' as const,
      action: 'deletecollection',
      operationId: `delete${id}Collection${ns}${K}`,
      description: `delete collection of ${K}`,
    };
    ops.push(op({ ...o, pathParameters: collectionParams, body: { definition: DELETE_OPTIONS }, responses: { '200': status }, produces: OBJECT_TYPES }));
  }
  if (verbs.has('get')) {
    ops.push(
      op({
        path: item,
        method: 'get',
        action: 'get',
        operationId: `read${id}${ns}${K}`,
        description: `read the specified ${K}`,
        pathParameters: itemParams,
        responses: { '200': obj },
        produces: OBJECT_TYPES,
      }),
    );
  }
  if (verbs.has('update')) {
    const o = { path: item, method: 'put' as const, action: 'put', operationId: `replace${id}${ns}${K}`, description: `replace the specified ${K}` };
    ops.push(op({ ...o, pathParameters: itemParams, body: obj, responses: { '200': obj, '201': obj }, produces: OBJECT_TYPES }));
  }
  if (verbs.has('delete')) {
    const o = { path: item, method: 'delete' as const, action: 'delete', operationId: `delete${id}${ns}${K}`, description: `delete ${withArticle(K)}` };
    ops.push(
      op({ ...o, pathParameters: itemParams, body: { definition: DELETE_OPTIONS }, responses: { '200': deleted, '202': deleted }, produces: OBJECT_TYPES }),
    );
  }
  if (verbs.has('patch')) {
    const o = { path: item, method: 'patch' as const, action: 'patch', operationId: `patch${id}${ns}${K}`, description: `partially update the specified ${K}` };
    ops.push(op({ ...o, pathParameters: itemParams, body: { definition: PATCH, patch: true }, responses: { '200': obj, '201': obj }, produces: OBJECT_TYPES }));
  }
  if (verbs.has('watch')) {
    ops.push(...legacyWatchOperations(r, { gv, id, ns, op, itemParams, collectionParams }));
  }
  for (const sub of r.subresources ?? []) {
    ops.push(...subresourceOperations(r, sub, ctx, { item, id, ns, op, itemParams, def }));
  }
  return ops;
}

/** Fills the tag, the resource's group-version-kind and the action's query parameters of an operation. */
type Build = (o: Omit<OperationSpec, 'tag' | 'gvk' | 'query' | 'action'> & { action: string; gvk?: GroupVersionKind; query?: Parameter[] }) => OperationSpec;

/** The deprecated /watch/ paths, which kube-apiserver still serves and documents. */
function legacyWatchOperations(
  r: RegisteredResource,
  b: { gv: string; id: string; ns: string; op: Build; itemParams: Parameter[]; collectionParams: Parameter[] },
): OperationSpec[] {
  const K = r.kind;
  const watchList = `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`;
  const watchOne = `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`;
  const base = { method: 'get' as const, responses: { '200': { definition: WATCH_EVENT } }, produces: STREAM_TYPES };
  const scope = r.namespaced ? `${b.gv}/watch/namespaces/{namespace}` : `${b.gv}/watch`;
  const ops = [
    b.op({
      ...base,
      path: `${scope}/${r.plural}`,
      action: 'watchlist',
      operationId: `watch${b.id}${b.ns}${K}List`,
      description: watchList,
      pathParameters: b.collectionParams,
    }),
    b.op({
      ...base,
      path: `${scope}/${r.plural}/{name}`,
      action: 'watch',
      operationId: `watch${b.id}${b.ns}${K}`,
      description: watchOne,
      pathParameters: b.itemParams,
    }),
  ];
  if (r.namespaced) {
    const o = { path: `${b.gv}/watch/${r.plural}`, action: 'watchlist', operationId: `watch${b.id}${K}ListForAllNamespaces`, description: watchList };
    ops.push(b.op({ ...base, ...o, pathParameters: b.collectionParams.filter((p) => p.name !== 'namespace') }));
  }
  return ops;
}

/** Query parameters client-node's operation at this path and method declares (connect and log options). */
function clientQuery(ctx: OperationContext, path: string, method: string): Parameter[] {
  const found = ctx.clientOperations.find((o) => o.path === path && o.httpMethod === method.toUpperCase());
  return (found?.params ?? []).filter((p) => p.in === 'query').map((p) => ({ ...p }));
}

/** Operations of one subresource: status-like (read/replace/patch), create-only (binding, eviction, token), log, or connect. */
function subresourceOperations(
  r: RegisteredResource,
  sub: SubresourceDefinition,
  ctx: OperationContext,
  b: { item: string; id: string; ns: string; op: Build; itemParams: Parameter[]; def: string },
): OperationSpec[] {
  const path = `${b.item}/${sub.name}`;
  const K = r.kind;
  const S = capitalize(sub.name);
  const parent = { group: r.group, version: r.version, kind: r.kind };
  const subDef = sub.kind ? ctx.definitionOf(sub.kind) : b.def;
  const ops: OperationSpec[] = [];
  if (sub.kind && !subDef) {
    // An options kind (PodExecOptions, PodProxyOptions ...): a connect subresource.
    const paths = sub.name === 'proxy' ? [path, `${path}/{path}`] : [path];
    for (const p of paths) {
      const withPath = p !== path ? 'WithPath' : '';
      const pathParameters = [
        ctx.docs.path('name', sub.kind.kind),
        ...b.itemParams.slice(1, -1),
        ...(withPath ? [{ ...ctx.docs.path('path', K), description: 'path to the resource' }] : []),
      ];
      for (const verb of sub.verbs) {
        const method = HTTP_METHOD[verb];
        if (!method) {
          continue;
        }
        const M = method.toUpperCase();
        ops.push(
          b.op({
            path: p,
            method,
            action: 'connect',
            gvk: sub.kind,
            operationId: `connect${b.id}${capitalize(method)}${b.ns}${K}${S}${withPath}`,
            description: `connect ${M} requests to ${sub.name} of ${K}`,
            pathParameters,
            query: clientQuery(ctx, p, method),
            responses: { '200': { text: true } },
            produces: ['*/*'],
          }),
        );
      }
    }
    return ops;
  }
  const gvk = sub.kind ?? parent;
  const payload = { definition: subDef! };
  if (sub.name === 'log') {
    const o = { path, method: 'get' as const, action: 'get', operationId: `read${b.id}${b.ns}${K}Log`, description: `read log of the specified ${K}` };
    return [
      b.op({
        ...o,
        gvk,
        pathParameters: b.itemParams,
        query: clientQuery(ctx, path, 'get'),
        responses: { '200': { text: true } },
        produces: ['text/plain', ...OBJECT_TYPES],
      }),
    ];
  }
  for (const verb of sub.verbs) {
    const common = { path, gvk, pathParameters: b.itemParams, produces: OBJECT_TYPES };
    switch (verb) {
      case 'get':
        ops.push(
          b.op({
            ...common,
            method: 'get',
            action: 'get',
            operationId: `read${b.id}${b.ns}${K}${S}`,
            description: `read ${sub.name} of the specified ${K}`,
            responses: { '200': payload },
          }),
        );
        break;
      case 'update':
        ops.push(
          b.op({
            ...common,
            method: 'put',
            action: 'put',
            operationId: `replace${b.id}${b.ns}${K}${S}`,
            description: `replace ${sub.name} of the specified ${K}`,
            body: payload,
            responses: { '200': payload, '201': payload },
          }),
        );
        break;
      case 'patch':
        ops.push(
          b.op({
            ...common,
            method: 'patch',
            action: 'patch',
            operationId: `patch${b.id}${b.ns}${K}${S}`,
            description: `partially update ${sub.name} of the specified ${K}`,
            body: { definition: PATCH, patch: true },
            responses: { '200': payload, '201': payload },
          }),
        );
        break;
      case 'create':
        ops.push(
          b.op({
            ...common,
            method: 'post',
            action: 'post',
            operationId: `create${b.id}${b.ns}${K}${S}`,
            description: `create ${sub.name} of ${withArticle(K)}`,
            pathParameters: [{ ...b.itemParams[0], description: `name of the ${gvk.kind}` }, ...b.itemParams.slice(1)],
            body: payload,
            responses: { '200': payload, '201': payload, '202': payload },
          }),
        );
        break;
      default:
        throw new Error(`${r.groupResource}/${sub.name}: the OpenAPI generator has no operation for verb ${verb}`);
    }
  }
  return ops;
}
