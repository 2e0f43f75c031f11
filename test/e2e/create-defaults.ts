// What kube-apiserver v1.35 adds to the objects `kubectl create <kind>` sends: the defaulting
// functions of k8s.io/kubernetes/pkg/apis/*/v1/defaults.go, the strategies' PrepareForCreate
// (generation, status) and, for pods, the admission plugins of a default cluster. The kubectl
// create tests compare the stored object with `--dry-run=client -o json` passed through these.
// Values the server allocates (cluster IPs, node ports, UIDs) are taken from the stored object
// when they have the right form, and replaced by a description that cannot match otherwise.
import { deepMerge } from 'test/e2e/cli-harness';

/** A stored value when it looks allocated, otherwise a placeholder that makes the comparison fail readably. */
function allocated(value: unknown, pattern: RegExp, what: string): unknown {
  return typeof value === 'string' && pattern.test(value) ? value : `<${what}>`;
}

/** Go's ObjectMeta fields the server sets on create, copied from the stored object. */
export function serverSet(stored: any, generation = false): any {
  const { uid, resourceVersion, creationTimestamp } = stored.metadata;
  return { metadata: { uid, resourceVersion, creationTimestamp, ...(generation ? { generation: 1 } : {}) } };
}

/** SetDefaults_Container + port protocol: imagePullPolicy from the tag, termination message defaults. */
export function containerDefaults(ct: any): any {
  const tag = /:([^/:]+)$/.exec(ct.image ?? '')?.[1];
  const out = {
    ...ct,
    imagePullPolicy: ct.imagePullPolicy ?? (tag && tag !== 'latest' ? 'IfNotPresent' : 'Always'),
    terminationMessagePath: ct.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: ct.terminationMessagePolicy ?? 'File',
  };
  if (ct.ports) {
    out.ports = ct.ports.map((p: any) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  }
  return out;
}

/** SetDefaults_PodSpec (a pod template's spec: no admission plugins run on templates). */
export function podSpecDefaults(spec: any): any {
  return {
    ...spec,
    containers: spec.containers.map(containerDefaults),
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    securityContext: spec.securityContext ?? {},
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
  };
}

/**
 * A Pod as stored: SetDefaults_Pod, the Priority, DefaultTolerationSeconds and ServiceAccount
 * admission plugins (without the token volume, which the tests check on their own), generation 1
 * and the status a pod has before it is scheduled.
 */
export function podDefaults(dry: any, stored: any, qosClass: string): any {
  const spec = podSpecDefaults(dry.spec);
  return deepMerge(deepMerge(dry, serverSet(stored, true)), {
    spec: {
      ...spec,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      serviceAccount: 'default',
      serviceAccountName: 'default',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', qosClass },
  });
}

/** A Deployment as stored (SetDefaults_Deployment, generation 1). */
export function deploymentDefaults(dry: any, stored: any): any {
  return deepMerge(deepMerge(dry, serverSet(stored, true)), {
    spec: {
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { spec: podSpecDefaults(dry.spec.template.spec) },
    },
  });
}

/** A Service as stored: defaults, one IPv4 family, an allocated cluster IP and (NodePort) node ports. */
export function serviceDefaults(dry: any, stored: any): any {
  const ip = allocated(stored.spec?.clusterIP, /^\d+\.\d+\.\d+\.\d+$/, 'an allocated cluster IP');
  const nodePorts = dry.spec.type === 'NodePort' || dry.spec.type === 'LoadBalancer';
  const ports = dry.spec.ports.map((p: any, i: number) => ({
    ...p,
    protocol: p.protocol ?? 'TCP',
    targetPort: p.targetPort ?? p.port,
    ...(nodePorts ? { nodePort: p.nodePort ?? nodePortOf(stored.spec?.ports?.[i]?.nodePort) } : {}),
  }));
  return deepMerge(deepMerge(dry, serverSet(stored)), {
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      type: dry.spec.type ?? 'ClusterIP',
      ports,
      ...(nodePorts ? { externalTrafficPolicy: 'Cluster' } : {}),
    },
    status: { loadBalancer: {} },
  });
}

function nodePortOf(v: unknown): unknown {
  return typeof v === 'number' && v >= 30000 && v <= 32767 ? v : '<a node port in 30000-32767>';
}

/** A Job as stored: SetDefaults_Job, the generated selector and labels (strategy generateSelector), generation 1. */
export function jobDefaults(dry: any, stored: any): any {
  const uid = stored.metadata.uid;
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': dry.metadata.name,
    'controller-uid': uid,
    'job-name': dry.metadata.name,
  };
  return deepMerge(deepMerge(dry, serverSet(stored, true)), {
    metadata: { labels },
    spec: {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels }, spec: podSpecDefaults(dry.spec.template.spec) },
    },
    status: {},
  });
}

/** A CronJob as stored: SetDefaults_CronJob (the job template's JobSpec gets no Job defaults), generation 1. */
export function cronJobDefaults(dry: any, stored: any): any {
  return deepMerge(deepMerge(dry, serverSet(stored, true)), {
    spec: {
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      successfulJobsHistoryLimit: 3,
      suspend: false,
      jobTemplate: { spec: { template: { spec: podSpecDefaults(dry.spec.jobTemplate.spec.template.spec) } } },
    },
    status: {},
  });
}
