import { balancedAllocationScore } from 'src/scheduler/framework/plugins/balanced-allocation';
import { node, pod, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

describe('NodeResourcesBalancedAllocation', () => {
  const s = snapshotOf(
    [node('balanced'), node('cpu-heavy'), node('empty')],
    [pod('a', { cpu: '1', memory: '4Gi', nodeName: 'balanced' }), pod('b', { cpu: '3', nodeName: 'cpu-heavy' })],
  );
  it.each([
    // balanced: 2/4 cpu, 8/16 memory -> 100; cpu-heavy: 4/4 and 4/16 -> std 0.375 -> 62; empty: 1/4, 4/16 -> 100.
    ['equal shares of cpu and memory score best', pod('web', { cpu: '1', memory: '4Gi' }), { balanced: 100, 'cpu-heavy': 62, empty: 100 }],
    ['best-effort pods are not scored', pod('web'), null],
  ])('%s', (_name, p, expected) => {
    expect(runScorePlugin(balancedAllocationScore, p, s)).toEqual(expected);
  });
});
