import { nodeResourcesFitFilter, nodeResourcesFitScore } from 'src/scheduler/framework/plugins/node-resources-fit';
import { node, pod, runFilterPlugin, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const status = (code: string, ...reasons: string[]) => ({ code, reasons, plugin: 'NodeResourcesFit' });
const requesting = (name: string, requests: Record<string, string>) =>
  pod(name, { spec: { containers: [{ name: 'c', image: 'trainer:1', resources: { requests } }] } });

describe('NodeResourcesFit filter', () => {
  // busy: 4 cpu / 8Gi with 3500m / 6Gi in use; tiny: room for a single pod, which it has.
  const s = snapshotOf(
    [node('busy', { cpu: '4', memory: '8Gi' }), node('tiny', { pods: '1' }), node('gpu', { extended: { 'nvidia.com/gpu': '2' } })],
    [pod('a', { cpu: '3500m', memory: '6Gi', nodeName: 'busy' }), pod('b', { nodeName: 'tiny' }), requesting('c', { 'nvidia.com/gpu': '1' })].map((p, i) =>
      i === 2 ? { ...p, spec: { ...p.spec, nodeName: 'gpu' } } : p,
    ),
  );
  it.each([
    [
      'a small pod fits busy and gpu; tiny is full',
      pod('web', { cpu: '250m', memory: '1Gi' }),
      { busy: 'ok', tiny: status('Unschedulable', 'Too many pods'), gpu: 'ok' },
    ],
    ['cpu short', pod('web', { cpu: '1' }), { busy: status('Unschedulable', 'Insufficient cpu'), tiny: status('Unschedulable', 'Too many pods'), gpu: 'ok' }],
    [
      'cpu and memory short: both reasons',
      pod('web', { cpu: '1', memory: '4Gi' }),
      { busy: status('Unschedulable', 'Insufficient cpu', 'Insufficient memory'), tiny: status('Unschedulable', 'Too many pods'), gpu: 'ok' },
    ],
    [
      'more than the whole node: unresolvable',
      pod('web', { cpu: '6' }),
      {
        busy: status('UnschedulableAndUnresolvable', 'Insufficient cpu'),
        tiny: status('UnschedulableAndUnresolvable', 'Too many pods', 'Insufficient cpu'),
        gpu: status('UnschedulableAndUnresolvable', 'Insufficient cpu'),
      },
    ],
    [
      'extended resources: free units count, absent ones are unresolvable',
      requesting('train', { 'nvidia.com/gpu': '1' }),
      {
        busy: status('UnschedulableAndUnresolvable', 'Insufficient nvidia.com/gpu'),
        tiny: status('UnschedulableAndUnresolvable', 'Too many pods', 'Insufficient nvidia.com/gpu'),
        gpu: 'ok',
      },
    ],
    [
      '2 of 2 GPUs with 1 in use',
      requesting('train', { 'nvidia.com/gpu': '2' }),
      expect.objectContaining({ gpu: status('Unschedulable', 'Insufficient nvidia.com/gpu') }),
    ],
    [
      'ephemeral-storage',
      requesting('scratch', { 'ephemeral-storage': '200Gi' }),
      expect.objectContaining({ busy: status('UnschedulableAndUnresolvable', 'Insufficient ephemeral-storage') }),
    ],
    ['a pod without requests fits an over-committed node', pod('web'), { busy: 'ok', tiny: status('Unschedulable', 'Too many pods'), gpu: 'ok' }],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(nodeResourcesFitFilter, p, s)).toEqual(expected);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  const s = snapshotOf([node('half'), node('empty')], [pod('a', { cpu: '1', memory: '4Gi', nodeName: 'half' })]);
  it.each([
    ['the emptier node scores higher: (4-2)/4 cpu and (16-8)/16 memory vs 3/4 and 12/16', pod('web', { cpu: '1', memory: '4Gi' }), { half: 50, empty: 75 }],
    // 100m of 4000m -> 97; 200Mi of 16Gi -> 98; (97 + 98) / 2 = 97.
    ['a pod without requests counts as 100m / 200Mi', pod('web'), { half: 72, empty: 97 }],
  ])('%s', (_name, p, expected) => {
    expect(runScorePlugin(nodeResourcesFitScore, p, s)).toEqual(expected);
  });
});
