import { labelSelector, selectorFromSet } from 'src/scheduler/framework/labels';
import { compileTerm, requiredNodeAffinity } from 'src/scheduler/framework/node-selector';

describe('labelSelector', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  it.each([
    ['undefined selects nothing', undefined, false],
    ['{} selects everything', {}, true],
    ['matchLabels hit', { matchLabels: { app: 'web' } }, true],
    ['matchLabels miss', { matchLabels: { app: 'db' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    ['NotIn on a missing key matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'version', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'version', operator: 'DoesNotExist' }] }, false],
    ['labels and expressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
    ['In without values is malformed: nothing', { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }, false],
    ['Gt is not a label selector operator', { matchExpressions: [{ key: 'version', operator: 'Gt', values: ['1'] }] }, false],
  ])('%s', (_name, sel, expected) => {
    expect(labelSelector(sel as any).matches(labels)).toBe(expected);
  });

  it('reports emptiness as upstream does', () => {
    expect(labelSelector({}).empty).toBe(true);
    expect(labelSelector(undefined).empty).toBe(false);
    expect(selectorFromSet({}).empty).toBe(true);
    expect(selectorFromSet({ a: 'b' }).empty).toBe(false);
  });
});

describe('node selector terms', () => {
  const labels = { 'topology.kubernetes.io/zone': 'eu-1a', 'example.com/cores': '16' };
  it.each([
    ['In', { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-1a'] }] }, true],
    ['Gt', { matchExpressions: [{ key: 'example.com/cores', operator: 'Gt', values: ['8'] }] }, true],
    ['Lt', { matchExpressions: [{ key: 'example.com/cores', operator: 'Lt', values: ['8'] }] }, false],
    ['Gt on a non-integer label value', { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'Gt', values: ['1'] }] }, false],
    ['Gt with two values is malformed', { matchExpressions: [{ key: 'example.com/cores', operator: 'Gt', values: ['1', '2'] }] }, false],
    ['matchFields metadata.name In', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }, true],
    ['matchFields metadata.name NotIn', { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }, false],
    ['matchFields with two values is malformed', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1', 'node-2'] }] }, false],
    ['an empty term matches nothing', {}, false],
  ])('%s', (_name, term, expected) => {
    expect(compileTerm(term)(labels, 'node-1')).toBe(expected);
  });

  it('ORs the terms and ANDs them with nodeSelector', () => {
    const spec = {
      nodeSelector: { 'example.com/cores': '16' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-1a'] }] },
              { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-1a'] }] },
            ],
          },
        },
      },
    };
    expect(requiredNodeAffinity(spec)!(labels, 'n')).toBe(true);
    expect(requiredNodeAffinity({ ...spec, nodeSelector: { 'example.com/cores': '8' } })!(labels, 'n')).toBe(false);
    expect(requiredNodeAffinity({})).toBeUndefined();
  });
});
