import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { fieldElement, type Path } from 'src/registry/generic/managed-fields/path';
import { DEPLOYMENT, resolve } from 'src/registry/generic/managed-fields/test-schema';
import { toFieldSet } from 'src/registry/generic/managed-fields/to-field-set';
import { DEDUCED } from 'src/registry/generic/managed-fields/typed';

const f = (...names: string[]): Path => names.map(fieldElement);

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['example.com/a<b'] },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', args: ['-g', 'daemon off;'], ports: [{ containerPort: 80 }] }] },
    },
  },
};

describe('fieldsV1 encoding', () => {
  it('encodes the fields of a Deployment as upstream: sorted f:, k: with sorted and defaulted keys, v:, "." for items', () => {
    const set = toFieldSet(deployment, DEPLOYMENT, resolve);
    expect(JSON.stringify(set.toFieldsV1())).toBe(
      JSON.stringify({
        'f:apiVersion': {},
        'f:kind': {},
        'f:metadata': { 'f:finalizers': { 'v:"example.com/a\\u003cb"': {} }, 'f:labels': { 'f:app': {} }, 'f:name': {} },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:args': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      }),
    );
  });

  it('round-trips an upstream kubectl-create entry byte for byte and prints its paths', () => {
    const upstream = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } } },
        },
      },
    };
    const set = FieldSet.fromFieldsV1(upstream);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify(upstream));
    expect(set.toStrings()).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.strategy.rollingUpdate',
      '.spec.strategy.type',
      '.spec.strategy.rollingUpdate.maxSurge',
      '.spec.strategy.rollingUpdate.maxUnavailable',
      '.spec.template.spec.containers[name="nginx"]',
      '.spec.template.spec.containers[name="nginx"].image',
      '.spec.template.spec.containers[name="nginx"].name',
      '.spec.template.spec.containers[name="nginx"].resources',
    ]);
  });

  it('sorts out-of-order input, orders field < key < value < index, and skips unknown element kinds', () => {
    const set = FieldSet.fromFieldsV1({ 'i:1': {}, 'v:2': {}, 'x:future': {}, 'k:{"b":1,"a":"x"}': {}, 'f:z': {}, 'i:0': {}, 'v:"s"': {} });
    expect(Object.keys(set.toFieldsV1())).toEqual(['f:z', 'k:{"a":"x","b":1}', 'v:2', 'v:"s"', 'i:0', 'i:1']);
  });

  it('rejects malformed keys', () => {
    expect(() => FieldSet.fromFieldsV1({ 'f:a': { 'k:[1]': {} } })).toThrow('key element is not an object');
    expect(() => FieldSet.fromFieldsV1({ f: {} })).toThrow('key must be 2 characters long');
  });

  it('records every map key of an untyped object and lists as atomic', () => {
    const set = toFieldSet({ spec: { a: { b: 1 }, list: [{ x: 1 }] } }, DEDUCED, resolve);
    expect(set.toFieldsV1()).toEqual({ 'f:spec': { '.': {}, 'f:a': { '.': {}, 'f:b': {} }, 'f:list': {} } });
  });
});

describe('FieldSet operations', () => {
  const parentAndChild = FieldSet.of(f('spec'), f('spec', 'replicas'));

  it.each([
    ['difference keeps children of a removed member', parentAndChild.difference(FieldSet.of(f('spec'))), ['.spec.replicas']],
    ['difference removes only members', parentAndChild.difference(FieldSet.of(f('spec', 'replicas'))), ['.spec']],
    ['recursiveDifference removes a member with its children', parentAndChild.recursiveDifference(FieldSet.of(f('spec'))), []],
    ['intersection', parentAndChild.intersection(FieldSet.of(f('spec', 'replicas'), f('status'))), ['.spec.replicas']],
    ['union', FieldSet.of(f('a')).union(FieldSet.of(f('b', 'c'))), ['.a', '.b.c']],
  ])('%s', (_name, set, paths) => {
    expect(set.toStrings()).toEqual(paths);
  });

  it('answers membership, not ancestry', () => {
    const set = FieldSet.of(f('spec', 'replicas'));
    expect(set.has(f('spec', 'replicas'))).toBe(true);
    expect(set.has(f('spec'))).toBe(false);
    expect(set.isEmpty()).toBe(false);
    expect(new FieldSet().isEmpty()).toBe(true);
  });

  it('a set read with fromCanonicalFieldsV1 hands back its source until a path is inserted', () => {
    const v1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } };
    const set = FieldSet.fromCanonicalFieldsV1(v1);
    expect(set.toFieldsV1()).toBe(v1);
    set.insert([fieldElement('spec')]);
    expect(set.toFieldsV1()).not.toBe(v1);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': {} }));
  });

  it('covers: every member of the other set is a member of this one', () => {
    const big = FieldSet.of(f('spec', 'replicas'), f('metadata', 'labels', 'app'), f('metadata', 'labels'));
    expect(big.covers(FieldSet.of(f('spec', 'replicas')))).toBe(true);
    expect(big.covers(FieldSet.of(f('metadata', 'labels'), f('metadata', 'labels', 'app')))).toBe(true);
    expect(big.covers(new FieldSet())).toBe(true);
    expect(big.covers(FieldSet.of(f('spec')))).toBe(false);
    expect(big.covers(FieldSet.of(f('metadata', 'labels', 'tier')))).toBe(false);
    expect(FieldSet.of(f('spec')).covers(FieldSet.of(f('spec', 'replicas')))).toBe(false);
  });

  it('intersects agrees with intersection, for decoded sets and for canonical fieldsV1 not decoded yet', () => {
    const sets = [
      new FieldSet(),
      FieldSet.of(f('spec', 'replicas')),
      FieldSet.of(f('spec')),
      FieldSet.of(f('spec'), f('spec', 'replicas')),
      FieldSet.of(f('metadata', 'labels'), f('metadata', 'labels', 'app')),
      FieldSet.of(f('metadata', 'labels', 'tier'), f('status', 'phase')),
      toFieldSet(deployment, DEPLOYMENT, resolve),
    ];
    for (const a of sets) {
      for (const b of sets) {
        const want = !a.intersection(b).isEmpty();
        expect(a.intersects(b)).toBe(want);
        const lazy = FieldSet.fromCanonicalFieldsV1(a.toFieldsV1());
        expect(lazy.intersects(b)).toBe(want);
        expect(lazy.isEmpty()).toBe(a.isEmpty());
      }
    }
  });

  it('decodes canonical fieldsV1 on first use, and only then finds a malformed key', () => {
    const lazy = FieldSet.fromCanonicalFieldsV1({ 'f:spec': { 'f:replicas': {} } });
    expect(lazy.toStrings()).toEqual(['.spec.replicas']);
    const bad = FieldSet.fromCanonicalFieldsV1({ 'k:not json': {} });
    expect(bad.toFieldsV1()).toEqual({ 'k:not json': {} });
    expect(() => bad.toStrings()).toThrow();
    expect(() => bad.isEmpty() || bad.toStrings()).toThrow();
  });
});
