import { daemonSetController } from 'src/controllers/daemonset/daemonset.reconciler';
import { garbageCollectorController } from 'src/controllers/garbage-collector/garbage-collector.reconciler';
import { namespaceController } from 'src/controllers/namespace/namespace.reconciler';
import type { ControllerFactory } from 'src/controllers/runtime/controller';
import { rootCaCertPublisherController } from 'src/controllers/serviceaccount/root-ca-cert-publisher.reconciler';
import { serviceAccountController } from 'src/controllers/serviceaccount/serviceaccount.reconciler';
import { statefulSetController } from 'src/controllers/statefulset/statefulset.reconciler';

/**
 * Every control loop of `kubepg controller-manager`, by upstream's controller name
 * (kube-controller-manager --controllers).
 */
export const CONTROLLERS: Record<string, ControllerFactory> = {
  daemonset: daemonSetController,
  'garbage-collector': garbageCollectorController,
  namespace: namespaceController,
  'root-ca-cert-publisher': rootCaCertPublisherController,
  serviceaccount: serviceAccountController,
  statefulset: statefulSetController,
};
