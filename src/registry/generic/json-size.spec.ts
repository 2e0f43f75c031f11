import { MAX_OBJECT_BYTES, validateRequestObject } from 'src/registry/generic/admission';
import { jsonSizeBound } from 'src/registry/generic/json-size';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

describe('jsonSizeBound', () => {
  const values: [string, unknown][] = [
    [
      'a pod-like object',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } },
    ],
    ['escapes', { 'q"\\': '"\\\n\t\u0001', ctl: '\u0000\u001f' }],
    ['non-ASCII', { é: '日本語', emoji: '\u{1F600}\u{1F600}', lone: '\ud800x\udc00' }],
    ['numbers', [0, -0, 1.5, -1.2345678901234567e-308, 1e21, Number.MAX_VALUE, NaN, Infinity]],
    ['odd members', { u: undefined, n: null, t: true, f: false, arr: [undefined, null, [], {}] }],
    ['empty', {}],
  ];
  it.each(values)('is at least the JSON size: %s', (_name, v) => {
    const b = jsonSizeBound(v, MAX_OBJECT_BYTES);
    expect(b).toBeGreaterThanOrEqual(bytes(v));
    expect(b).toBeLessThan(Infinity);
  });

  it('is Infinity past the limit, and for values JSON.stringify treats specially', () => {
    expect(jsonSizeBound({ a: 'x'.repeat(100) }, 100)).toBe(Infinity);
    expect(jsonSizeBound({ d: new Date(0) }, MAX_OBJECT_BYTES)).toBe(Infinity);
    expect(jsonSizeBound({ j: { toJSON: () => 'x'.repeat(10) } }, MAX_OBJECT_BYTES)).toBe(Infinity);
    expect(jsonSizeBound({ b: 1n }, MAX_OBJECT_BYTES)).toBe(Infinity);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonSizeBound(cyclic, MAX_OBJECT_BYTES)).toBe(Infinity);
  });
});

describe('the object size check', () => {
  const r = { namespaced: true, nameValidator: () => [] } as unknown as RegisteredResource;
  const obj = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data });

  it('reports the exact size of an object over the limit', () => {
    const big = obj({ a: 'x'.repeat(MAX_OBJECT_BYTES) });
    expect(validateRequestObject(r, big)).toEqual([
      { type: 'FieldValueTooLong', field: '', detail: `the object is ${bytes(big)} bytes, more than the ${MAX_OBJECT_BYTES}-byte limit` },
    ]);
  });

  it('accepts an object whose bound is over the limit but whose size is not', () => {
    const near = obj({ a: '\u00e9'.repeat(MAX_OBJECT_BYTES / 4) });
    expect(jsonSizeBound(near, MAX_OBJECT_BYTES)).toBe(Infinity);
    expect(validateRequestObject(r, near)).toEqual([]);
  });
});
