import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { DEFAULT_EXPIRATION_SECONDS, DEFAULT_ISSUER, MIN_EXPIRATION_SECONDS } from 'src/apiserver/service-account-tokens';
import { badRequest, invalid, methodNotAllowed } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import { timestamp } from 'src/registry/generic/object-meta';

/**
 * POST serviceaccounts/<name>/token: a TokenRequest answered with a signed JWT for that account
 * (audiences and expirationSeconds honoured), which kubepg's authenticator accepts.
 * Semantics: kubernetes pkg/registry/core/serviceaccount/storage/token.go.
 */
export const createToken: Handler = async (ctx) => {
  if (ctx.info.verb !== 'create') {
    throw methodNotAllowed();
  }
  const req = decodeObject(ctx.body, ctx.request.headers['content-type']);
  if (req.kind !== undefined && req.kind !== 'TokenRequest') {
    throw badRequest(`the kind in the data (${String(req.kind)}) does not match the expected kind (TokenRequest)`);
  }
  const sa = JSON.parse(await ctx.store.get({ resource: ctx.resource, namespace: ctx.namespace, name: ctx.info.name! })) as KubeObject;
  const spec = req.spec ?? {};
  const audiences: string[] = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences : [DEFAULT_ISSUER];
  const expirationSeconds: number = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_SECONDS || expirationSeconds > 2 ** 32) {
    throw invalid('TokenRequest', 'authentication.k8s.io', '', [
      { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', value: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' },
    ]);
  }
  const { token, expiration } = ctx.tokens.issue({ namespace: sa.metadata.namespace!, name: sa.metadata.name!, uid: sa.metadata.uid! }, audiences, expirationSeconds, new Date());
  return {
    status: 201,
    body: {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: { token, expirationTimestamp: timestamp(expiration) },
    },
  };
};
