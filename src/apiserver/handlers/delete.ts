import { decodeOptional } from 'src/apiserver/body';
import type { Handler, HandlerContext } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { param } from 'src/apiserver/list-options';
import { badRequest } from 'src/apiserver/status';
import type { DeleteOptions } from 'src/registry/generic/store';

/**
 * DeleteOptions from the body (JSON, possibly empty or without kind) and the query string.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/delete.go.
 */
export function deleteOptions(ctx: HandlerContext): DeleteOptions {
  const body = (decodeOptional(ctx.body, ctx.request.headers['content-type']) ?? {}) as DeleteOptions & { kind?: string };
  if (body.kind !== undefined && body.kind !== 'DeleteOptions') {
    throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (DeleteOptions)`);
  }
  const grace = param(ctx.query, 'gracePeriodSeconds');
  if (grace !== undefined) {
    const n = Number(grace);
    if (!Number.isInteger(n)) {
      throw badRequest(`invalid value for gracePeriodSeconds: "${grace}"`);
    }
    body.gracePeriodSeconds = n;
  }
  const policy = param(ctx.query, 'propagationPolicy');
  if (policy !== undefined) {
    body.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  if (body.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(body.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${String(body.propagationPolicy)}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const orphan = param(ctx.query, 'orphanDependents');
  if (orphan !== undefined) {
    body.orphanDependents = orphan === 'true';
  }
  if (body.orphanDependents !== undefined && body.propagationPolicy !== undefined) {
    throw badRequest('Cannot set both orphanDependents and propagationPolicy');
  }
  if (body.dryRun?.length) {
    ctx.query.dryRun = body.dryRun;
  }
  return body;
}

/** DELETE on one object: 200 with the object or a Success Status (upstream's choice per resource). */
export const deleteOne: Handler = async (ctx) => {
  const options = deleteOptions(ctx);
  const res = await ctx.store.delete({ resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name! }, options, writeOptions(ctx.query, 'DeleteOptions'));
  return { status: res.status, body: res.body };
};
