import { atomic, atomicMap, mergeBy, quantity, set, type MetadataTable } from 'src/schema/patch-metadata/field-metadata';

// Semantics: struct tags and +listType/+listMapKey/+mapType/+structType markers of the Go types
// in k8s.io/api and k8s.io/apimachinery v0.34 (Kubernetes 1.34, which client-node 1.4 models).

/** Patch, list and Quantity metadata of apps, autoscaling, batch, node and policy. */
export const WORKLOADS: MetadataTable = {
  'io.k8s.api.apps.v1': {
    DaemonSetStatus: { fields: { conditions: mergeBy('type') } },
    DeploymentSpec: { fields: { strategy: { patchStrategy: 'retainKeys' } } },
    DeploymentStatus: { fields: { conditions: mergeBy('type') } },
    ReplicaSetStatus: { fields: { conditions: mergeBy('type') } },
    StatefulSetSpec: { fields: { volumeClaimTemplates: atomic } },
    StatefulSetStatus: { fields: { conditions: mergeBy('type') } },
  },
  'io.k8s.api.autoscaling.v1': {
    CrossVersionObjectReference: { atomic: true },
  },
  'io.k8s.api.autoscaling.v2': {
    HPAScalingRules: { fields: { policies: atomic, tolerance: quantity } },
    HorizontalPodAutoscalerSpec: { fields: { metrics: atomic } },
    HorizontalPodAutoscalerStatus: { fields: { conditions: mergeBy('type'), currentMetrics: atomic } },
    MetricTarget: { fields: { averageValue: quantity, value: quantity } },
    MetricValueStatus: { fields: { averageValue: quantity, value: quantity } },
  },
  'io.k8s.api.batch.v1': {
    CronJobStatus: { fields: { active: atomic } },
    JobStatus: { fields: { conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' } } },
    PodFailurePolicy: { fields: { rules: atomic } },
    PodFailurePolicyOnExitCodesRequirement: { fields: { values: set } },
    PodFailurePolicyRule: { fields: { onPodConditions: atomic } },
    SuccessPolicy: { fields: { rules: atomic } },
    UncountedTerminatedPods: { fields: { failed: set, succeeded: set } },
  },
  'io.k8s.api.node.v1': {
    Overhead: { fields: { podFixed: quantity } },
    Scheduling: { fields: { nodeSelector: atomicMap, tolerations: atomic } },
  },
  'io.k8s.api.policy.v1': {
    PodDisruptionBudgetSpec: { fields: { selector: { patchStrategy: 'replace' } } },
    PodDisruptionBudgetStatus: { fields: { conditions: mergeBy('type') } },
  },
};
