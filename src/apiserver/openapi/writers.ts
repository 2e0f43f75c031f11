import type { OpenAPIV2, OpenAPIV3 } from 'openapi-types';
import type { OperationSpec, Payload } from 'src/apiserver/openapi/operations';
import type { Parameter } from 'src/apiserver/openapi/parameters';
import { refTo } from 'src/apiserver/openapi/schemas';

// OperationSpec → an OpenAPI v3 or Swagger 2.0 operation, shaped like kube-apiserver's.
// Semantics: k8s.io/kube-openapi pkg/builder3 (v3) and pkg/builder (v2) buildOperations.

/** The content types a PATCH accepts. */
export const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

const RESPONSE_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '401': 'Unauthorized' };

/** Vendor extensions every resource operation carries. */
function extensions(op: OperationSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (op.action !== undefined) {
    out['x-kubernetes-action'] = op.action;
  }
  if (op.gvk) {
    out['x-kubernetes-group-version-kind'] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  }
  return out;
}

/** A v3 parameter (upstream marks every parameter schema uniqueItems). */
export function parameterV3(p: Parameter): OpenAPIV3.ParameterObject {
  return {
    name: p.name,
    in: p.in,
    ...(p.description && { description: p.description }),
    ...(p.required && { required: true }),
    schema: { type: p.type, uniqueItems: true },
  };
}

/** A Swagger 2.0 parameter. */
export function parameterV2(p: Parameter): OpenAPIV2.Parameter {
  return {
    name: p.name,
    in: p.in,
    ...(p.description && { description: p.description }),
    ...(p.required && { required: true }),
    type: p.type,
    uniqueItems: true,
  };
}

function payloadSchemaV3(p: Payload): OpenAPIV3.ReferenceObject | OpenAPIV3.SchemaObject {
  return 'definition' in p ? { $ref: refTo('v3', p.definition) } : { type: 'string' };
}

/** An OpenAPI v3 operation. */
export function operationV3(op: OperationSpec): OpenAPIV3.OperationObject {
  const responses: OpenAPIV3.ResponsesObject = {};
  for (const [code, payload] of Object.entries(op.responses)) {
    responses[code] = { description: RESPONSE_TEXT[code], content: Object.fromEntries(op.produces.map((t) => [t, { schema: payloadSchemaV3(payload) }])) };
  }
  responses['401'] = { description: RESPONSE_TEXT['401'] };
  const out: OpenAPIV3.OperationObject = { description: op.description, operationId: op.operationId, tags: [op.tag], responses };
  if (op.query.length) {
    out.parameters = op.query.map(parameterV3);
  }
  if (op.body) {
    const schema = { $ref: refTo('v3', op.body.definition) };
    out.requestBody = { content: Object.fromEntries((op.body.patch ? PATCH_TYPES : ['*/*']).map((t) => [t, { schema }])), required: true };
  }
  return Object.assign(out, extensions(op));
}

/** A Swagger 2.0 operation. */
export function operationV2(op: OperationSpec): OpenAPIV2.OperationObject {
  const responses: OpenAPIV2.ResponsesObject = {};
  for (const [code, payload] of Object.entries(op.responses)) {
    responses[code] = { description: RESPONSE_TEXT[code], schema: 'definition' in payload ? { $ref: refTo('v2', payload.definition) } : { type: 'string' } };
  }
  responses['401'] = { description: RESPONSE_TEXT['401'] };
  const parameters: OpenAPIV2.Parameters = op.query.map(parameterV2);
  if (op.body) {
    parameters.unshift({ name: 'body', in: 'body', required: true, schema: { $ref: refTo('v2', op.body.definition) } });
  }
  const out: OpenAPIV2.OperationObject = {
    description: op.description,
    operationId: op.operationId,
    tags: [op.tag],
    produces: op.produces,
    schemes: ['https'],
    responses,
  };
  if (op.body) {
    out.consumes = op.body.patch ? PATCH_TYPES : ['*/*'];
  }
  if (parameters.length) {
    out.parameters = parameters;
  }
  return Object.assign(out, extensions(op));
}
