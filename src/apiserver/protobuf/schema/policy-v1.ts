import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The policy/v1 messages of the served kinds (PodDisruptionBudget, Eviction). */
// Semantics: k8s.io/api policy/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const policyV1: PackageTable = {
  package: 'policy.v1',
  apiVersion: 'policy/v1',
  kinds: ['PodDisruptionBudget', 'PodDisruptionBudgetList', 'Eviction'],
  messages: {
    PodDisruptionBudget: ['1 metadata? meta.v1.ObjectMeta', '2 spec? PodDisruptionBudgetSpec', '3 status? PodDisruptionBudgetStatus'],
    PodDisruptionBudgetList: ['1 metadata? meta.v1.ListMeta', '2 items []PodDisruptionBudget'],
    Eviction: ['1 metadata? meta.v1.ObjectMeta', '2 deleteOptions? *meta.v1.DeleteOptions'],
    PodDisruptionBudgetSpec: [
      '1 minAvailable? *intstr.IntOrString',
      '2 selector? *meta.v1.LabelSelector',
      '3 maxUnavailable? *intstr.IntOrString',
      '4 unhealthyPodEvictionPolicy? *string',
    ],
    PodDisruptionBudgetStatus: [
      '1 observedGeneration? int64',
      '2 disruptedPods? map[string]meta.v1.Time',
      '3 disruptionsAllowed int32',
      '4 currentHealthy int32',
      '5 desiredHealthy int32',
      '6 expectedPods int32',
      '7 conditions? []meta.v1.Condition',
    ],
  },
};
