import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The autoscaling/v1 messages of the served kinds (Scale). */
// Semantics: k8s.io/api autoscaling/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const autoscalingV1: PackageTable = {
  package: 'autoscaling.v1',
  apiVersion: 'autoscaling/v1',
  kinds: ['Scale'],
  messages: {
    Scale: ['1 metadata? meta.v1.ObjectMeta', '2 spec? ScaleSpec', '3 status? ScaleStatus'],
    ScaleSpec: ['1 replicas? int32'],
    ScaleStatus: ['1 replicas int32', '2 selector? string'],
  },
};
