import { ApiError, type KubeClient } from 'src/controllers/runtime/kube-client';
import { LeaderElector } from 'src/controllers/runtime/leader-election';
import type { KubeObject } from 'src/registry/generic/object';

/** One Lease behind the API calls the elector makes, with resourceVersion preconditions. */
function fakeLeaseApi(): { client: KubeClient; lease: () => KubeObject | undefined } {
  let stored: KubeObject | undefined;
  let rv = 0;
  const conflict = () => new ApiError(409, 'Conflict', { message: 'the object has been modified' });
  const client = {
    get: async () => {
      if (!stored) {
        throw new ApiError(404, 'NotFound', {});
      }
      return structuredClone(stored);
    },
    create: async (_p: string, body: KubeObject) => {
      if (stored) {
        throw new ApiError(409, 'AlreadyExists', {});
      }
      stored = { ...structuredClone(body), metadata: { ...body.metadata, resourceVersion: String(++rv) } };
      return structuredClone(stored);
    },
    replace: async (_p: string, body: KubeObject) => {
      if (!stored || body.metadata.resourceVersion !== stored.metadata.resourceVersion) {
        throw conflict();
      }
      stored = JSON.parse(JSON.stringify({ ...body, metadata: { ...body.metadata, resourceVersion: String(++rv) } }));
      return structuredClone(stored!);
    },
  } as unknown as KubeClient;
  return { client, lease: () => stored };
}

const fast = { namespace: 'kube-system', name: 'kube-scheduler', leaseDurationMs: 300, renewDeadlineMs: 200, retryPeriodMs: 30 };
const until = async (f: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) {
      throw new Error('condition not reached');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('LeaderElector', () => {
  it('creates the lease when none exists and keeps renewing it', async () => {
    const api = fakeLeaseApi();
    const a = new LeaderElector(api.client, { ...fast, identity: 'a' });
    let leading = false;
    const run = a.run({ onStartedLeading: () => void (leading = true), onStoppedLeading: () => undefined });
    await until(() => leading);
    const firstRenew = api.lease()!.spec.renewTime;
    expect(api.lease()!.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 1, leaseTransitions: 0 });
    await until(() => api.lease()!.spec.renewTime !== firstRenew);
    await a.release();
    await run;
    expect(api.lease()!.spec.holderIdentity).toBeUndefined();
  });

  it('keeps a second candidate waiting while the holder renews, and lets it take over after release', async () => {
    const api = fakeLeaseApi();
    const a = new LeaderElector(api.client, { ...fast, identity: 'a' });
    const b = new LeaderElector(api.client, { ...fast, identity: 'b' });
    const started: string[] = [];
    const runA = a.run({ onStartedLeading: () => void started.push('a'), onStoppedLeading: () => undefined });
    await until(() => started.includes('a'));
    const runB = b.run({ onStartedLeading: () => void started.push('b'), onStoppedLeading: () => undefined });
    await new Promise((r) => setTimeout(r, 600));
    expect(started).toEqual(['a']);
    await a.release();
    await runA;
    await until(() => started.includes('b'));
    expect(api.lease()!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.release();
    await runB;
  });

  it('takes over a lease whose holder stopped renewing, once it has been unchanged for the lease duration', async () => {
    const api = fakeLeaseApi();
    await api.client.create('', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: { holderIdentity: 'dead', leaseDurationSeconds: 1, renewTime: '2020-01-01T00:00:00.000000Z', leaseTransitions: 3 },
    });
    const b = new LeaderElector(api.client, { ...fast, identity: 'b' });
    let at = 0;
    const t0 = Date.now();
    const run = b.run({ onStartedLeading: () => void (at = Date.now()), onStoppedLeading: () => undefined });
    await until(() => at > 0);
    // The stale renewTime alone is not trusted: b waited a full lease duration (1 s) from first sight.
    expect(at - t0).toBeGreaterThanOrEqual(950);
    expect(api.lease()!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 4 });
    await b.release();
    await run;
  });
});
