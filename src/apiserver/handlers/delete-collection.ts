import { deleteOptions } from 'src/apiserver/handlers/delete';
import type { Handler } from 'src/apiserver/handlers/context';
import { listObjects } from 'src/apiserver/handlers/list';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { parseListOptions } from 'src/apiserver/list-options';
import { selectionFor } from 'src/apiserver/selection';
import type { KubeObject } from 'src/registry/generic/object';

/**
 * DELETE on a collection: deletes every selected object with the same options and answers
 * with the list of what was deleted (or marked for deletion).
 * Semantics: k8s.io/apiserver registry/generic/registry/store.go DeleteCollection.
 */
export const deleteCollection: Handler = async (ctx) => {
  const options = deleteOptions(ctx);
  const listOpts = parseListOptions(ctx.query, false);
  const sel = selectionFor(ctx.resource, ctx.namespace, listOpts);
  const { items } = await listObjects(ctx.storage, ctx.resource, ctx.namespace, sel, { ...listOpts, limit: undefined, continue: undefined });
  const wopts = writeOptions(ctx.query, 'DeleteOptions');
  const deleted: string[] = [];
  for (const json of items) {
    const obj = JSON.parse(json) as KubeObject;
    try {
      const res = await ctx.store.delete({ resource: ctx.resource, namespace: obj.metadata.namespace || undefined, name: obj.metadata.name! }, options, wopts);
      deleted.push(typeof res.body === 'string' ? res.body : json);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) {
        throw err;
      }
    }
  }
  const body = `{"kind":"${ctx.resource.listKind}","apiVersion":"${ctx.resource.apiVersion}","metadata":{"resourceVersion":"${ctx.storage.rv}"},"items":[${deleted.join(',')}]}`;
  return { status: 200, body };
};
