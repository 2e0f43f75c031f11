// What tests that run controllers in-process against a test apiserver share: starting a controller
// set, checking that an object is gone, and playing the kubelet's pod status writes.
import { startControllers, type ControllerSet } from 'src/controllers/controller-manager';
import { CONTROLLERS } from 'src/controllers/index';
import type { ControllerFactory, ControllerOptions } from 'src/controllers/runtime/controller';
import { isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';

/**
 * Starts controllers in this process the way `kubepg controller-manager` does (startControllers:
 * shared informers, recorders, synced caches). `controllers` lists names of CONTROLLERS, or maps
 * names to the factories to run under them (a controller built with test tunables); those stand in
 * the registry only while the set is built.
 */
export async function runControllers(
  client: KubeClient,
  controllers: string[] | Record<string, ControllerFactory>,
  options: Partial<ControllerOptions> = {},
): Promise<ControllerSet> {
  if (Array.isArray(controllers)) {
    return startControllers(client, { controllers, options });
  }
  const saved = new Map(Object.keys(controllers).map((name) => [name, CONTROLLERS[name]]));
  Object.assign(CONTROLLERS, controllers);
  try {
    return await startControllers(client, { controllers: Object.keys(controllers), options });
  } finally {
    for (const [name, factory] of saved) {
      if (factory) {
        CONTROLLERS[name] = factory;
      } else {
        delete CONTROLLERS[name];
      }
    }
  }
}

/** Whether a GET of the path answers NotFound (other errors are thrown). */
export async function gone(client: KubeClient, path: string): Promise<boolean> {
  return client.get(path).then(
    () => false,
    (err: unknown) => {
      if (isNotFound(err)) {
        return true;
      }
      throw err;
    },
  );
}

/** A timestamp as the apiserver stores metav1.Time: RFC 3339 in whole seconds. */
export function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** What a kubelet reports for a pod whose containers run. */
export interface RunningPodStatus {
  /** The Ready condition (default true). */
  ready?: boolean;
  /** The pod IP (podIP and podIPs), if it has one. */
  ip?: string;
}

/** Plays the kubelet: PATCHes the pod's status to Running with a Ready condition and, if given, its IP. */
export function setPodRunning(client: KubeClient, namespace: string, name: string, opts: RunningPodStatus = {}): Promise<KubeObject> {
  const status: Record<string, unknown> = {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: (opts.ready ?? true) ? 'True' : 'False', lastTransitionTime: nowSeconds() }],
  };
  if (opts.ip) {
    status.podIP = opts.ip;
    status.podIPs = [{ ip: opts.ip }];
  }
  return client.patch<KubeObject>(resourcePath('v1', 'pods', namespace, name, 'status'), { status }, 'strategic');
}
