import { cronJobController } from 'src/controllers/cronjob/cronjob.reconciler';
import { daemonSetController } from 'src/controllers/daemonset/daemonset.reconciler';
import { deploymentController } from 'src/controllers/deployment/deployment.reconciler';
import { endpointsController } from 'src/controllers/endpoints/endpoints.reconciler';
import { endpointSliceController } from 'src/controllers/endpointslice/endpointslice.reconciler';
import { garbageCollectorController } from 'src/controllers/garbage-collector/garbage-collector.reconciler';
import { jobController } from 'src/controllers/job/job.reconciler';
import { namespaceController } from 'src/controllers/namespace/namespace.reconciler';
import { nodeLifecycleController } from 'src/controllers/node-lifecycle/node-lifecycle.reconciler';
import { podGcController } from 'src/controllers/podgc/podgc.reconciler';
import { replicaSetController } from 'src/controllers/replicaset/replicaset.reconciler';
import type { ControllerFactory } from 'src/controllers/runtime/controller';
import { rootCaCertPublisherController } from 'src/controllers/serviceaccount/root-ca-cert-publisher.reconciler';
import { serviceAccountController } from 'src/controllers/serviceaccount/serviceaccount.reconciler';
import { statefulSetController } from 'src/controllers/statefulset/statefulset.reconciler';
import { ttlAfterFinishedController } from 'src/controllers/ttl-after-finished/ttl-after-finished.reconciler';

/**
 * Every control loop of `kubepg controller-manager`, by upstream's controller name
 * (kube-controller-manager --controllers).
 */
export const CONTROLLERS: Record<string, ControllerFactory> = {
  cronjob: cronJobController,
  daemonset: daemonSetController,
  deployment: deploymentController,
  endpoints: endpointsController,
  endpointslice: endpointSliceController,
  'garbage-collector': garbageCollectorController,
  job: jobController,
  namespace: namespaceController,
  'node-lifecycle': nodeLifecycleController,
  podgc: podGcController,
  replicaset: replicaSetController,
  'root-ca-cert-publisher': rootCaCertPublisherController,
  serviceaccount: serviceAccountController,
  statefulset: statefulSetController,
  'ttl-after-finished': ttlAfterFinishedController,
};
