import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { podTable } from 'src/registry/core/pod.table';
import { defaultPod } from 'src/registry/core/defaults/pod-spec';
import { admitDefaultTolerations, admitPriority, keepPriorityOnUpdate } from 'src/registry/core/pod/admission';
import { admitServiceAccount } from 'src/registry/core/pod/service-account';
import { computePodQOS } from 'src/registry/core/pod/qos';
import { validatePodSpecUpdate } from 'src/registry/core/pod/update';
import { validatePodOnly, validatePodSpec } from 'src/registry/core/validation/pod-spec';
import { timestamp } from 'src/registry/generic/object-meta';

// Semantics: kubernetes pkg/registry/core/pod/strategy.go (PrepareForCreate, ToSelectableFields,
// CheckGracefulDelete), pkg/registry/core/pod/storage (subresources) and pkg/apis/core/v1 defaults.

const core = (kind: string) => ({ group: '', version: 'v1', kind });

/** core/v1 pods: defaulted like a real cluster stores them, status Pending with its QoS class. */
export const pod = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Pod',
  statusUpdatesMetadata: ['labels', 'annotations'],
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  table: podTable,
  shortNames: ['po'],
  categories: ['all'],
  subresources: [
    { name: 'attach', kind: core('PodAttachOptions'), verbs: ['create', 'get'] },
    { name: 'binding', kind: core('Binding'), verbs: ['create'] },
    { name: 'ephemeralcontainers', verbs: ['get', 'patch', 'update'] },
    { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
    { name: 'exec', kind: core('PodExecOptions'), verbs: ['create', 'get'] },
    { name: 'log', verbs: ['get'] },
    { name: 'portforward', kind: core('PodPortForwardOptions'), verbs: ['create', 'get'] },
    { name: 'proxy', kind: core('PodProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { name: 'resize', verbs: ['get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  tracksGeneration: true,
  returnDeletedObject: true,
  defaults(obj) {
    defaultPod(obj);
    admitDefaultTolerations(obj.spec);
  },
  prepareForCreate(obj, ctx) {
    admitServiceAccount(obj, ctx.lookup);
    admitPriority(obj.spec);
    obj.status = { phase: 'Pending', qosClass: computePodQOS(obj.spec) };
    if (obj.spec.schedulingGates?.length) {
      // applySchedulingGatedCondition
      obj.status.conditions = [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: timestamp(ctx.now),
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ];
    }
  },
  prepareForUpdate(obj, old) {
    keepPriorityOnUpdate(obj.spec, old.spec);
  },
  validate(obj) {
    return [...validatePodSpec(obj.spec, 'spec', { isPod: true }), ...validatePodOnly(obj.spec, 'spec')];
  },
  validateUpdate(obj, old) {
    return [...validatePodSpec(obj.spec, 'spec', { isPod: true }), ...validatePodOnly(obj.spec, 'spec'), ...validatePodSpecUpdate(obj.spec ?? {}, old.spec ?? {})];
  },
  selectableFields: {
    'spec.nodeName': (p) => p.spec?.nodeName,
    'spec.restartPolicy': (p) => p.spec?.restartPolicy,
    'spec.schedulerName': (p) => p.spec?.schedulerName,
    'spec.serviceAccountName': (p) => p.spec?.serviceAccountName,
    'spec.hostNetwork': (p) => String(p.spec?.hostNetwork === true),
    'status.phase': (p) => p.status?.phase,
    'status.podIP': (p) => p.status?.podIPs?.[0]?.ip ?? p.status?.podIP,
    'status.nominatedNodeName': (p) => p.status?.nominatedNodeName,
  },
  gracePeriodSeconds(obj, requested) {
    let period = requested ?? obj.spec?.terminationGracePeriodSeconds ?? 0;
    if (!obj.spec?.nodeName || obj.status?.phase === 'Failed' || obj.status?.phase === 'Succeeded') {
      period = 0;
    }
    return period < 0 ? 1 : period;
  },
});
