import { createHash } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { Registry } from 'src/registry/registry';

/** The OpenAPI v3 documents kubepg serves: the root index and one document per group-version. */
export interface OpenApiV3Documents {
  root: { paths: Record<string, { serverRelativeURL: string }> };
  /** Keyed by `api/v1`, `apis/apps/v1` ... */
  byGroupVersion: Map<string, { json: string; hash: string }>;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name): OpenAPIV3.ParameterObject => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string' },
  description: name === 'fieldValidation' ? 'instructs the server on how to handle objects in the request containing unknown or duplicate fields' : undefined,
}));

function itemPath(r: RegisteredResource): string {
  const base = `/${gvPath(r.group, r.version)}`;
  return r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}/{name}` : `${base}/${r.plural}/{name}`;
}

/**
 * Builds a per-group-version document holding, for every resource, the item path with a PATCH
 * operation tagged with its group-version-kind and the fieldValidation parameter: what kubectl
 * needs before it creates or applies (kubectl-surface §3.3). Schemas for `kubectl explain` and
 * client-side strict validation are not included yet.
 */
function groupVersionDocument(resources: RegisteredResource[]): OpenAPIV3.Document {
  const paths: OpenAPIV3.PathsObject = {};
  for (const r of resources) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const op = (action: string): OpenAPIV3.OperationObject & Record<string, unknown> => ({
      operationId: `${action}${r.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: QUERY_PARAMS,
      responses: { '200': { description: 'OK' } },
    });
    paths[itemPath(r)] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.35.0' }, paths, components: { schemas: {} } };
}

/** Builds every OpenAPI v3 document from the registry (the only list of resources). */
export function buildOpenApiV3(registry: Registry): OpenApiV3Documents {
  const byGv = new Map<string, RegisteredResource[]>();
  for (const r of registry.resources) {
    const key = gvPath(r.group, r.version);
    byGv.set(key, [...(byGv.get(key) ?? []), r]);
  }
  const root: OpenApiV3Documents['root'] = { paths: {} };
  const byGroupVersion = new Map<string, { json: string; hash: string }>();
  for (const [key, resources] of byGv) {
    const json = JSON.stringify(groupVersionDocument(resources));
    const hash = createHash('sha512').update(json).digest('hex').slice(0, 16).toUpperCase();
    byGroupVersion.set(key, { json, hash });
    root.paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { root, byGroupVersion };
}
