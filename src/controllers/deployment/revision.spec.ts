import type { KubeObject } from 'src/registry/generic/object';
import { lastRevision, maxRevision, replicasAnnotationsNeedUpdate, REVISION, REVISION_HISTORY, setDeploymentRevision, setNewReplicaSetAnnotations } from 'src/controllers/deployment/revision';

const rs = (annotations?: Record<string, string>): KubeObject => ({ metadata: { name: 'rs', annotations }, spec: { replicas: 1 } });
const deployment = (annotations: Record<string, string> = {}): KubeObject => ({
  metadata: { name: 'web', annotations },
  spec: { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
});

describe('revisions', () => {
  it.each([
    [[], 0, 0],
    [['1'], 1, 0],
    [['1', '3', '2'], 3, 2],
    [['4', 'x', '4'], 4, 4],
    [[undefined, '7'], 7, 0],
  ])('revisions %j: max %d, last %d', (revs, max, last) => {
    const sets = (revs as (string | undefined)[]).map((r) => rs(r === undefined ? undefined : { [REVISION]: r }));
    expect(maxRevision(sets)).toBe(max);
    expect(lastRevision(sets)).toBe(last);
  });

  it('a ReplicaSet about to be created gets the revision, the Deployment annotations (minus the skipped ones) and replicas annotations', () => {
    const d = deployment({ team: 'a', 'kubernetes.io/change-cause': 'why', [REVISION]: '9', 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    const created = rs();
    expect(setNewReplicaSetAnnotations(d, created, 3, false)).toBe(true);
    expect(created.metadata.annotations).toEqual({
      team: 'a',
      'kubernetes.io/change-cause': 'why',
      [REVISION]: '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('an old ReplicaSet that becomes new again (rollback) keeps its old revision in revision-history', () => {
    const back = rs({ [REVISION]: '1' });
    expect(setNewReplicaSetAnnotations(deployment(), back, 3, true)).toBe(true);
    expect(back.metadata.annotations).toEqual({ [REVISION]: '3', [REVISION_HISTORY]: '1' });
    setNewReplicaSetAnnotations(deployment(), back, 5, true);
    expect(back.metadata.annotations?.[REVISION_HISTORY]).toBe('1,3');
  });

  it('never lowers a revision and reports nothing changed when up to date', () => {
    const current = rs({ [REVISION]: '5' });
    expect(setNewReplicaSetAnnotations(deployment(), current, 3, true)).toBe(false);
    expect(current.metadata.annotations).toEqual({ [REVISION]: '5' });
  });

  it('drops the oldest history entries past 2000 characters', () => {
    const history = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(',');
    const back = rs({ [REVISION]: '5000', [REVISION_HISTORY]: history });
    setNewReplicaSetAnnotations(deployment(), back, 6000, true);
    const entries = back.metadata.annotations![REVISION_HISTORY].split(',');
    expect(back.metadata.annotations![REVISION_HISTORY].length).toBeLessThanOrEqual(2000);
    expect(entries[entries.length - 1]).toBe('5000');
    expect(entries[0]).not.toBe('1000');
  });

  it('setDeploymentRevision and replicasAnnotationsNeedUpdate report changes', () => {
    const d = deployment();
    expect(setDeploymentRevision(d, '')).toBe(false);
    expect(setDeploymentRevision(d, '2')).toBe(true);
    expect(setDeploymentRevision(d, '2')).toBe(false);
    const sized = rs({ 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
    expect(replicasAnnotationsNeedUpdate(sized, 4, 5)).toBe(false);
    expect(replicasAnnotationsNeedUpdate(sized, 5, 6)).toBe(true);
  });
});
