import { networkInterfaces } from 'node:os';
import type { KubeObject } from 'src/registry/generic/object';
import { timestamp } from 'src/registry/generic/object-meta';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { GenericStore } from 'src/registry/generic/store';
import type { Registry } from 'src/registry/registry';
import { formatIPv4, type IPRange } from 'src/registry/core/service/ip-range';

// Semantics: kubernetes pkg/controlplane/controller/defaultservicecidr (the `kubernetes`
// ServiceCIDR, Ready once it matches this apiserver's range), controlplane/controller/
// kubernetesservice (CreateOrUpdateMasterServiceIfNeeded: the `kubernetes` Service on the first
// address of the range, port 443 to the apiserver's port) and controlplane/reconcilers (the
// `kubernetes` Endpoints and, where discovery.k8s.io is served, its EndpointSlice). Every step
// creates what is missing and tolerates losing a race to another apiserver on the same database.

/** The name of the default ServiceCIDR and of the Service, Endpoints and EndpointSlice. */
const KUBERNETES = 'kubernetes';

/** Where the `kubernetes` Service points. */
export interface KubernetesServiceOptions {
  range: IPRange;
  /** The apiserver's HTTPS port (the Service's targetPort). */
  port: number;
  /** The address written into the Endpoints. */
  address: string;
}

/**
 * The address other components reach this apiserver at: the bind address when it names one
 * interface, otherwise the first non-internal IPv4 address of the host, or 127.0.0.1.
 * Semantics: k8s.io/apimachinery util/net ResolveBindAddress / ChooseHostInterface.
 */
export function advertiseAddress(bindAddress: string): string {
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::' && !bindAddress.startsWith('127.') && bindAddress !== '::1') {
    return bindAddress;
  }
  const v4 = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return v4?.address ?? '127.0.0.1';
}

/** Ignores AlreadyExists (another apiserver won the race); rethrows anything else. */
function unlessExists(err: { code?: number; status?: { reason?: string } }): undefined {
  if (err.status?.reason === 'AlreadyExists') {
    return undefined;
  }
  throw err;
}

async function getOrUndefined(store: GenericStore, resource: RegisteredResource, name: string, namespace?: string): Promise<KubeObject | undefined> {
  try {
    return JSON.parse(await store.get({ resource, namespace, name })) as KubeObject;
  } catch (err) {
    if ((err as { code?: number }).code === 404) {
      return undefined;
    }
    throw err;
  }
}

/** The default ServiceCIDR `kubernetes` with the configured range, marked Ready. */
export async function ensureDefaultServiceCIDR(store: GenericStore, registry: Registry, range: IPRange, log: (m: string) => void): Promise<void> {
  const resource = registry.byResource('servicecidrs.networking.k8s.io')!;
  let cidr = await getOrUndefined(store, resource, KUBERNETES);
  if (!cidr) {
    const obj = { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: KUBERNETES }, spec: { cidrs: [range.cidr] } };
    await store.create(resource, undefined, obj, { manager: 'kube-apiserver' }).catch(unlessExists);
    cidr = await getOrUndefined(store, resource, KUBERNETES);
  }
  if (!cidr) {
    return;
  }
  if (JSON.stringify(cidr.spec?.cidrs) !== JSON.stringify([range.cidr])) {
    log(`the default ServiceCIDR has ${JSON.stringify(cidr.spec?.cidrs)}, this apiserver is configured with ${range.cidr}`);
    return;
  }
  if ((cidr.status?.conditions ?? []).some((c: { type: string }) => c.type === 'Ready')) {
    return;
  }
  const ready = { type: 'Ready', status: 'True', lastTransitionTime: timestamp(new Date()), reason: '', message: 'Kubernetes default Service CIDR is ready' };
  await store.update({ resource, name: KUBERNETES, subresource: 'status' }, (cur) => ({ ...cur, status: { conditions: [ready] } }), {
    manager: 'kubernetes-service-cidr-controller',
  });
}

/** The `kubernetes` Service, Endpoints and EndpointSlice in `default`, created or brought up to date. */
export async function ensureKubernetesService(store: GenericStore, registry: Registry, opts: KubernetesServiceOptions): Promise<void> {
  const services = registry.byResource('services')!;
  const ports = [{ name: 'https', protocol: 'TCP', port: 443, targetPort: opts.port }];
  const svc = await getOrUndefined(store, services, KUBERNETES, 'default');
  if (!svc) {
    const obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: KUBERNETES, namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: formatIPv4(opts.range.first), sessionAffinity: 'None', ports },
    };
    await store.create(services, 'default', obj, { manager: 'kube-apiserver' }).catch(unlessExists);
  } else if (svc.spec?.ports?.[0]?.targetPort !== opts.port || svc.spec?.ports?.length !== 1) {
    await store.update({ resource: services, namespace: 'default', name: KUBERNETES }, (cur) => ({ ...cur, spec: { ...cur.spec, ports } }), {
      manager: 'kube-apiserver',
    });
  }
  await ensureEndpoints(store, registry, opts);
}

/** The Endpoints (every apiserver's address on the current port) and, if served, its EndpointSlice. */
async function ensureEndpoints(store: GenericStore, registry: Registry, opts: KubernetesServiceOptions): Promise<void> {
  const endpoints = registry.byResource('endpoints')!;
  const port = { name: 'https', port: opts.port, protocol: 'TCP' };
  const current = await getOrUndefined(store, endpoints, KUBERNETES, 'default');
  const subset = current?.subsets?.[0];
  const samePort = subset?.ports?.length === 1 && subset.ports[0].port === opts.port;
  const known: string[] = samePort ? (subset.addresses ?? []).map((a: { ip: string }) => a.ip) : [];
  const addresses = [...new Set([...known, opts.address])].sort().map((ip) => ({ ip }));
  const subsets = [{ addresses, ports: [port] }];
  if (!current) {
    const obj = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: KUBERNETES, namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets,
    };
    await store.create(endpoints, 'default', obj, { manager: 'kube-apiserver' }).catch(unlessExists);
  } else if (!known.includes(opts.address)) {
    await store.update({ resource: endpoints, namespace: 'default', name: KUBERNETES }, (cur) => ({ ...cur, subsets }), { manager: 'kube-apiserver' });
  }
  const slices = registry.byResource('endpointslices.discovery.k8s.io');
  if (!slices) {
    return;
  }
  const slice = {
    addressType: 'IPv4',
    endpoints: addresses.map((a) => ({ addresses: [a.ip], conditions: { ready: true } })),
    ports: [port],
  };
  const existing = await getOrUndefined(store, slices, KUBERNETES, 'default');
  if (!existing) {
    const obj = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: KUBERNETES, namespace: 'default', labels: { 'kubernetes.io/service-name': KUBERNETES } },
      ...slice,
    };
    await store.create(slices, 'default', obj, { manager: 'kube-apiserver' }).catch(unlessExists);
  } else if (JSON.stringify(existing.endpoints) !== JSON.stringify(slice.endpoints) || existing.ports?.[0]?.port !== opts.port) {
    await store.update({ resource: slices, namespace: 'default', name: KUBERNETES }, (cur) => ({ ...cur, ...slice }), { manager: 'kube-apiserver' });
  }
}
