import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { serviceaccountTable } from 'src/registry/core/serviceaccount.table';

// Semantics: kubernetes pkg/registry/core/serviceaccount (strategy, storage with the token
// subresource) and pkg/apis/core/validation ValidateServiceAccount (ObjectMeta only).

/** core/v1 serviceaccounts, with the `token` subresource returning a TokenRequest. */
export const serviceaccount = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  namespaced: true,
  table: serviceaccountTable,
  shortNames: ['sa'],
  subresources: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }],
  allowCreateOnUpdate: true,
});
