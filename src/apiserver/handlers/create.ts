import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import type { KubeObject } from 'src/registry/generic/object';

/** POST to a collection: creates an object, 201 with the stored object. */
export const create: Handler = async (ctx) => {
  const obj = decodeObject(ctx.body, ctx.request.headers['content-type']) as KubeObject;
  const opts = writeOptions(ctx.query, 'CreateOptions', ctx.request.headers['user-agent']);
  const res = await ctx.store.create(ctx.resource, ctx.namespace, obj, opts);
  return { status: 201, body: res.json, warnings: opts.warnings };
};
