import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import type { KubeObject } from 'src/registry/generic/object';

/** PUT: replaces an object (or its status / finalize subresource); a body resourceVersion is a precondition. */
export const update: Handler = async (ctx) => {
  const contentType = ctx.request.headers['content-type'];
  let decoded: KubeObject | undefined = decodeObject(ctx.body, contentType) as KubeObject;
  // Each attempt of the update loop changes the object it gets, so each gets its own: the first
  // the object decoded above, a retry after a lost race a fresh decoding of the same body.
  const body = (): KubeObject => {
    const obj = decoded ?? (decodeObject(ctx.body, contentType) as KubeObject);
    decoded = undefined;
    return obj;
  };
  const target = { resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name!, subresource: ctx.info.subresource };
  const opts = writeOptions(ctx.query, 'UpdateOptions', ctx.request.headers['user-agent']);
  const res = await ctx.store.replace(target, body, { ...opts, createIfMissing: body });
  return { status: res.created ? 201 : 200, body: res.json, warnings: opts.warnings };
};
