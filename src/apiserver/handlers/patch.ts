import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { decodePatch } from 'src/apiserver/patch/apply-patch';

/**
 * PATCH: applies a JSON patch or merge patch to the current object and writes the result
 * through the guaranteed-update loop (re-applied on a lost race; a resourceVersion written by
 * the patch itself is a precondition).
 */
export const patch: Handler = async (ctx) => {
  const patcher = decodePatch(ctx.body, ctx.request.headers['content-type'], ctx.resource);
  const target = { resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name!, subresource: ctx.info.subresource };
  const opts = writeOptions(ctx.query, 'PatchOptions');
  const res = await ctx.store.update(target, patcher, opts);
  return { status: 200, body: res.json, warnings: opts.warnings };
};
