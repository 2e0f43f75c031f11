import type { KubeObject } from 'src/registry/generic/object';
import { podTable } from 'src/registry/core/pod.table';

// Expected cells follow kubernetes pkg/printers/internalversion/printers_test.go TestPrintPod* cases.

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

type Obj = Record<string, any>;

const running = (name: string, ready = true, extra: Obj = {}) => ({
  name,
  ready,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: ago(600) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: Obj = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  started: false,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, t: Obj, extra: Obj = {}) => ({ name, ready: false, restartCount: 0, started: false, state: { terminated: t }, ...extra });
const lastTerminated = (seconds: number) => ({ lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(seconds) } } });

function pod(opts: { containers?: string[]; init?: Obj[]; status?: Obj; metadata?: Obj; spec?: Obj }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(3600), ...opts.metadata },
    spec: { containers: (opts.containers ?? ['app']).map((name) => ({ name, image: 'nginx' })), initContainers: opts.init, ...opts.spec },
    status: opts.status ?? { phase: 'Pending' },
  };
}

const sidecar = { name: 'proxy', image: 'envoy', restartPolicy: 'Always' };
const initialized = { type: 'Initialized', status: 'True' };

describe('podTable READY / STATUS / RESTARTS', () => {
  it.each<[string, KubeObject, [string, string, string]]>([
    ['pending, not scheduled', pod({}), ['0/1', 'Pending', '0']],
    [
      'scheduling gated',
      pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
      ['0/1', 'SchedulingGated', '0'],
    ],
    ['container creating', pod({ status: { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] } }), ['0/1', 'ContainerCreating', '0']],
    ['running and ready', pod({ status: { phase: 'Running', containerStatuses: [running('app')] } }), ['1/1', 'Running', '0']],
    [
      'one of two ready',
      pod({ containers: ['a', 'b'], status: { phase: 'Running', containerStatuses: [running('a'), running('b', false)] } }),
      ['1/2', 'Running', '0'],
    ],
    [
      'crash loop with a restart five minutes ago',
      pod({ status: { phase: 'Running', containerStatuses: [waiting('app', 'CrashLoopBackOff', { restartCount: 5, ...lastTerminated(300) })] } }),
      ['0/1', 'CrashLoopBackOff', '5 (5m ago)'],
    ],
    ['image pull error', pod({ status: { phase: 'Pending', containerStatuses: [waiting('app', 'ErrImagePull')] } }), ['0/1', 'ErrImagePull', '0']],
    [
      'completed',
      pod({ status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] } }),
      ['0/1', 'Completed', '0'],
    ],
    ['error', pod({ status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 1, reason: 'Error' })] } }), ['0/1', 'Error', '0']],
    [
      'OOM killed',
      pod({ status: { phase: 'Running', containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' })] } }),
      ['0/1', 'OOMKilled', '0'],
    ],
    [
      'killed by a signal, no reason',
      pod({ status: { phase: 'Running', containerStatuses: [terminated('app', { exitCode: 0, signal: 9 })] } }),
      ['0/1', 'Signal:9', '0'],
    ],
    ['exit code, no reason', pod({ status: { phase: 'Running', containerStatuses: [terminated('app', { exitCode: 3 })] } }), ['0/1', 'ExitCode:3', '0']],
    ['evicted (pod reason wins)', pod({ status: { phase: 'Failed', reason: 'Evicted' } }), ['0/1', 'Evicted', '0']],
    [
      'restarts without a termination time',
      pod({ status: { phase: 'Running', containerStatuses: [running('app', true, { restartCount: 2 })] } }),
      ['1/1', 'Running', '2'],
    ],
    [
      'first init container running',
      pod({
        init: [{ name: 'i1' }, { name: 'i2' }],
        status: { phase: 'Pending', initContainerStatuses: [running('i1', false), waiting('i2', 'PodInitializing')] },
      }),
      ['0/1', 'Init:0/2', '0'],
    ],
    [
      'second init container waiting to initialize',
      pod({
        init: [{ name: 'i1' }, { name: 'i2' }],
        status: { phase: 'Pending', initContainerStatuses: [terminated('i1', { exitCode: 0, reason: 'Completed' }), waiting('i2', 'PodInitializing')] },
      }),
      ['0/1', 'Init:1/2', '0'],
    ],
    [
      'init crash loop counts init restarts',
      pod({
        init: [{ name: 'i1' }],
        status: { phase: 'Pending', initContainerStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 3, ...lastTerminated(60) })] },
      }),
      ['0/1', 'Init:CrashLoopBackOff', '3 (60s ago)'],
    ],
    [
      'init error',
      pod({ init: [{ name: 'i1' }], status: { phase: 'Failed', initContainerStatuses: [terminated('i1', { exitCode: 1, reason: 'Error' })] } }),
      ['0/1', 'Init:Error', '0'],
    ],
    [
      'init exit code',
      pod({ init: [{ name: 'i1' }], status: { phase: 'Pending', initContainerStatuses: [terminated('i1', { exitCode: 2 })] } }),
      ['0/1', 'Init:ExitCode:2', '0'],
    ],
    [
      'init signal',
      pod({ init: [{ name: 'i1' }], status: { phase: 'Pending', initContainerStatuses: [terminated('i1', { exitCode: 2, signal: 15 })] } }),
      ['0/1', 'Init:Signal:15', '0'],
    ],
    [
      'sidecar started and ready, app running',
      pod({
        init: [sidecar],
        status: {
          phase: 'Running',
          conditions: [initialized],
          initContainerStatuses: [running('proxy', true, { restartCount: 1, ...lastTerminated(7200) })],
          containerStatuses: [running('app')],
        },
      }),
      ['2/2', 'Running', '1 (120m ago)'],
    ],
    [
      'sidecar not started blocks the app',
      pod({
        init: [sidecar],
        status: { phase: 'Pending', initContainerStatuses: [waiting('proxy', 'PodInitializing')], containerStatuses: [waiting('app', 'PodInitializing')] },
      }),
      ['0/2', 'Init:0/1', '0'],
    ],
    [
      'initialized pod counts its containers while an init status lags (reason kept)',
      pod({
        init: [{ name: 'i1' }],
        status: { phase: 'Running', conditions: [initialized], initContainerStatuses: [running('i1', false)], containerStatuses: [running('app')] },
      }),
      ['1/1', 'Init:0/1', '0'],
    ],
    [
      'one container completed, another still running and the pod ready',
      pod({
        containers: ['a', 'b'],
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })],
        },
      }),
      ['1/2', 'Running', '0'],
    ],
    [
      'one container completed, another running, pod not ready',
      pod({ containers: ['a', 'b'], status: { phase: 'Running', containerStatuses: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })] } }),
      ['1/2', 'NotReady', '0'],
    ],
    [
      'terminating',
      pod({ metadata: { deletionTimestamp: ago(5) }, status: { phase: 'Running', containerStatuses: [running('app')] } }),
      ['1/1', 'Terminating', '0'],
    ],
    [
      'deleted after success keeps Completed',
      pod({
        metadata: { deletionTimestamp: ago(5) },
        status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] },
      }),
      ['0/1', 'Completed', '0'],
    ],
    [
      'node lost while deleting',
      pod({ metadata: { deletionTimestamp: ago(5) }, status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] } }),
      ['1/1', 'Unknown', '0'],
    ],
    [
      'restarts summed over containers, latest termination wins',
      pod({
        containers: ['a', 'b'],
        status: {
          phase: 'Running',
          containerStatuses: [running('a', true, { restartCount: 1, ...lastTerminated(3000) }), running('b', true, { restartCount: 2, ...lastTerminated(30) })],
        },
      }),
      ['2/2', 'Running', '3 (30s ago)'],
    ],
  ])('%s', (_name, obj, [ready, status, restarts]) => {
    const cells = podTable.cells(obj, NOW);
    expect(cells.slice(1, 4)).toEqual([ready, status, restarts]);
  });
});

describe('podTable row', () => {
  it('has upstream column names, wide ones at priority 1', () => {
    expect(podTable.columns.map((c) => [c.name, c.priority ?? 0])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
  });

  it('prints IP, node, nominated node and readiness gates', () => {
    const obj = pod({
      spec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      status: {
        phase: 'Running',
        podIP: '10.0.0.7',
        podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }],
        conditions: [
          { type: 'example.com/lb', status: 'True' },
          { type: 'example.com/dns', status: 'False' },
        ],
        containerStatuses: [running('app')],
      },
    });
    expect(podTable.cells(obj, NOW)).toEqual(['p', '1/1', 'Running', '0', '60m', '10.0.0.7', 'node-1', '<none>', '1/2']);
  });

  it('prints <none> for what an unscheduled pod lacks', () => {
    expect(podTable.cells(pod({ status: { phase: 'Pending', nominatedNodeName: 'node-2' } }), NOW).slice(5)).toEqual(['<none>', '<none>', 'node-2', '<none>']);
  });
});
