import type { KubeObject, OwnerReference } from 'src/registry/generic/object';
import { claimIsStale, claimOwnerRefs, isClaimOwnerUpToDate } from 'src/controllers/statefulset/claims';
import { claimsForPod, identityMatches, newStatefulSetPod, parentAndOrdinal, storageMatches } from 'src/controllers/statefulset/identity';

function set(whenDeleted: string, whenScaled: string, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns', uid: 'set-uid' },
    spec: {
      replicas,
      serviceName: 'svc',
      selector: { matchLabels: { app: 'web' } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'] } }],
    },
  };
}

function podOf(s: KubeObject, ordinal: number): KubeObject {
  const p = newStatefulSetPod(s, ordinal, 'web-rev');
  p.metadata.uid = `pod-${ordinal}`;
  return p;
}

const claim = (refs?: OwnerReference[]): KubeObject => ({ metadata: { name: 'www-web-1', namespace: 'ns', ownerReferences: refs } });
const owners = (refs: OwnerReference[]) => refs.map((r) => `${r.kind}/${r.name}`).sort();

describe('claim owner references under the retention policy', () => {
  it.each([
    ['Retain', 'Retain', 1, []],
    ['Delete', 'Retain', 1, ['StatefulSet/web']],
    ['Retain', 'Delete', 1, []],
    ['Retain', 'Delete', 2, ['Pod/web-2']],
    ['Delete', 'Delete', 1, ['StatefulSet/web']],
    ['Delete', 'Delete', 2, ['Pod/web-2']],
  ])('whenDeleted %s, whenScaled %s, ordinal %p: %p', (whenDeleted, whenScaled, ordinal, want) => {
    const s = set(whenDeleted as string, whenScaled as string);
    const p = podOf(s, ordinal as number);
    const refs = claimOwnerRefs(claim(), s, p);
    expect(owners(refs)).toEqual(want);
    expect(isClaimOwnerUpToDate({ metadata: { ownerReferences: refs } }, s, p)).toBe(true);
    expect(isClaimOwnerUpToDate(claim([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'x' }]), s, p)).toBe((want as string[]).length === 0);
  });

  it('leaves a claim that a former set of the same name references alone', () => {
    const s = set('Delete', 'Retain');
    const stale = claim([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'old-uid', controller: true }]);
    expect(isClaimOwnerUpToDate(stale, s, podOf(s, 0))).toBe(true);
  });

  it('sees a claim of a former pod as stale only when scale-down deletes claims', () => {
    const fresh = { metadata: { name: 'web-1' } } as KubeObject;
    const old = claim([{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'gone', controller: true }]);
    expect(claimIsStale(set('Retain', 'Delete'), fresh, [old])).toBe(true);
    expect(claimIsStale(set('Retain', 'Retain'), fresh, [old])).toBe(false);
    expect(claimIsStale(set('Retain', 'Delete'), fresh, [undefined])).toBe(false);
  });

  it('keeps another controller and adds nothing on top of it', () => {
    const s = set('Delete', 'Delete');
    const other = { apiVersion: 'example.com/v1', kind: 'Thing', name: 't', uid: 't', controller: true };
    expect(claimOwnerRefs(claim([other]), s, podOf(s, 0))).toEqual([other]);
  });
});

describe('statefulset pod identity', () => {
  it('names pods and claims after the set and ordinal, with the selector labels on claims', () => {
    const s = set('Retain', 'Retain');
    const p = podOf(s, 1);
    expect(p.metadata).toMatchObject({
      name: 'web-1',
      namespace: 'ns',
      labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-rev' },
    });
    expect(p.spec).toMatchObject({ hostname: 'web-1', subdomain: 'svc', volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }] });
    expect(identityMatches(s, p)).toBe(true);
    expect(storageMatches(s, p)).toBe(true);
    const [c] = claimsForPod(s, p).values();
    expect(c.metadata).toMatchObject({ name: 'www-web-1', namespace: 'ns', labels: { tier: 'data', app: 'web' } });
  });

  it.each([
    ['web-0', 'web', 0],
    ['my-db-12', 'my-db', 12],
    ['web', '', -1],
    ['web-99999999999', 'web', -1],
  ])('parses %p as parent %p, ordinal %p', (name, parent, ordinal) => {
    expect(parentAndOrdinal(name)).toEqual({ parent, ordinal });
  });
});
