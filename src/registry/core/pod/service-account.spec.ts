import type { KubeObject } from 'src/registry/generic/object';
import { admitServiceAccount } from 'src/registry/core/pod/service-account';

const PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const NAME = /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

const pod = (spec: Record<string, any>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'team', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});

/** A lookup that knows the given ServiceAccounts (namespace `team`) and records what it was asked. */
function accounts(...sas: Record<string, any>[]): { lookup: (gr: string, ns: string, name: string) => KubeObject | undefined; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: (gr, ns, name) => {
      asked.push(`${gr} ${ns}/${name}`);
      const sa = sas.find((s) => s.metadata.name === name && ns === 'team');
      return sa as KubeObject | undefined;
    },
  };
}

const sa = (name: string, extra: Record<string, any> = {}) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'team' }, ...extra });

describe('ServiceAccount admission', () => {
  it('mounts the projected API-access volume into init containers and containers, not ephemeral ones', () => {
    const obj = pod({
      initContainers: [{ name: 'init', image: 'busybox' }],
      ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
      volumes: [{ name: 'data', emptyDir: {} }],
    });
    obj.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
    const { lookup, asked } = accounts(sa('default'));
    admitServiceAccount(obj, lookup);
    expect(asked).toEqual(['serviceaccounts team/default']);
    const name = obj.spec.volumes[1].name;
    expect(name).toMatch(NAME);
    const mount = { name, readOnly: true, mountPath: PATH };
    expect(obj.spec).toEqual({
      serviceAccountName: 'default',
      serviceAccount: 'default',
      initContainers: [{ name: 'init', image: 'busybox', volumeMounts: [mount] }],
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }, mount] }],
      ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
      volumes: [
        { name: 'data', emptyDir: {} },
        {
          name,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
    });
  });

  it('mounts into a pod whose ServiceAccount does not exist (no lookup, or not found)', () => {
    for (const lookup of [undefined, accounts().lookup]) {
      const obj = pod({ serviceAccountName: 'robot' });
      admitServiceAccount(obj, lookup);
      expect(obj.spec.serviceAccount).toBe('robot');
      expect(obj.spec.volumes.map((v: any) => v.name)).toEqual([expect.stringMatching(NAME)]);
    }
  });

  it.each([
    ['the pod says false', { automountServiceAccountToken: false }, {}, false],
    ['the account says false', {}, { automountServiceAccountToken: false }, false],
    ['the pod says true over the account', { automountServiceAccountToken: true }, { automountServiceAccountToken: false }, true],
    ['the pod says false over the account', { automountServiceAccountToken: false }, { automountServiceAccountToken: true }, false],
    ['the account says true', {}, { automountServiceAccountToken: true }, true],
  ])('automount: %s', (_case, podSpec, account, mounted) => {
    const obj = pod(podSpec);
    admitServiceAccount(obj, accounts(sa('default', account)).lookup);
    expect(obj.spec.volumes !== undefined).toBe(mounted);
    expect(obj.spec.containers[0].volumeMounts !== undefined).toBe(mounted);
    expect(obj.spec.serviceAccountName).toBe('default');
  });

  it('reuses an existing kube-api-access volume and skips containers with a mount at the token path', () => {
    const own = { name: 'own', mountPath: PATH };
    const obj = pod({
      containers: [
        { name: 'a', image: 'nginx', volumeMounts: [own] },
        { name: 'b', image: 'nginx' },
      ],
      volumes: [{ name: 'kube-api-access-abcde', projected: { sources: [] } }],
    });
    admitServiceAccount(obj);
    expect(obj.spec.volumes).toEqual([{ name: 'kube-api-access-abcde', projected: { sources: [] } }]);
    expect(obj.spec.containers.map((c: any) => c.volumeMounts)).toEqual([[own], [{ name: 'kube-api-access-abcde', readOnly: true, mountPath: PATH }]]);
  });

  it('adds no volume when every container already mounts something at the token path', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'nginx', volumeMounts: [{ name: 'own', mountPath: PATH }] }], volumes: [{ name: 'own', emptyDir: {} }] });
    admitServiceAccount(obj);
    expect(obj.spec.volumes).toEqual([{ name: 'own', emptyDir: {} }]);
  });

  it('leaves mirror pods alone', () => {
    const obj = pod({}, { 'kubernetes.io/config.mirror': 'abc' });
    const before = structuredClone(obj);
    admitServiceAccount(obj, accounts(sa('default')).lookup);
    expect(obj).toEqual(before);
  });

  it('takes the deprecated serviceAccount field as the name when serviceAccountName is empty', () => {
    const obj = pod({ serviceAccount: 'robot', automountServiceAccountToken: false });
    admitServiceAccount(obj);
    expect([obj.spec.serviceAccountName, obj.spec.serviceAccount]).toEqual(['robot', 'robot']);
  });

  it("copies the account's image pull secrets (names only) into a pod that has none", () => {
    const robot = sa('robot', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'reg-a' }, { name: 'reg-b' }] });
    const bare = pod({ serviceAccountName: 'robot' });
    admitServiceAccount(bare, accounts(robot).lookup);
    expect(bare.spec.imagePullSecrets).toEqual([{ name: 'reg-a' }, { name: 'reg-b' }]);
    const own = pod({ serviceAccountName: 'robot', imagePullSecrets: [{ name: 'mine' }] });
    admitServiceAccount(own, accounts(robot).lookup);
    expect(own.spec.imagePullSecrets).toEqual([{ name: 'mine' }]);
  });
});
