import type { KubeObject } from 'src/registry/generic/object';
import { deletionCost, podsToDelete } from 'src/controllers/replicaset/pod-ranking';

const NOW = new Date('2030-01-01T12:00:00Z');

interface PodOpts {
  node?: string;
  phase?: string;
  ready?: string;
  cost?: string;
  restarts?: number;
  created?: string;
  uid?: string;
}

function pod(name: string, o: PodOpts = {}): KubeObject {
  const conditions = o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [{ type: 'Ready', status: 'False' }];
  return {
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: o.created ?? '2030-01-01T00:00:00Z',
      annotations: o.cost === undefined ? undefined : { 'controller.kubernetes.io/pod-deletion-cost': o.cost },
    },
    spec: { nodeName: o.node ?? 'n1' },
    status: { phase: o.phase ?? 'Running', conditions, containerStatuses: [{ restartCount: o.restarts ?? 0 }] },
  };
}

const READY = '2030-01-01T06:00:00Z';

describe('which pods a scale-down deletes first', () => {
  it.each<[string, KubeObject, KubeObject]>([
    ['unassigned before assigned', pod('a', { node: '', ready: READY }), pod('b', { ready: READY })],
    ['pending before running', pod('a', { phase: 'Pending' }), pod('b')],
    ['unknown before running', pod('a', { phase: 'Unknown' }), pod('b')],
    ['a phase-less pod like pending', pod('a', { phase: '' }), pod('b', { phase: 'Unknown' })],
    ['not ready before ready', pod('a'), pod('b', { ready: READY })],
    ['lower deletion cost first', pod('a', { ready: READY, cost: '-5' }), pod('b', { ready: READY })],
    ['doubled-up node first', pod('a', { ready: READY, node: 'busy' }), pod('b', { ready: READY, node: 'quiet' })],
    ['ready more recently first (different log2 buckets)', pod('a', { ready: '2030-01-01T11:59:00Z' }), pod('b', { ready: '2030-01-01T06:00:00Z' })],
    ['more restarts first', pod('a', { ready: READY, restarts: 3 }), pod('b', { ready: READY, restarts: 1 })],
    ['younger first', pod('a', { ready: READY, created: '2030-01-01T11:00:00Z' }), pod('b', { ready: READY, created: '2029-01-01T00:00:00Z' })],
    ['same log2 bucket: lower uid first', pod('z', { ready: READY, created: '2030-01-01T01:00:00Z', uid: 'u1' }), pod('y', { ready: READY, created: '2030-01-01T01:00:01Z', uid: 'u2' })],
  ])('%s', (_rule, first, second) => {
    const related = [first, second, pod('other', { node: 'busy' })];
    expect(podsToDelete([second, first], related, 1, NOW).map((p) => p.metadata.name)).toEqual([first.metadata.name]);
    expect(podsToDelete([first, second], related, 1, NOW).map((p) => p.metadata.name)).toEqual([first.metadata.name]);
  });

  it('deletes all pods without ranking when asked for all of them', () => {
    const pods = [pod('a'), pod('b')];
    expect(podsToDelete(pods, pods, 2, NOW)).toEqual(pods);
  });

  it.each([
    [undefined, 0],
    ['100', 100],
    ['-7', -7],
    ['1.5', 0],
    ['nope', 0],
    ['99999999999', 0],
  ])('deletion cost %j is %d', (raw, want) => {
    expect(deletionCost(pod('a', { cost: raw }))).toBe(want);
  });
});
