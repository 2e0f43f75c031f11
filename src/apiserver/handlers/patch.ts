import { mediaType, parseYamlDocument, asObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { param } from 'src/apiserver/list-options';
import { decodePatch } from 'src/apiserver/patch/apply-patch';
import { invalid } from 'src/apiserver/status';
import { applyConfiguration } from 'src/registry/generic/field-manager';
import { jsonClone } from 'src/registry/generic/json-clone';
import type { KubeObject } from 'src/registry/generic/object';

/** Content-Type of a server-side apply request (the body may be YAML or JSON). */
const APPLY_PATCH = 'application/apply-patch+yaml';

/**
 * PATCH: applies a JSON, merge or strategic merge patch to the current object, or a server-side
 * apply configuration, and writes the result through the guaranteed-update loop (re-applied on a
 * lost race; a resourceVersion written by the patch itself is a precondition).
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/patch.go.
 */
export const patch: Handler = async (ctx) => {
  const opts = writeOptions(ctx.query, 'PatchOptions', ctx.request.headers['user-agent']);
  const force = param(ctx.query, 'force');
  const target = { resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name!, subresource: ctx.info.subresource };
  if (mediaType(ctx.request.headers['content-type']) === APPLY_PATCH) {
    const fieldManager = param(ctx.query, 'fieldManager');
    if (!fieldManager) {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
    }
    const applied = asObject(parseYamlDocument(ctx.body?.toString('utf8') ?? '')) as KubeObject;
    const now = new Date();
    const apply = (live: KubeObject | undefined): KubeObject => applyConfiguration(ctx.resource, live, jsonClone(applied), fieldManager, force === 'true', ctx.info.subresource, now);
    const res = await ctx.store.update(target, (current) => apply(current), { ...opts, managedFieldsDone: true, applyCreates: true, createIfMissing: () => apply(undefined) });
    return { status: res.created ? 201 : 200, body: res.json, warnings: opts.warnings };
  }
  if (force !== undefined) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
  const patcher = decodePatch(ctx.body, ctx.request.headers['content-type'], ctx.resource);
  const res = await ctx.store.update(target, patcher, opts);
  return { status: 200, body: res.json, warnings: opts.warnings };
};
