// The ServiceAccount admission plugin on pod create: the default service account, the projected
// API-access volume mounted into every container, and the account's image pull secrets.
// Semantics: kubernetes plugin/pkg/admission/serviceaccount/admission.go (Admit, shouldAutomount,
// mountServiceAccountToken, TokenVolumeSource) and pkg/apis/core/v1/conversion.go
// (DeprecatedServiceAccount as an alias of ServiceAccountName).
//
// Unlike upstream, a pod whose ServiceAccount does not exist is admitted (upstream answers 403
// "error looking up service account"): many callers create pods in namespaces that no
// controller-manager has given a "default" ServiceAccount. Such a pod is treated as if its
// account had no automount preference. The mirror-pod restrictions of Validate are not enforced.

import type { KubeObject } from 'src/registry/generic/object';
import { generateName } from 'src/registry/generic/object-meta';
import type { StrategyContext } from 'src/registry/generic/resource';

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The service account a pod without one runs as. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Prefix of the generated name of the API-access volume (followed by 5 random characters). */
export const API_ACCESS_VOLUME_PREFIX = 'kube-api-access-';

/** Where the API-access volume is mounted in every container. */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Annotation the kubelet puts on the mirror pods of static pods; admission leaves them alone. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * Lifetime of the projected token (pkg/serviceaccount WarnOnlyBoundTokenExpirationSeconds):
 * one hour plus 7 s, so that a token used past its hour can be told apart in the audit log.
 */
export const API_TOKEN_EXPIRATION_SECONDS = 3607;

/** Mode of the projected files (0644), set explicitly as upstream does (kubernetes#104464). */
const PROJECTED_DEFAULT_MODE = 420;

/**
 * The projected volume source of the API-access volume: a bound token, the cluster CA from the
 * kube-root-ca.crt ConfigMap and the pod's namespace, in upstream's order.
 */
export function tokenVolumeSource(): Obj {
  return {
    defaultMode: PROJECTED_DEFAULT_MODE,
    sources: [
      { serviceAccountToken: { expirationSeconds: API_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/**
 * ServiceAccount admission of a new pod: a pod without a service account runs as `default`;
 * unless the pod (or else its account) turns automounting off, every init container and
 * container gets the API-access volume; a pod without image pull secrets gets its account's.
 * Mirror pods are not changed. `lookup` reads the ServiceAccount (absent: there is none).
 */
export function admitServiceAccount(pod: KubeObject, lookup?: StrategyContext['lookup']): void {
  const spec: Obj | undefined = pod.spec;
  if (!spec || typeof spec !== 'object' || pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    return;
  }
  spec.serviceAccountName ||= spec.serviceAccount || DEFAULT_SERVICE_ACCOUNT;
  spec.serviceAccount = spec.serviceAccountName;
  const account = lookup?.('serviceaccounts', pod.metadata.namespace ?? '', spec.serviceAccountName);
  if (shouldAutomount(spec, account)) {
    mountApiAccessVolume(spec);
  }
  const pullSecrets: Obj[] = account?.imagePullSecrets ?? [];
  if (!spec.imagePullSecrets?.length && pullSecrets.length > 0) {
    spec.imagePullSecrets = pullSecrets.map((s) => ({ name: s.name }));
  }
}

/** The pod's automountServiceAccountToken wins, then the account's; mounting is the default. */
function shouldAutomount(spec: Obj, account: KubeObject | undefined): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') {
    return spec.automountServiceAccountToken;
  }
  if (typeof account?.automountServiceAccountToken === 'boolean') {
    return account.automountServiceAccountToken;
  }
  return true;
}

/**
 * Mounts the API-access volume (an existing `kube-api-access-*` volume, else a new one) read-only
 * into each init container and container that has nothing at the token path yet. Ephemeral
 * containers are left out, as upstream. The volume is added only when some container mounts it.
 */
function mountApiAccessVolume(spec: Obj): void {
  const volumes: Obj[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing = volumes.find((v) => typeof v?.name === 'string' && v.name.startsWith(API_ACCESS_VOLUME_PREFIX));
  const name: string = existing?.name ?? generateName(API_ACCESS_VOLUME_PREFIX);
  let mounted = false;
  for (const list of ['initContainers', 'containers']) {
    for (const container of Array.isArray(spec[list]) ? (spec[list] as Obj[]) : []) {
      if (!container || typeof container !== 'object') {
        continue;
      }
      const mounts: Obj[] = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
      if (mounts.some((m) => m?.mountPath === API_TOKEN_MOUNT_PATH)) {
        continue;
      }
      container.volumeMounts = [...mounts, { name, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH }];
      mounted = true;
    }
  }
  if (mounted && !existing) {
    spec.volumes = [...volumes, { name, projected: tokenVolumeSource() }];
  }
}
