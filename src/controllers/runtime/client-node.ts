import type * as k8s from '@kubernetes/client-node';

/**
 * Node's own require. @kubernetes/client-node 1.x is ES modules only; Node 20's require() loads it
 * (no top-level await), but jest's CommonJS registry cannot, so the module is fetched lazily through
 * the real loader and only by code that runs outside unit tests.
 */
const nativeRequire = (process as unknown as { getBuiltinModule(id: string): typeof import('node:module') })
  .getBuiltinModule('node:module')
  .createRequire(__filename);

let loaded: typeof k8s | undefined;

/** The @kubernetes/client-node module, loaded on first use. */
export function loadClientNode(): typeof k8s {
  loaded ??= nativeRequire('@kubernetes/client-node') as typeof k8s;
  return loaded;
}
