import type { Taint } from 'src/controllers/common/nodes';
import { toleratesTaint, type Toleration } from 'src/controllers/common/tolerations';
import { decideEviction, minTolerationMs } from 'src/controllers/node-lifecycle/tolerations';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const tol = (key: string, seconds?: number): Toleration => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
});
const NOW = 1_000_000;

describe('taint eviction timing', () => {
  it.each<[string, Taint[], Toleration[], number | undefined, ReturnType<typeof decideEviction>]>([
    ['no NoExecute taint', [], [tol(unreachable.key, 30)], undefined, { action: 'cancel' }],
    ['no matching toleration: at once', [unreachable], [tol(notReady.key, 300)], undefined, { action: 'evict-now' }],
    ['tolerated for 300 s', [unreachable], [tol(unreachable.key, 300)], undefined, { action: 'schedule', createdAt: NOW, fireAt: NOW + 300_000 }],
    ['tolerated forever', [unreachable], [tol(unreachable.key)], undefined, { action: 'cancel' }],
    [
      'the shortest of the tolerations used',
      [unreachable, notReady],
      [tol(unreachable.key, 300), tol(notReady.key, 5)],
      undefined,
      { action: 'schedule', createdAt: NOW, fireAt: NOW + 5_000 },
    ],
    ['a zero tolerationSeconds: at once', [unreachable], [tol(unreachable.key, 0)], undefined, { action: 'schedule', createdAt: NOW, fireAt: NOW }],
    ['an eviction already scheduled earlier is kept', [unreachable], [tol(unreachable.key, 300)], NOW - 10_000, { action: 'keep' }],
    ['one taint of two not tolerated', [unreachable, notReady], [tol(unreachable.key, 300)], undefined, { action: 'evict-now' }],
  ])('%s', (_, taints, tolerations, scheduledAt, decision) => {
    expect(decideEviction(taints, tolerations, NOW, scheduledAt)).toEqual(decision);
  });

  it.each<[Toleration, Taint, boolean]>([
    [{ operator: 'Exists' }, unreachable, true],
    [{ key: unreachable.key, operator: 'Exists', effect: 'NoSchedule' }, unreachable, false],
    [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }, { key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, true],
    [{ key: 'dedicated', value: 'cpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, false],
    [{ key: 'dedicated', operator: 'Lt', value: '3' }, { key: 'dedicated', value: '2', effect: 'NoExecute' }, false],
  ])('toleration %j tolerates %j: %s', (t, taint, ok) => {
    expect(toleratesTaint(t, taint)).toBe(ok);
  });

  it('treats no toleration as zero and negative seconds as at once', () => {
    expect(minTolerationMs([])).toBe(0);
    expect(minTolerationMs([tol('a', -5), tol('b', 10)])).toBe(0);
  });
});
