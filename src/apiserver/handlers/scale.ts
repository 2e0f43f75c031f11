import { decodeObject } from 'src/apiserver/body';
import type { Handler, HandlerContext } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { param } from 'src/apiserver/list-options';
import { decodePatch } from 'src/apiserver/patch/apply-patch';
import { badRequest, invalid, methodNotAllowed } from 'src/apiserver/status';
import { labelSelectorString } from 'src/registry/generic/label-selector.table';
import type { KubeObject } from 'src/registry/generic/object';
import { jsonClone } from 'src/registry/generic/json-clone';
import { register } from 'src/registry/generic/resource';

/** autoscaling/v1 Scale, as the resource the patch and validation machinery sees it. */
const SCALE = register({ group: 'autoscaling', version: 'v1', kind: 'Scale', plural: 'scales', singular: 'scale', namespaced: true });

/** The selector of a workload as Scale.status.selector spells it (RCs carry a plain label map). */
function selectorString(obj: KubeObject): string {
  const sel = obj.spec?.selector;
  if (sel && !sel.matchLabels && !sel.matchExpressions && typeof sel === 'object') {
    return labelSelectorString({ matchLabels: sel as Record<string, string> }) ?? '';
  }
  return labelSelectorString(sel) ?? '';
}

/**
 * The Scale view of a workload.
 * Semantics: kubernetes pkg/registry/apps/deployment/storage ScaleREST (scaleFromDeployment).
 */
export function toScale(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorString(obj) },
  };
}

function scaleTarget(ctx: HandlerContext): { resource: HandlerContext['resource']; namespace?: string; name: string; subresource: string } {
  return { resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name!, subresource: 'scale' };
}

/** Writes a new Scale into its workload: only spec.replicas changes; a Scale resourceVersion is a precondition. */
function applyScale(current: KubeObject, scale: KubeObject, name: string): KubeObject {
  const replicas = scale.spec?.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas))) {
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if ((replicas ?? 0) < 0) {
    throw invalid('Scale', 'autoscaling', name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
  }
  const next = jsonClone(current);
  next.spec = { ...next.spec, replicas: replicas ?? 0 };
  next.metadata.resourceVersion = scale.metadata?.resourceVersion || current.metadata.resourceVersion;
  return next;
}

/**
 * GET, PUT and PATCH of `<workload>/scale` (autoscaling/v1 Scale): reads and writes the
 * workload's spec.replicas through the generic store.
 */
export const scale: Handler = async (ctx) => {
  const t = scaleTarget(ctx);
  if (ctx.info.verb === 'get') {
    const json = await ctx.store.get(t, param(ctx.query, 'resourceVersion') || undefined);
    return { status: 200, body: toScale(JSON.parse(json) as KubeObject) };
  }
  const opts = writeOptions(ctx.query, ctx.info.verb === 'patch' ? 'PatchOptions' : 'UpdateOptions', ctx.request.headers['user-agent']);
  let tryUpdate: (current: KubeObject) => KubeObject;
  if (ctx.info.verb === 'update') {
    const body = decodeObject(ctx.body, ctx.request.headers['content-type']) as KubeObject;
    if (body.kind !== undefined && body.kind !== 'Scale') {
      throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (Scale)`);
    }
    tryUpdate = (current) => applyScale(current, body, t.name);
  } else if (ctx.info.verb === 'patch') {
    const patcher = decodePatch(ctx.body, ctx.request.headers['content-type'], SCALE);
    tryUpdate = (current) => applyScale(current, patcher(toScale(current)), t.name);
  } else {
    throw methodNotAllowed();
  }
  const res = await ctx.store.update(t, tryUpdate, opts);
  return { status: 200, body: toScale(JSON.parse(res.json) as KubeObject), warnings: opts.warnings };
};
