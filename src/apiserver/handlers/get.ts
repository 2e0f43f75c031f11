import type { Handler } from 'src/apiserver/handlers/context';
import { param } from 'src/apiserver/list-options';
import { rendering, renderTable, TABLE_CONTENT_TYPE } from 'src/apiserver/table/table';
import type { KubeObject } from 'src/registry/generic/object';

/** GET on one object (or its status subresource): a read from the watch cache, as JSON or a Table. */
export const get: Handler = async (ctx) => {
  const render = rendering(ctx.request.headers.accept, ctx.query);
  const json = await ctx.store.get({ resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name! }, param(ctx.query, 'resourceVersion') || undefined);
  if (render.table) {
    const obj = JSON.parse(json) as KubeObject;
    return { status: 200, body: renderTable(ctx.resource, [obj], render, { resourceVersion: obj.metadata.resourceVersion }, new Date()), contentType: TABLE_CONTENT_TYPE };
  }
  return { status: 200, body: json };
};
