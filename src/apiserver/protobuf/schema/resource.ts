import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The api/resource Quantity, whose JSON form is its canonical string. */
// Semantics: k8s.io/apimachinery pkg/api/resource generated.proto and quantity_proto.go, release v0.35.
export const resource: PackageTable = {
  package: 'resource',
  kinds: [],
  messages: {
    Quantity: { adapter: 'quantity', fields: ['1 string string'] },
  },
};
