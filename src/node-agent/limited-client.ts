import type { KubeClient } from 'src/controllers/runtime/kube-client';

/** Runs at most `max` async tasks at once; the rest wait in arrival order. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /** Runs `task` once a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.running--;
      }
    }
  }
}

/**
 * A view of `client` whose requests go through `limiter`: every helper (get, create, patch …)
 * calls `request`, so overriding it bounds everything written through the view, e.g. the Events
 * of a thousand per-node recorders.
 */
export function limitedClient(client: KubeClient, limiter: Limiter): KubeClient {
  const view = Object.create(client) as KubeClient;
  view.request = <T>(method: string, path: string, opts?: Parameters<KubeClient['request']>[2]) => limiter.run(() => client.request<T>(method, path, opts));
  return view;
}
