import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { writeOptions } from 'src/apiserver/handlers/write-options';
import { fieldErrorMessage, methodNotAllowed, badRequest, StatusError } from 'src/apiserver/status';
import { pod } from 'src/registry/core/pod';
import { bindPod, validatePodBinding } from 'src/registry/core/pod/binding';
import { checkNamespace, checkTypeMeta } from 'src/registry/generic/object-meta';
import { register } from 'src/registry/generic/resource';

/** The pods resource the binding writes to (the cache is keyed by its GroupResource). */
const pods = register(pod);

/**
 * POST pods/<name>/binding and POST bindings: binds a pod to the node a v1 Binding names and
 * answers 201 with a Success Status. A Binding that fails validation is a 500 with the field
 * errors as its message, as kube-apiserver answers (the error is not an API status there).
 * Semantics: kubernetes pkg/registry/core/pod/storage/storage.go BindingREST.Create, LegacyBindingREST.
 */
export const createBinding: Handler = async (ctx) => {
  if (ctx.info.verb !== 'create') {
    throw methodNotAllowed();
  }
  const b = decodeObject(ctx.body, ctx.request.headers['content-type']) as { metadata: Record<string, any>; target?: Record<string, any> };
  checkTypeMeta(pods, b, 'Binding', 'v1');
  checkNamespace(pods, b, ctx.namespace);
  const opts = writeOptions(ctx.query, 'CreateOptions', ctx.request.headers['user-agent']);
  const name: string = ctx.info.subresource ? ctx.info.name! : (b.metadata.name ?? '');
  if (name !== (b.metadata.name ?? '')) {
    throw badRequest('name in URL does not match name in Binding object');
  }
  const errs = validatePodBinding(b);
  if (errs.length > 0) {
    const messages = errs.map(fieldErrorMessage);
    const message = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
    throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
  }
  if (!name) {
    throw badRequest('Name parameter required.');
  }
  const now = new Date();
  await ctx.store.update({ resource: pods, namespace: ctx.namespace, name }, (current) => bindPod(current, b, now), { asIs: true, dryRun: opts.dryRun });
  return { status: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
};
