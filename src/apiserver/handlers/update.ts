import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import type { KubeObject } from 'src/registry/generic/object';

/** PUT: replaces an object (or its status / finalize subresource); a body resourceVersion is a precondition. */
export const update: Handler = async (ctx) => {
  const obj = decodeObject(ctx.body, ctx.request.headers['content-type']) as KubeObject;
  const target = { resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name!, subresource: ctx.info.subresource };
  const opts = writeOptions(ctx.query, 'UpdateOptions', ctx.request.headers['user-agent']);
  const res = await ctx.store.update(target, () => structuredClone(obj), { ...opts, createIfMissing: () => structuredClone(obj) });
  return { status: res.created ? 201 : 200, body: res.json, warnings: opts.warnings };
};
