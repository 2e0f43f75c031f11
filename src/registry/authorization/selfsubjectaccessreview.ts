import { defineResource } from 'src/registry/generic/resource';

/**
 * authorization.k8s.io/v1 selfsubjectaccessreviews: "may I do this?" for the caller
 * (`kubectl auth can-i`). Create-only and never stored; src/apiserver/handlers/reviews.ts answers.
 */
export const selfsubjectaccessreview = defineResource({
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  verbs: ['create'],
  virtual: true,
});
