import { resetFieldsFor } from 'src/registry/generic/managed-fields/defaults';
import { CONFIG_MAP, DEPLOYMENT, resolve as fixtureResolve } from 'src/registry/generic/managed-fields/test-schema';
import type { Resolver } from 'src/registry/generic/managed-fields/typed';
import type { FieldNamePath, UpdateArgs } from 'src/registry/generic/managed-fields/types';
import { createManagedFields, updateManagedFields, updateManagedFieldsGeneral } from 'src/registry/generic/managed-fields/update';
import type { KubeObject } from 'src/registry/generic/object';
import { resolve, typeForKind } from 'src/schema/schema';
import type { ObjectNode } from 'src/schema/type-node';
import { createFixtures, generate, mulberry32, podFixture } from 'src/registry/generic/managed-fields/create-fixtures';
import { decodeManagedFields, encodeManagedFields } from 'src/registry/generic/managed-fields/managers';

// Differential tests: the create fast path (create-fields.ts) must give byte-for-byte the
// managedFields of the general comparison (compare.ts + FieldSet), key order included.

const NOW = new Date('2026-11-23T10:00:00.5Z');

const KINDS: [string, string, string][] = [
  ['', 'v1', 'Pod'],
  ['apps', 'v1', 'Deployment'],
  ['', 'v1', 'Service'],
  ['', 'v1', 'ConfigMap'],
  ['', 'v1', 'Secret'],
  ['apps', 'v1', 'StatefulSet'],
  ['batch', 'v1', 'Job'],
  ['', 'v1', 'Namespace'],
  ['', 'v1', 'Node'],
];

function schemaOf(group: string, version: string, kind: string): ObjectNode {
  const s = typeForKind(group, version, kind);
  if (!s) {
    throw new Error(`no schema for ${group}/${version}/${kind}`);
  }
  return s;
}

const RESETS: [string, FieldNamePath[]][] = [
  ['main resource with status', resetFieldsFor(true)],
  ['no status', resetFieldsFor(false)],
  ['status subresource', resetFieldsFor(true, 'status')],
  ['labels and status', [['metadata', 'labels'], ['status']]],
  [
    'a nested struct',
    [
      ['spec', 'template'],
      ['metadata', 'ownerReferences'],
    ],
  ],
];

/** Both paths' JSON for one create; the fast path must apply (not fall back). */
function bothWays(args: UpdateArgs): { fast: string; general: string } {
  const fast = createManagedFields(args);
  expect(fast).toBeDefined();
  return { fast: JSON.stringify(fast), general: JSON.stringify(updateManagedFieldsGeneral(args)) };
}

function args(next: KubeObject, schema: ObjectNode | undefined, r: Resolver, resetFields: FieldNamePath[], subresource?: string): UpdateArgs {
  return {
    old: undefined,
    next: structuredClone(next),
    manager: 'kubectl-create',
    now: NOW,
    schema,
    resolve: r,
    resetFields,
    apiVersion: next.apiVersion as string,
    subresource,
  };
}

describe('stored managed fields decode and encode back to themselves', () => {
  // decodeManagedFields(…, true) lets an unchanged set hand back the stored fieldsV1 instead of
  // emitting it again; that is only right because emit(decode(x)) is x for what kubepg encodes.
  it.each(createFixtures().map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const schema = schemaOf(...f.gvk);
    for (const [, reset] of RESETS) {
      const entries = updateManagedFieldsGeneral(args(f.object, schema, resolve, reset));
      const reencoded = encodeManagedFields(decodeManagedFields(structuredClone(entries), false));
      expect(JSON.stringify(reencoded)).toBe(JSON.stringify(entries));
    }
  });
});

describe('create fast path = general comparison', () => {
  const fixtures = createFixtures();
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const schema = schemaOf(...f.gvk);
    for (const [, reset] of RESETS) {
      const { fast, general } = bothWays(args(f.object, schema, resolve, reset));
      expect(fast).toBe(general);
    }
    const { fast, general } = bothWays(args(f.object, schema, resolve, resetFieldsFor(true, 'status'), 'status'));
    expect(fast).toBe(general);
  });

  it('the bench Pod gives the expected entry', () => {
    const entries = updateManagedFields(args(podFixture(), schemaOf('', 'v1', 'Pod'), resolve, resetFieldsFor(true)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-11-23T10:00:00Z',
      fieldsType: 'FieldsV1',
    });
    const spec = entries[0].fieldsV1['f:spec'];
    expect(Object.keys(spec)).toEqual(['f:containers', 'f:restartPolicy', 'f:terminationGracePeriodSeconds']);
    expect(Object.keys(spec['f:containers'])).toEqual(['k:{"name":"app"}']);
    expect(Object.keys(spec['f:containers']['k:{"name":"app"}'])[0]).toBe('.');
  });

  it('untyped objects (no schema) and the fixture schema', () => {
    for (const f of createFixtures()) {
      for (const [, reset] of RESETS) {
        const u = bothWays(args(f.object, undefined, resolve, reset));
        expect(u.fast).toBe(u.general);
        const d = bothWays(args(f.object, DEPLOYMENT, fixtureResolve, reset));
        expect(d.fast).toBe(d.general);
        const c = bothWays(args(f.object, CONFIG_MAP, fixtureResolve, reset));
        expect(c.fast).toBe(c.general);
      }
    }
  });

  it('request managedFields: [] and [{}] take the fast path, real entries the general one', () => {
    const schema = schemaOf('', 'v1', 'Pod');
    for (const mf of [[], [{}]]) {
      const pod = { ...podFixture(), metadata: { ...podFixture().metadata, managedFields: mf } } as KubeObject;
      const { fast, general } = bothWays(args(pod, schema, resolve, resetFieldsFor(true)));
      expect(fast).toBe(general);
    }
    const owned = {
      ...podFixture(),
      metadata: {
        ...podFixture().metadata,
        managedFields: [{ manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
      },
    } as KubeObject;
    expect(createManagedFields(args(owned, schema, resolve, resetFieldsFor(true)))).toBeUndefined();
  });

  it('a given empty object whose values are of other kinds than the new ones', () => {
    const schema = schemaOf('', 'v1', 'Pod');
    const empty = { metadata: { labels: 'x' }, spec: { containers: {}, volumes: null, nodeSelector: [] }, status: 'x' } as unknown as KubeObject;
    const { fast, general } = bothWays({ ...args(createFixtures().find((f) => f.name.startsWith('many containers'))!.object, schema, resolve, []), empty });
    expect(fast).toBe(general);
  });

  it('a given empty object with a list falls back to the general path', () => {
    const schema = schemaOf('', 'v1', 'Pod');
    const a = { ...args(podFixture(), schema, resolve, resetFieldsFor(true)), empty: { metadata: {}, spec: { containers: [{ name: 'app' }] } } as KubeObject };
    expect(createManagedFields(a)).toBeUndefined();
    expect(JSON.stringify(updateManagedFields(a))).toBe(JSON.stringify(updateManagedFieldsGeneral(a)));
  });

  it.each(KINDS.map((k) => [k.join('/'), k] as const))('random %s objects', (_name, gvk) => {
    const schema = schemaOf(...gvk);
    const random = mulberry32(gvk.join('/').length * 7919 + gvk[2].charCodeAt(0));
    for (let i = 0; i < 150; i++) {
      const obj = generate(schema, resolve, 0, random) as KubeObject;
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        continue;
      }
      if (obj.metadata !== null && typeof obj.metadata === 'object') {
        delete obj.metadata.managedFields;
      }
      const [, reset] = RESETS[i % RESETS.length];
      const { fast, general } = bothWays(args(obj, schema, resolve, reset));
      expect(fast).toBe(general);
    }
  });
});
