import { decodeObject } from 'src/apiserver/body';
import type { Handler } from 'src/apiserver/handlers/context';
import { badRequest } from 'src/apiserver/status';
import { timestamp } from 'src/registry/generic/object-meta';

/**
 * POST selfsubjectaccessreviews and selfsubjectreviews: answered from the caller's identity,
 * never stored. kubepg has no authorizer yet (RBAC comes later), so every authenticated user may
 * do everything and access reviews say so.
 * Semantics: kubernetes pkg/registry/authorization/selfsubjectaccessreview/rest.go and
 * pkg/registry/authentication/selfsubjectreview/rest.go.
 */
export const createReview: Handler = async (ctx) => {
  const body = decodeObject(ctx.body, ctx.request.headers['content-type']);
  const r = ctx.resource;
  if ((body.kind !== undefined && body.kind !== r.kind) || (body.apiVersion !== undefined && body.apiVersion !== r.apiVersion)) {
    throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${r.kind})`);
  }
  if (r.kind === 'SelfSubjectAccessReview') {
    const spec = body.spec ?? {};
    if (!spec.resourceAttributes === !spec.nonResourceAttributes) {
      throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
    }
    return {
      status: 201,
      body: { kind: r.kind, apiVersion: r.apiVersion, metadata: { creationTimestamp: null }, spec, status: { allowed: true } },
    };
  }
  const u = ctx.user;
  const userInfo: Record<string, unknown> = { username: u.username };
  if (u.uid) {
    userInfo.uid = u.uid;
  }
  userInfo.groups = u.groups;
  if (u.extra) {
    userInfo.extra = u.extra;
  }
  return { status: 201, body: { kind: r.kind, apiVersion: r.apiVersion, metadata: { creationTimestamp: timestamp(new Date()) }, status: { userInfo } } };
};
