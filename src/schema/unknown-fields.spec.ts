import { typeForKind } from 'src/schema/schema';
import type { ObjectNode } from 'src/schema/type-node';
import { unknownFields } from 'src/schema/unknown-fields';

const deployment = typeForKind('apps', 'v1', 'Deployment') as ObjectNode;
const configMap = typeForKind('', 'v1', 'ConfigMap') as ObjectNode;

const validDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', 'example.com/any-key': 'x' }, annotations: { anything: 'goes' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m', memory: '1Gi' } } }],
      },
    },
  },
};

describe('unknownFields', () => {
  it('accepts a valid object, including arbitrary map keys (labels, annotations, resource names)', () => {
    expect(unknownFields(deployment, validDeployment)).toEqual([]);
  });

  it('reports top-level and nested unknown fields with their dotted path, in document order', () => {
    const obj = { foo: 1, ...validDeployment, spec: { ...validDeployment.spec, foo: { bar: 1 } } };
    expect(unknownFields(deployment, obj)).toEqual(['unknown field "foo"', 'unknown field "spec.foo"']);
  });

  it('reports fields named like Object.prototype members (constructor, toString, __proto__) as unknown', () => {
    const obj = JSON.parse('{"apiVersion":"apps/v1","kind":"Deployment","constructor":{},"metadata":{"name":"x","toString":1},"spec":{"__proto__":{}}}');
    expect(unknownFields(deployment, obj)).toEqual(['unknown field "constructor"', 'unknown field "metadata.toString"', 'unknown field "spec.__proto__"']);
  });

  it('indexes list items as [i]', () => {
    const obj = structuredClone(validDeployment) as any;
    obj.spec.template.spec.containers.push({ name: 'sidecar', imagee: 'busybox', ports: [{ containerPort: 1, hostt: 'x' }] });
    expect(unknownFields(deployment, obj)).toEqual([
      'unknown field "spec.template.spec.containers[1].imagee"',
      'unknown field "spec.template.spec.containers[1].ports[0].hostt"',
    ]);
  });

  it('reports unknown metadata fields and fields under the template metadata', () => {
    const obj = structuredClone(validDeployment) as any;
    obj.metadata.nmae = 'x';
    obj.spec.template.metadata.lables = {};
    expect(unknownFields(deployment, obj)).toEqual(['unknown field "metadata.nmae"', 'unknown field "spec.template.metadata.lables"']);
  });

  it('does not look inside values the schema leaves open, nor at wrong-typed values', () => {
    expect(unknownFields(configMap, { data: { anything: 'x' }, binaryData: { k: 'AA==' }, immutable: true })).toEqual([]);
    const revision = typeForKind('apps', 'v1', 'ControllerRevision') as ObjectNode;
    expect(unknownFields(revision, { revision: 1, data: { whatever: { nested: true } } })).toEqual([]);
    expect(unknownFields(deployment, { spec: 'not an object', metadata: [1, 2] })).toEqual([]);
  });

  it('reports each path once', () => {
    const obj = JSON.parse('{"spec":{"foo":1,"foo":2}}');
    expect(unknownFields(deployment, obj)).toEqual(['unknown field "spec.foo"']);
  });

  it('quotes paths the way Go does for ordinary characters', () => {
    expect(unknownFields(configMap, { 'we"ird': 1 })).toEqual(['unknown field "we\\"ird"']);
  });
});
