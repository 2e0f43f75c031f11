import type { KubeObject } from 'src/registry/generic/object';
import {
  applyTemplateRevision,
  controllerRevisionName,
  equalRevision,
  fnv1aHash32,
  fnv1Hash32,
  goJson,
  hashControllerRevision,
  newControllerRevision,
  nextRevision,
  safeEncodeString,
  sortRevisions,
  templatePatch,
} from 'src/controllers/common/controller-history';

/** The data of a real cluster's revision `nginx-sts-6798d68dcd` (kubectl get controllerrevision -o yaml). */
const NGINX_STS_DATA = {
  spec: {
    template: {
      $patch: 'replace',
      metadata: { creationTimestamp: null, labels: { app: 'nginx-sts' } },
      spec: {
        containers: [
          {
            image: 'nginx',
            imagePullPolicy: 'Always',
            name: 'nginx',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  },
};

const rev = (name: string, revision: number, created = '2026-01-01T00:00:00Z', data: unknown = { n: name }): KubeObject => ({
  metadata: { name, creationTimestamp: created, labels: {} },
  revision,
  data,
});

describe('controller history', () => {
  it.each([
    ['', 0x811c9dc5, 0x811c9dc5],
    ['a', 0x050c5d7e, 0xe40c292c],
    ['foobar', 0x31f0b262, 0xbf9cf968],
  ])('FNV-1 and FNV-1a of %p match the reference vectors', (input, fnv1, fnv1a) => {
    expect(fnv1Hash32(input)).toBe(fnv1);
    expect(fnv1aHash32(Buffer.from(input))).toBe(fnv1a);
  });

  it('safe-encodes digits onto the consonant alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ s: '<a & b>' }, '{"s":"\\u003ca \\u0026 b\\u003e"}'],
    [{ s: 'line\nbreak\u2028' }, '{"s":"line\\nbreak\\u2028"}'],
    [{ Z: 1, a: 2, _: 3 }, '{"Z":1,"_":3,"a":2}'],
    [{ skip: undefined, n: 1.5 }, '{"n":1.5}'],
  ])('renders %p as Go json.Marshal would', (value, want) => {
    expect(goJson(value)).toBe(want);
  });

  it('hashes revision data exactly as a real cluster named its revision', () => {
    expect(hashControllerRevision(NGINX_STS_DATA, 0)).toBe('6798d68dcd');
    expect(controllerRevisionName('nginx-sts', hashControllerRevision(NGINX_STS_DATA, 0))).toBe('nginx-sts-6798d68dcd');
  });

  it('changes the hash with the collision count', () => {
    expect(hashControllerRevision(NGINX_STS_DATA, 1)).not.toBe(hashControllerRevision(NGINX_STS_DATA, 0));
  });

  it('cuts long name prefixes to 223 characters', () => {
    expect(controllerRevisionName('x'.repeat(300), 'h')).toBe(`${'x'.repeat(223)}-h`);
  });

  it('stores the template as a replacing patch and applies it back', () => {
    const set: KubeObject = { metadata: { name: 's' }, spec: { replicas: 3, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } };
    const data = templatePatch(set);
    expect(data).toEqual({ spec: { template: { $patch: 'replace', metadata: { labels: { a: 'b' }, creationTimestamp: null }, spec: { containers: [] } } } });
    const changed = { ...set, spec: { ...set.spec, template: { spec: { containers: [{ name: 'x' }] } } } };
    expect(applyTemplateRevision(changed, { metadata: {}, data }).spec).toEqual({
      replicas: 3,
      template: { metadata: { labels: { a: 'b' }, creationTimestamp: null }, spec: { containers: [] } },
    });
  });

  it('sorts by revision, then creation time, then name, and numbers the next one', () => {
    const sorted = sortRevisions([rev('c', 2), rev('b', 1, '2026-01-02T00:00:00Z'), rev('a', 1, '2026-01-02T00:00:00Z'), rev('d', 1, '2025-12-31T00:00:00Z')]);
    expect(sorted.map((r) => r.metadata.name)).toEqual(['d', 'a', 'b', 'c']);
    expect(nextRevision(sorted)).toBe(3);
    expect(nextRevision([])).toBe(1);
  });

  it('compares revisions by data regardless of key order', () => {
    expect(equalRevision(rev('a', 1, undefined, { x: 1, y: 2 }), rev('b', 2, undefined, { y: 2, x: 1 }))).toBe(true);
    expect(equalRevision(rev('a', 1, undefined, { x: 1 }), rev('b', 1, undefined, { x: 2 }))).toBe(false);
    expect(equalRevision(undefined, undefined)).toBe(true);
  });

  it('builds a revision owned by its parent, labelled with the template labels and the hash', () => {
    const parent: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'nginx-sts', namespace: 'default', uid: 'u1' } };
    const cr = newControllerRevision(parent, { app: 'nginx-sts' }, NGINX_STS_DATA, 1, 0);
    expect(cr.metadata).toEqual({
      name: 'nginx-sts-6798d68dcd',
      namespace: 'default',
      labels: { app: 'nginx-sts', 'controller.kubernetes.io/hash': '6798d68dcd' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'nginx-sts', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
    expect(cr.revision).toBe(1);
  });
});
