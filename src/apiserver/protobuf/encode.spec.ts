import { encodeObject, hasSchema } from 'src/apiserver/protobuf/codec';
import { Deferred } from 'src/apiserver/protobuf/encode';
import { NoSchemaError, ProtobufEncodeError } from 'src/apiserver/protobuf/errors';

describe('encodeObject refusals (the caller answers JSON instead)', () => {
  it.each([
    ['meta.k8s.io/v1', 'Table'],
    ['example.com/v1', 'Widget'],
    ['v1', 'List'],
    ['apps/v1', 'ConfigMap'],
    ['', ''],
  ])('throws NoSchemaError for %j %j', (apiVersion, kind) => {
    expect(hasSchema(apiVersion, kind)).toBe(false);
    expect(() => encodeObject({ apiVersion, kind, metadata: {} })).toThrow(NoSchemaError);
  });

  it('names the kind and version in the NoSchemaError', () => {
    expect(() => encodeObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow('no protobuf schema for kind "Widget" in version "example.com/v1"');
  });

  it.each([
    ['a string for an int32', { spec: { replicas: '3' } }, /Deployment.spec.replicas.*expected an int32, got string/],
    ['a fraction for an int32', { spec: { replicas: 1.5 } }, /expected an int32, got the number 1.5/],
    ['an int32 out of range', { spec: { replicas: 2 ** 31 } }, /expected an int32/],
    ['an object for a string', { metadata: { name: {} } }, /metadata.name.*expected a string/],
    ['a scalar for a message', { spec: 'x' }, /Deployment.spec.*expected an object/],
    ['a map that is an array', { metadata: { labels: ['a'] } }, /metadata.labels.*expected an object/],
    ['a list that is an object', { metadata: { finalizers: { a: 1 } } }, /metadata.finalizers.*expected an array/],
    ['a bad time', { metadata: { creationTimestamp: 'yesterday' } }, /creationTimestamp: "yesterday" is not an RFC 3339 time/],
    ['a bad IntOrString', { spec: { strategy: { rollingUpdate: { maxSurge: true } } } }, /maxSurge.*int32 or a string/],
  ])('throws ProtobufEncodeError for %s', (_what, patch, message) => {
    const obj = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: {}, ...patch };
    expect(() => encodeObject(obj)).toThrow(ProtobufEncodeError);
    expect(() => encodeObject(obj)).toThrow(message);
  });

  it('reports the path of a bad value inside lists and maps', () => {
    const pod = { kind: 'Pod', apiVersion: 'v1', spec: { containers: [{ name: 'a', resources: { limits: { cpu: [] } } }] } };
    expect(() => encodeObject(pod)).toThrow(/Pod.spec.containers\[0\].resources.limits\["cpu"\]: expected a quantity string/);
  });

  it('accepts a quantity written as a JSON number, as Go’s Quantity.UnmarshalJSON does', () => {
    expect(() => encodeObject({ kind: 'ResourceQuota', apiVersion: 'v1', spec: { hard: { pods: 10 } } })).not.toThrow();
  });

  it('knows the served kinds, their lists, and the kinds accepted under every version', () => {
    expect(hasSchema('v1', 'ConfigMapList')).toBe(true);
    expect(hasSchema('apps/v1', 'Deployment')).toBe(true);
    expect(hasSchema('v1', 'Status')).toBe(true);
    expect(hasSchema('policy/v1', 'DeleteOptions')).toBe(true);
    expect(hasSchema('meta.k8s.io/v1', 'PartialObjectMetadataList')).toBe(true);
  });
});

describe('Deferred list items', () => {
  it('are produced one at a time as the encoder reaches them, with the bytes of the plain list', () => {
    const pods = [1, 2, 3].map((i) => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name: `p${i}`, labels: { i: String(i) } }, spec: { containers: [{ name: 'c' }] } }));
    const asked: number[] = [];
    const items = pods.map((p, i) => new Deferred(() => (asked.push(i), p)));
    const list = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' } };
    expect(encodeObject({ ...list, items })).toEqual(encodeObject({ ...list, items: pods }));
    expect(asked).toEqual([0, 1, 2]);
  });
});
