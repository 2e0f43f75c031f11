import { rfc3339Nano, TriggerTimeTracker } from 'src/controllers/common/trigger-time';
import type { KubeObject } from 'src/registry/generic/object';

const svc: KubeObject = { metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' } };
const pod = (name: string, readySince: string): KubeObject => ({
  metadata: { name },
  status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] },
});

describe('last-change-trigger-time', () => {
  it('is the Service creation on the first sync, then the earliest changed pod transition, then nothing', () => {
    const t = new TriggerTimeTracker();
    expect(t.compute(svc, [pod('a', '2026-01-01T00:00:05Z')])).toBe(Date.parse('2026-01-01T00:00:00Z'));
    t.commit('default', 'web');
    const three = [pod('a', '2026-01-01T00:00:05Z'), pod('b', '2026-01-01T00:00:09Z'), pod('c', '2026-01-01T00:00:07Z')];
    expect(t.compute(svc, three)).toBe(Date.parse('2026-01-01T00:00:07Z'));
    t.commit('default', 'web');
    expect(t.compute(svc, three)).toBeUndefined();
  });

  it('reports the same trigger again when the sync that computed it was not committed (its write failed)', () => {
    const t = new TriggerTimeTracker();
    t.compute(svc, [pod('a', '2026-01-01T00:00:05Z')]);
    t.commit('default', 'web');
    const changed = [pod('a', '2026-01-01T00:00:05Z'), pod('b', '2026-01-01T00:00:09Z')];
    expect(t.compute(svc, changed)).toBe(Date.parse('2026-01-01T00:00:09Z'));
    expect(t.compute(svc, changed)).toBe(Date.parse('2026-01-01T00:00:09Z'));
  });

  it('prints as Go RFC3339Nano', () => {
    expect(rfc3339Nano(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00Z');
    expect(rfc3339Nano(Date.parse('2026-01-01T00:00:00.120Z'))).toBe('2026-01-01T00:00:00.12Z');
  });
});
