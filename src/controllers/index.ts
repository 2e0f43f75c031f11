import type { ControllerFactory } from 'src/controllers/runtime/controller';

/**
 * Every control loop of `kubepg controller-manager`, by upstream's controller name
 * (kube-controller-manager --controllers).
 */
export const CONTROLLERS: Record<string, ControllerFactory> = {};
