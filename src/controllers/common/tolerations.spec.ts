import type { Taint } from 'src/controllers/common/nodes';
import { doNotSchedule, firstUntolerated, toleratesTaint, type Toleration } from 'src/controllers/common/tolerations';

describe('toleratesTaint', () => {
  const taint: Taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  it.each<[string, Toleration, boolean]>([
    ['equal key, value and effect', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, true],
    ['the default operator is Equal', { key: 'k', value: 'v' }, true],
    ['an empty operator is Equal', { key: 'k', operator: '', value: 'v' }, true],
    ['another value', { key: 'k', value: 'w' }, false],
    ['Exists ignores the value', { key: 'k', operator: 'Exists' }, true],
    ['an empty key with Exists tolerates every taint', { operator: 'Exists' }, true],
    ['another effect', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'j', operator: 'Exists' }, false],
    ['an unknown operator tolerates nothing', { key: 'k', operator: 'Lt', value: 'v' }, false],
  ])('%s', (_, toleration, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });
});

describe('firstUntolerated', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];
  it('skips irrelevant and tolerated taints', () => {
    expect(firstUntolerated(taints, undefined, doNotSchedule)).toEqual(taints[1]);
    expect(firstUntolerated(taints, [{ key: 'a', operator: 'Exists' }], doNotSchedule)).toEqual(taints[2]);
    expect(firstUntolerated(taints, [{ operator: 'Exists' }], () => true)).toBeUndefined();
  });
});
