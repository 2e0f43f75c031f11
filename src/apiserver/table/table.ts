import { parseAccept } from 'src/apiserver/discovery/negotiation';
import { param, type Query } from 'src/apiserver/list-options';
import { badRequest, notAcceptable } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource, TableColumn, TableDefinition } from 'src/registry/generic/resource';

/** Media type of a Table response. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** What the client asked for: a plain object/list, or a Table (v1 or v1beta1) with some object detail. */
export type Rendering = { table: false } | { table: true; apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1'; includeObject: 'None' | 'Metadata' | 'Object' };

/**
 * Decides between a Table and the plain object from the Accept header, clause by clause in
 * preference order, as kube-apiserver's negotiation does.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/response.go doTransformObject / targetEncodingForTransform.
 */
export function rendering(accept: string | undefined, query: Query): Rendering {
  if (!accept) {
    return { table: false };
  }
  for (const clause of parseAccept(accept)) {
    const p = clause.params;
    const isJson = (clause.type === 'application' && (clause.subType === 'json' || clause.subType === '*')) || (clause.type === '*' && clause.subType === '*');
    if (!isJson && !(clause.type === 'application' && clause.subType === 'vnd.kubernetes.protobuf')) {
      continue;
    }
    if (p.as === undefined) {
      // A plain object (or list) in JSON or protobuf: the response encoder picks between them.
      return { table: false };
    }
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1') && isJson) {
      const include = param(query, 'includeObject') ?? 'Metadata';
      if (!['None', 'Metadata', 'Object'].includes(include)) {
        throw badRequest(`includeObject: Unsupported value: "${include}": supported values: "Metadata", "None", "Object"`);
      }
      return { table: true, apiVersion: `meta.k8s.io/${p.v}`, includeObject: include as 'None' | 'Metadata' | 'Object' };
    }
  }
  throw notAcceptable('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
}

/** The table of resources without their own printer: Name and Created At. */
const DEFAULT_TABLE: TableDefinition = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' },
    { name: 'Created At', type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata' },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

function columnDefinitions(cols: TableColumn[]): object[] {
  return cols.map((c) => ({ name: c.name, type: c.type === 'date' ? 'string' : c.type, format: c.type === 'date' ? 'date-time' : (c.format ?? ''), description: c.description, priority: c.priority ?? 0 }));
}

function rowObject(obj: KubeObject, r: Extract<Rendering, { table: true }>): object | undefined {
  if (r.includeObject === 'None') {
    return undefined;
  }
  if (r.includeObject === 'Object') {
    return obj;
  }
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** List metadata carried by a Table. */
export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * Renders objects as a meta.k8s.io Table: the resource's columns and one row per object.
 * `withHeaders: false` leaves columnDefinitions null, as upstream does after a watch's first event.
 */
export function renderTable(resource: RegisteredResource, objects: KubeObject[], r: Extract<Rendering, { table: true }>, meta: TableListMeta, now: Date, withHeaders = true): string {
  const def = (resource.table as TableDefinition | undefined) ?? DEFAULT_TABLE;
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: def.cells(o, now) };
    const object = rowObject(o, r);
    if (object) {
      row.object = object;
    }
    return row;
  });
  return JSON.stringify({ kind: 'Table', apiVersion: r.apiVersion, metadata: meta, columnDefinitions: withHeaders ? columnDefinitions(def.columns) : null, rows });
}
