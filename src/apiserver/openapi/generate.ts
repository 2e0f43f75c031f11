import type { OpenAPIV2, OpenAPIV3 } from 'openapi-types';
import { KUBE_MAJOR, KUBE_MINOR } from 'src/apiserver/discovery/version';
import {
  DELETE_OPTIONS,
  groupVersionPath,
  operationGroup,
  operationTag,
  resourceOperations,
  STATUS,
  WATCH_EVENT,
  type OperationSpec,
} from 'src/apiserver/openapi/operations';
import { ParameterDocs } from 'src/apiserver/openapi/parameters';
import { definitionSchema, type Flavour } from 'src/apiserver/openapi/schemas';
import { operationV2, operationV3, parameterV2, parameterV3 } from 'src/apiserver/openapi/writers';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { readApiOperations } from 'src/schema/client-node-source';
import type { GroupVersionKind } from 'src/schema/definition-names';
import { readModels, type ModelSet } from 'src/schema/model-reader';
import type { TypeNode } from 'src/schema/type-node';

// Build time: registry + client-node models + the patch-metadata table → the OpenAPI documents
// committed under openapi/ (written by generate.main.ts, served by openapi-v3.ts).

/** Every document kubepg serves. */
export interface OpenApiDocuments {
  /** OpenAPI v3, one per group-version, keyed `api/v1`, `apis/apps/v1` ... */
  v3: Map<string, OpenAPIV3.Document>;
  /** Swagger 2.0, everything in one document. */
  v2: OpenAPIV2.Document;
}

const API_RESOURCE_LIST = 'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList';

/** The `x-kubernetes-group-version-kind` entries of every definition that is a kind. */
function kindsByDefinition(resources: readonly RegisteredResource[], models: ModelSet): Map<string, GroupVersionKind[]> {
  const out = new Map<string, GroupVersionKind[]>();
  const add = (gvk: GroupVersionKind): void => {
    const def = models.definitionOf(gvk);
    const list = def ? (out.get(def) ?? []) : [];
    if (def && !list.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) {
      out.set(def, [...list, gvk]);
    }
  };
  const groupVersions = new Map<string, { group: string; version: string }>();
  for (const r of resources) {
    add({ group: r.group, version: r.version, kind: r.kind });
    add({ group: r.group, version: r.version, kind: r.listKind });
    (r.subresources ?? []).forEach((s) => s.kind && add(s.kind));
    groupVersions.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  }
  // Every group-version registers DeleteOptions and WatchEvent; Status is core's.
  const gvs = [...groupVersions.values()].sort((a, b) => (`${a.group}/${a.version}` < `${b.group}/${b.version}` ? -1 : 1));
  out.set(
    DELETE_OPTIONS,
    gvs.map((gv) => ({ ...gv, kind: 'DeleteOptions' })),
  );
  out.set(
    WATCH_EVENT,
    gvs.map((gv) => ({ ...gv, kind: 'WatchEvent' })),
  );
  out.set(STATUS, [{ group: '', version: 'v1', kind: 'Status' }]);
  return out;
}

/** Definition names a node refers to, directly or through other definitions. */
function closure(roots: Iterable<string>, definitions: ReadonlyMap<string, TypeNode>): string[] {
  const seen = new Set<string>();
  const walk = (node: TypeNode): void => {
    switch (node.kind) {
      case 'ref':
        return visit(node.name);
      case 'list':
        return walk(node.items);
      case 'map':
        return walk(node.values);
      case 'object':
        return Object.values(node.fields).forEach(walk);
    }
  };
  const visit = (name: string): void => {
    if (seen.has(name)) {
      return;
    }
    const node = definitions.get(name);
    if (!node) {
      throw new Error(`OpenAPI generator: no definition ${name}`);
    }
    seen.add(name);
    walk(node);
  };
  [...roots].forEach(visit);
  return [...seen].sort();
}

/** Definitions the operations send or return. */
function operationRoots(ops: readonly OperationSpec[]): string[] {
  const out = new Set<string>([API_RESOURCE_LIST]);
  for (const op of ops) {
    if (op.body) {
      out.add(op.body.definition);
    }
    for (const payload of Object.values(op.responses)) {
      if ('definition' in payload) {
        out.add(payload.definition);
      }
    }
  }
  return [...out];
}

/** components.schemas / definitions for these names, kinds tagged with their group-version-kinds. */
function schemas(flavour: Flavour, names: readonly string[], models: ModelSet, kinds: ReadonlyMap<string, GroupVersionKind[]>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const name of names) {
    const schema = definitionSchema(flavour, models.definitions.get(name)!);
    const gvks = kinds.get(name);
    if (gvks) {
      schema['x-kubernetes-group-version-kind'] = gvks.map((k) => ({ group: k.group, kind: k.kind, version: k.version }));
    }
    out[name] = schema;
  }
  return out;
}

/** GET /<group-version>/: the APIResourceList of the group-version. */
function resourceListOperation(group: string, version: string): OperationSpec {
  return {
    path: `${groupVersionPath(group, version)}/`,
    method: 'get',
    operationId: `get${operationGroup(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}APIResources`,
    description: 'get available resources',
    tag: operationTag(group, version),
    pathParameters: [],
    query: [],
    responses: { '200': { definition: API_RESOURCE_LIST } },
    produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
  };
}

/** Path items of these operations, in either flavour. */
function paths(flavour: Flavour, ops: readonly OperationSpec[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const op of ops) {
    const parameters = flavour === 'v3' ? op.pathParameters.map(parameterV3) : op.pathParameters.map(parameterV2);
    const item = (out[op.path] ??= parameters.length ? { parameters } : {});
    if (item[op.method]) {
      throw new Error(`OpenAPI generator: two ${op.method} operations on ${op.path}`);
    }
    item[op.method] = flavour === 'v3' ? operationV3(op) : operationV2(op);
  }
  return out;
}

const INFO = { title: 'Kubernetes', version: `v${KUBE_MAJOR}.${KUBE_MINOR}.0` };
const BEARER = { type: 'apiKey' as const, in: 'header', name: 'authorization', description: 'Bearer Token authentication' };

/** Generates every OpenAPI document for these resources from client-node's models and the patch-metadata table. */
export function generateOpenApi(resources: readonly RegisteredResource[]): OpenApiDocuments {
  const clientOperations = readApiOperations();
  const models = readModels(
    resources.flatMap((r) => (r.subresources ?? []).flatMap((s) => (s.kind ? [s.kind] : []))),
    clientOperations,
  );
  const docs = new ParameterDocs(clientOperations);
  const ctx = { definitionOf: (gvk: GroupVersionKind) => models.definitionOf(gvk), docs, clientOperations };
  const kinds = kindsByDefinition(resources, models);

  const byGroupVersion = new Map<string, RegisteredResource[]>();
  for (const r of resources) {
    const key = groupVersionPath(r.group, r.version).slice(1);
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), r]);
  }
  const v3 = new Map<string, OpenAPIV3.Document>();
  const allOps: OperationSpec[] = [];
  for (const key of [...byGroupVersion.keys()].sort()) {
    const group = byGroupVersion.get(key)!;
    const ops = [resourceListOperation(group[0].group, group[0].version), ...group.flatMap((r) => resourceOperations(r, ctx))];
    allOps.push(...ops);
    const names = closure(operationRoots(ops), models.definitions);
    v3.set(key, {
      openapi: '3.0.0',
      info: INFO,
      paths: paths('v3', ops),
      components: { schemas: schemas('v3', names, models, kinds), securitySchemes: { BearerToken: BEARER } },
      security: [{ BearerToken: [] }],
    });
  }
  const v2: OpenAPIV2.Document = {
    swagger: '2.0',
    info: INFO,
    paths: paths('v2', allOps),
    definitions: schemas('v2', closure(operationRoots(allOps), models.definitions), models, kinds),
    securityDefinitions: { BearerToken: BEARER },
    security: [{ BearerToken: [] }],
  };
  return { v3, v2 };
}
