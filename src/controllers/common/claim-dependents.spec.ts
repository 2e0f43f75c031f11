import type { KubeObject } from 'src/registry/generic/object';
import { ApiError, type KubeClient } from 'src/controllers/runtime/kube-client';
import { claimDependents, planClaims, type DependentClaim } from 'src/controllers/common/claim-dependents';

const OWNER: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' } };

function dep(name: string, opts: { app?: string; controller?: string; deleting?: boolean; namespace?: string } = {}): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace: opts.namespace ?? 'ns', uid: `${name}-uid`, labels: { app: opts.app ?? 'web' } };
  if (opts.controller) {
    metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: opts.controller, controller: true }];
  }
  if (opts.deleting) {
    metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata };
}

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name);
const isWeb = (d: KubeObject) => d.metadata.labels?.app === 'web';

describe('planClaims', () => {
  const candidates = [
    dep('mine', { controller: 'rs-uid' }),
    dep('mine-unmatched', { controller: 'rs-uid', app: 'db' }),
    dep('mine-unmatched-deleting', { controller: 'rs-uid', app: 'db', deleting: true }),
    dep('theirs', { controller: 'other-uid' }),
    dep('orphan'),
    dep('orphan-unmatched', { app: 'db' }),
    dep('orphan-deleting', { deleting: true }),
    dep('orphan-elsewhere', { namespace: 'other' }),
  ];

  it('keeps owned matches, adopts matching live orphans of its namespace, releases live owned non-matches', () => {
    const plan = planClaims(OWNER, isWeb, candidates);
    expect([names(plan.owned), names(plan.adopt), names(plan.release)]).toEqual([['mine'], ['orphan'], ['mine-unmatched']]);
  });

  it('a controller being deleted keeps what it owns but neither adopts nor releases', () => {
    const plan = planClaims({ ...OWNER, metadata: { ...OWNER.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }, isWeb, candidates);
    expect([names(plan.owned), names(plan.adopt), names(plan.release)]).toEqual([['mine'], [], []]);
  });
});

/** A client recording PATCHes; `fail` maps a path to the error its PATCH throws. */
function fakeClient(fail: Record<string, unknown> = {}): { client: KubeClient; patches: [string, unknown][] } {
  const patches: [string, unknown][] = [];
  const client = {
    async patch(path: string, body: unknown) {
      patches.push([path, body]);
      if (fail[path]) {
        throw fail[path];
      }
      return { metadata: { name: path, patched: true } };
    },
  } as unknown as KubeClient;
  return { client, patches };
}

function claim(candidates: KubeObject[], extra: Partial<DependentClaim> = {}): DependentClaim {
  return {
    owner: OWNER,
    selector: { matchLabels: { app: 'web' } },
    candidates,
    pathOf: (d) => d.metadata.name!,
    fetchOwner: async () => OWNER,
    ...extra,
  };
}

describe('claimDependents', () => {
  it('adopts with the controller ref, the finalizers and a uid precondition; returns the patched objects', async () => {
    const { client, patches } = fakeClient();
    const owned = await claimDependents(client, claim([dep('mine', { controller: 'rs-uid' }), dep('orphan')], { finalizers: ['example.com/f'] }));
    expect(patches).toEqual([
      [
        'orphan',
        {
          metadata: {
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
            uid: 'orphan-uid',
            finalizers: ['example.com/f'],
          },
        },
      ],
    ]);
    expect(owned.map((o) => [o.metadata.name, o.metadata.patched])).toEqual([
      ['mine', undefined],
      ['orphan', true],
    ]);
  });

  it('releases owned dependents the filter rejects, ignoring NotFound and Invalid', async () => {
    const invalid = new ApiError(422, 'Invalid', { message: 'uid mismatch' });
    const { client, patches } = fakeClient({ 'web-7': invalid });
    const owned = await claimDependents(
      client,
      claim([dep('web-0', { controller: 'rs-uid' }), dep('web-7', { controller: 'rs-uid' }), dep('stranger')], { filter: (d) => d.metadata.name === 'web-0' }),
    );
    expect(names(owned)).toEqual(['web-0']);
    expect(patches).toEqual([['web-7', { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'web-7-uid' } }]]);
  });

  it('adopts nothing when the uncached owner is being deleted or was replaced', async () => {
    const { client, patches } = fakeClient();
    const deleting = { ...OWNER, metadata: { ...OWNER.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    await expect(claimDependents(client, claim([dep('orphan')], { fetchOwner: async () => deleting }))).rejects.toThrow(
      'ns/web has just been deleted at 2026-01-01T00:00:00Z',
    );
    const replaced = { ...OWNER, metadata: { ...OWNER.metadata, uid: 'new-uid' } };
    await expect(claimDependents(client, claim([dep('orphan')], { fetchOwner: async () => replaced }))).rejects.toThrow(
      'original ReplicaSet ns/web is gone: got uid new-uid, wanted rs-uid',
    );
    expect(patches).toEqual([]);
  });

  it('throws the first failed write after attempting the others', async () => {
    const boom = new ApiError(500, 'InternalError', { message: 'boom' });
    const { client, patches } = fakeClient({ orphan: boom });
    await expect(claimDependents(client, claim([dep('orphan'), dep('old', { controller: 'rs-uid', app: 'db' })]))).rejects.toBe(boom);
    expect(patches.map(([path]) => path)).toEqual(['orphan', 'old']);
  });
});
