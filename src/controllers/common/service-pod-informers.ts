import { byNamespace } from 'src/controllers/common/pods';
import { selectorMatches, servicesForPodEvent } from 'src/controllers/common/service-endpoints';
import type { ControllerContext } from 'src/controllers/runtime/controller';
import { keyOf, type Informer } from 'src/controllers/runtime/informer';
import type { KubeObject } from 'src/registry/generic/object';

// The event wiring the Endpoints and EndpointSlice controllers share.
// Semantics: kubernetes pkg/controller/endpoint/endpoints_controller.go and
// pkg/controller/endpointslice/endpointslice_controller.go (onServiceUpdate/onServiceDelete,
// addPod/updatePod/deletePod).

/** The Service and pod informers of an endpoints controller, both indexed by namespace. */
export interface ServicePodInformers {
  services: Informer<KubeObject>;
  pods: Informer<KubeObject>;
}

/**
 * Opens the Service and pod informers and wires their events: a Service event passes that
 * Service's key to `onService`, a pod event the key of every Service whose selector the pod
 * matched before or after the change (as far as it matters to endpoints) to `onPodService`.
 */
export function watchServicesAndPods(ctx: ControllerContext, onService: (key: string) => void, onPodService: (key: string) => void): ServicePodInformers {
  const services = ctx.informers.informer('/api/v1/services', { byNamespace });
  const pods = ctx.informers.informer('/api/v1/pods', { byNamespace });
  services.on('add', (s) => onService(keyOf(s)));
  services.on('update', (s) => onService(keyOf(s)));
  services.on('delete', (s) => onService(keyOf(s)));
  const onPod = (old: KubeObject | undefined, cur: KubeObject | undefined): void => {
    const ns = (cur ?? old)!.metadata.namespace ?? '';
    for (const key of servicesForPodEvent(services.byIndex('byNamespace', ns), old, cur)) {
      onPodService(key);
    }
  };
  pods.on('add', (p) => onPod(undefined, p));
  pods.on('update', (p, old) => onPod(old, p));
  pods.on('delete', (p) => onPod(p, undefined));
  return { services, pods };
}

/** The pods of a Service's namespace its selector matches. */
export function selectedPods(pods: Informer<KubeObject>, svc: KubeObject): KubeObject[] {
  return pods.byIndex('byNamespace', svc.metadata.namespace ?? '').filter((p) => selectorMatches(svc.spec?.selector, p.metadata.labels));
}
