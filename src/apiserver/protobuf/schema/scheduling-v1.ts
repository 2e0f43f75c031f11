import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The scheduling/v1 messages of the served kinds (PriorityClass). */
// Semantics: k8s.io/api scheduling/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const schedulingV1: PackageTable = {
  package: 'scheduling.v1',
  apiVersion: 'scheduling.k8s.io/v1',
  kinds: ['PriorityClass', 'PriorityClassList'],
  messages: {
    PriorityClass: ['1 metadata? meta.v1.ObjectMeta', '2 value int32', '3 globalDefault? bool', '4 description? string', '5 preemptionPolicy? *string'],
    PriorityClassList: ['1 metadata? meta.v1.ListMeta', '2 items []PriorityClass'],
  },
};
