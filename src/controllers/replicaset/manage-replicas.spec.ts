import type { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Expectations } from 'src/controllers/runtime/expectations';
import { ApiError, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { KubeObject } from 'src/registry/generic/object';
import { manageReplicas, podFromTemplate } from 'src/controllers/replicaset/manage-replicas';

const rs = (replicas: number): KubeObject => ({
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' },
  spec: { replicas, template: { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

/** A client whose pod creates succeed `okCreates` times, then fail with 403; deletes succeed except for `failDelete`. */
function fakeClient(okCreates: number, failDelete?: string) {
  const created: KubeObject[] = [];
  const deleted: string[] = [];
  let n = 0;
  const client = {
    async create(_path: string, body: KubeObject) {
      if (created.length >= okCreates) {
        throw new ApiError(403, 'Forbidden', { message: 'pods "web-" is forbidden: exceeded quota' });
      }
      const pod = { ...body, metadata: { ...body.metadata, name: `web-${++n}` } };
      created.push(pod);
      return pod;
    },
    async delete(path: string) {
      if (failDelete && path.endsWith(`/${failDelete}`)) {
        throw new ApiError(500, 'InternalError', { message: 'boom' });
      }
      deleted.push(path.split('/').pop()!);
      return {};
    },
  };
  return { client: client as unknown as KubeClient, created, deleted };
}

function recorder() {
  const events: string[] = [];
  return { events, rec: { event: (_o: KubeObject, type: string, reason: string, msg: string) => events.push(`${type} ${reason} ${msg}`) } as unknown as EventRecorder };
}

describe('manageReplicas', () => {
  it('builds pods from the template: generateName, labels, annotations, controller reference', () => {
    expect(podFromTemplate(rs(1)).metadata).toEqual({
      generateName: 'web-',
      namespace: 'ns',
      labels: { app: 'web' },
      annotations: { a: 'b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
    });
  });

  it('stops creating after a failed batch, records events and lowers expectations for what was skipped', async () => {
    const { client, created } = fakeClient(4);
    const { events, rec } = recorder();
    const expectations = new Expectations();
    const failure = await manageReplicas({ client, recorder: rec, expectations, key: 'ns/web' }, rs(10), [], () => []);
    expect(created).toHaveLength(4);
    expect(failure).toEqual({ reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota' });
    expect(events.filter((e) => e.startsWith('Normal SuccessfulCreate'))).toEqual(['Created pod: web-1', 'Created pod: web-2', 'Created pod: web-3', 'Created pod: web-4'].map((m) => `Normal SuccessfulCreate ${m}`));
    expect(events.filter((e) => e.startsWith('Warning'))).toEqual(Array(3).fill('Warning FailedCreate Error creating: pods "web-" is forbidden: exceeded quota'));
    expect(expectations.satisfied('ns/web')).toBe(false);
    for (let i = 0; i < 4; i++) {
      expectations.creationObserved('ns/web');
    }
    expect(expectations.satisfied('ns/web')).toBe(true);
  });

  it('deletes the chosen victims and reports a failed delete', async () => {
    const { client, deleted } = fakeClient(0, 'p2');
    const { events, rec } = recorder();
    const expectations = new Expectations();
    const pods = ['p1', 'p2', 'p3'].map((name) => ({ metadata: { name, namespace: 'ns', uid: name } }));
    const failure = await manageReplicas({ client, recorder: rec, expectations, key: 'ns/web' }, rs(1), pods, (diff) => pods.slice(0, diff));
    expect(deleted).toEqual(['p1']);
    expect(events).toEqual(['Normal SuccessfulDelete Deleted pod: p1', 'Warning FailedDelete Error deleting: boom']);
    expect(failure).toEqual({ reason: 'FailedDelete', message: 'unable to delete pods: boom' });
    expect(expectations.satisfied('ns/web')).toBe(false);
    expectations.deletionObserved('ns/web', 'p1');
    expect(expectations.satisfied('ns/web')).toBe(true);
  });
});
