import { defineResource } from 'src/registry/generic/resource';

/**
 * authentication.k8s.io/v1 selfsubjectreviews: "who am I?" (`kubectl auth whoami`).
 * Create-only and never stored; src/apiserver/handlers/reviews.ts answers.
 */
export const selfsubjectreview = defineResource({
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectReview',
  plural: 'selfsubjectreviews',
  singular: 'selfsubjectreview',
  namespaced: false,
  verbs: ['create'],
  virtual: true,
});
