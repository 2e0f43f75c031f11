import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The coordination/v1 messages of the served kinds (Lease). */
// Semantics: k8s.io/api coordination/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const coordinationV1: PackageTable = {
  package: 'coordination.v1',
  apiVersion: 'coordination.k8s.io/v1',
  kinds: ['Lease', 'LeaseList'],
  messages: {
    Lease: ['1 metadata? meta.v1.ObjectMeta', '2 spec? LeaseSpec'],
    LeaseList: ['1 metadata? meta.v1.ListMeta', '2 items []Lease'],
    LeaseSpec: [
      '1 holderIdentity? *string',
      '2 leaseDurationSeconds? *int32',
      '3 acquireTime? *meta.v1.MicroTime',
      '4 renewTime? *meta.v1.MicroTime',
      '5 leaseTransitions? *int32',
      '6 strategy? *string',
      '7 preferredHolder? *string',
    ],
  },
};
