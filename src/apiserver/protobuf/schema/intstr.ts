import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The util/intstr IntOrString, whose JSON form is a bare number or string. */
// Semantics: k8s.io/apimachinery pkg/util/intstr generated.proto and intstr.go, release v0.35.
export const intstr: PackageTable = {
  package: 'intstr',
  kinds: [],
  messages: {
    IntOrString: { adapter: 'intOrString', fields: ['1 type int64', '2 intVal int32', '3 strVal string'] },
  },
};
