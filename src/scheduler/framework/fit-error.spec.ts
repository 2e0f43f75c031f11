import { fitErrorMessage } from 'src/scheduler/framework/fit-error';
import { Plugins, unresolvable, unschedulable, type Status } from 'src/scheduler/framework/types';

const cpu = unschedulable(Plugins.NodeResourcesFit, 'Insufficient cpu');
const cpuMem = unschedulable(Plugins.NodeResourcesFit, 'Insufficient cpu', 'Insufficient memory');
const taint = unresolvable(Plugins.TaintToleration, 'node(s) had untolerated taint {dedicated: gpu}');
const statuses = (...s: Status[]) => new Map(s.map((x, i) => [`n${i}`, x]));

describe('fitErrorMessage', () => {
  it.each([
    ['one reason on every node', 3, { nodeStatuses: statuses(cpu, cpu, cpu) }, '', '0/3 nodes are available: 3 Insufficient cpu.'],
    [
      'every reason of a node counts, entries sorted as strings',
      5,
      { nodeStatuses: statuses(taint, taint, cpuMem, cpuMem, cpu) },
      '',
      '0/5 nodes are available: 2 Insufficient memory, 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.',
    ],
    [
      '"10" sorts before "2"',
      12,
      { nodeStatuses: statuses(...Array(10).fill(cpu), taint, taint) },
      '',
      '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}.',
    ],
    [
      'nodes without a status count with the absent status',
      4,
      { nodeStatuses: statuses(cpu), absentStatus: unresolvable(Plugins.NodeAffinity, "node(s) didn't satisfy plugin(s) [NodeAffinity]") },
      '',
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    ],
    [
      'a PreFilter message replaces the counts',
      2,
      { nodeStatuses: new Map(), preFilterMessage: 'pod affinity terms conflict' },
      '',
      '0/2 nodes are available: pod affinity terms conflict.',
    ],
    [
      'the PostFilter message follows',
      3,
      { nodeStatuses: statuses(cpu, cpu, cpu) },
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
  ])('%s', (_name, n, diagnosis, post, expected) => {
    expect(fitErrorMessage(n, diagnosis, post)).toBe(expected);
  });
});
