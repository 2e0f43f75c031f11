import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The runtime messages: the `Unknown` envelope every protobuf body is wrapped in, and RawExtension. */
// Semantics: k8s.io/apimachinery pkg/runtime generated.proto and types.go (Unknown, TypeMeta, RawExtension), release v0.35.
export const runtime: PackageTable = {
  package: 'runtime',
  kinds: [],
  messages: {
    Unknown: ['1 typeMeta TypeMeta', '2 raw bytes', '3 contentEncoding string', '4 contentType string'],
    TypeMeta: ['1 apiVersion? string', '2 kind? string'],
    RawExtension: { adapter: 'rawJson', fields: ['1 raw bytes'] },
  },
};
