import { defaultPullPolicy } from 'src/registry/core/defaults/image';
import { canonicalizeResourceList } from 'src/registry/core/defaults/quantity';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Pod, SetDefaults_PodSpec,
// SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume and the
// volume sources) as wired by zz_generated.defaults.go, plus the declarative +default markers of
// k8s.io/api core/v1 types.go (ports and service ports default to TCP, grpc.service to "").
// Only what Go would serialize becomes visible: empty maps behind omitempty stay absent.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Default mode of configMap, secret, downwardAPI and projected volumes (0644). */
export const DEFAULT_VOLUME_MODE = 420;

/** SetDefaults_ObjectFieldSelector: fieldRef.apiVersion defaults to v1. */
function defaultFieldRef(ref: Obj | undefined): void {
  if (ref && !ref.apiVersion) {
    ref.apiVersion = 'v1';
  }
}

/** SetDefaults_HTTPGetAction: path `/`, scheme HTTP. */
function defaultHTTPGet(action: Obj | undefined): void {
  if (!action) {
    return;
  }
  action.path ||= '/';
  action.scheme ||= 'HTTP';
}

/** SetDefaults_Probe plus its handler defaults. */
export function defaultProbe(probe: Obj | undefined): void {
  if (!probe) {
    return;
  }
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHTTPGet(probe.httpGet);
  if (probe.grpc && probe.grpc.service == null) {
    probe.grpc.service = '';
  }
}

/** SetDefaults_Container and the defaults nested in a container (ports, env, resources, probes). */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy = defaultPullPolicy(c.image);
  }
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const port of c.ports ?? []) {
    port.protocol ||= 'TCP';
  }
  for (const env of c.env ?? []) {
    defaultFieldRef(env?.valueFrom?.fieldRef);
  }
  c.resources ??= {};
  canonicalizeResourceList(c.resources.limits);
  canonicalizeResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHTTPGet(c.lifecycle?.postStart?.httpGet);
  defaultHTTPGet(c.lifecycle?.preStop?.httpGet);
}

/** SetDefaults_Volume and the per-source defaults (modes, hostPath type, token expiry). */
export function defaultVolume(v: Obj): void {
  const hasSource = Object.keys(v).some((k) => k !== 'name' && v[k] != null);
  if (!hasSource) {
    v.emptyDir = {};
  }
  if (v.hostPath && v.hostPath.type == null) {
    v.hostPath.type = '';
  }
  for (const source of [v.secret, v.configMap, v.downwardAPI, v.projected]) {
    if (source && source.defaultMode == null) {
      source.defaultMode = DEFAULT_VOLUME_MODE;
    }
  }
  for (const item of v.downwardAPI?.items ?? []) {
    defaultFieldRef(item?.fieldRef);
  }
  for (const source of v.projected?.sources ?? []) {
    for (const item of source?.downwardAPI?.items ?? []) {
      defaultFieldRef(item?.fieldRef);
    }
    if (source?.serviceAccountToken && source.serviceAccountToken.expirationSeconds == null) {
      source.serviceAccountToken.expirationSeconds = 3600;
    }
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec) {
    defaultPersistentVolumeClaimSpec(claimSpec);
  }
}

/** SetDefaults_PersistentVolumeClaimSpec: volumeMode Filesystem; quantities canonical. */
export function defaultPersistentVolumeClaimSpec(spec: Obj): void {
  spec.volumeMode ??= 'Filesystem';
  canonicalizeResourceList(spec.resources?.limits);
  canonicalizeResourceList(spec.resources?.requests);
}

/**
 * SetDefaults_PodSpec and everything nested in a pod spec. Shared by pods and by every pod
 * template (deployments, replicasets, statefulsets, daemonsets, jobs, podtemplates).
 */
export function defaultPodSpec(spec: Obj): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // The deprecated serviceAccount mirrors serviceAccountName (core/v1 conversion).
  if (!spec.serviceAccountName && spec.serviceAccount) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (spec.serviceAccountName) {
    spec.serviceAccount = spec.serviceAccountName;
  } else {
    delete spec.serviceAccount;
  }
  for (const v of spec.volumes ?? []) {
    defaultVolume(v);
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    defaultContainer(c);
  }
  canonicalizeResourceList(spec.overhead);
}

/** Defaults of a PodTemplateSpec: metadata is a struct (always present), then the pod spec. */
export function defaultPodTemplateSpec(template: Obj): void {
  template.metadata ??= {};
  if (template.metadata.creationTimestamp === null) {
    delete template.metadata.creationTimestamp;
  }
  template.spec ??= {};
  defaultPodSpec(template.spec);
}

/**
 * SetDefaults_Pod then the pod spec: requests default to limits, service links are enabled,
 * and with host networking container ports get their hostPort.
 */
export function defaultPod(pod: Obj): void {
  const spec: Obj = (pod.spec ??= {});
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (limits) {
      c.resources.requests ??= {};
      for (const [k, v] of Object.entries(limits)) {
        if (!(k in c.resources.requests)) {
          c.resources.requests[k] = v;
        }
      }
    }
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of c?.ports ?? []) {
        if (!port.hostPort) {
          port.hostPort = port.containerPort;
        }
      }
    }
  }
  defaultPodSpec(spec);
}
