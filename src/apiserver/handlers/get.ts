import type { Handler } from 'src/apiserver/handlers/context';
import { param } from 'src/apiserver/list-options';

/** GET on one object (or its status subresource): a read from the watch cache. */
export const get: Handler = async (ctx) => {
  const json = await ctx.store.get({ resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name! }, param(ctx.query, 'resourceVersion') || undefined);
  return { status: 200, body: json };
};
