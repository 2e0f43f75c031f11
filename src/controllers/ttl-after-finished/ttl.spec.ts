import { needsCleanup, ttlLeftMs } from 'src/controllers/ttl-after-finished/ttl';
import type { KubeObject } from 'src/registry/generic/object';

const NOW = Date.parse('2026-01-01T00:01:00Z');

function job(ttl: number | undefined, condition?: string, meta: Record<string, unknown> = {}): KubeObject {
  const conditions = condition ? [{ type: condition, status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] : [];
  return { metadata: { name: 'j', namespace: 'ns', ...meta }, spec: { ttlSecondsAfterFinished: ttl }, status: { conditions } };
}

describe('ttl after finished', () => {
  it.each([
    ['no TTL', job(undefined, 'Complete'), undefined],
    ['not finished', job(10), undefined],
    ['only SuccessCriteriaMet so far', job(10, 'SuccessCriteriaMet'), undefined],
    ['being deleted', job(10, 'Complete', { deletionTimestamp: '2026-01-01T00:00:30Z' }), undefined],
    ['complete, TTL 0: expired', job(0, 'Complete'), -60_000],
    ['failed, 90 s TTL: 30 s left', job(90, 'Failed'), 30_000],
  ])('%s', (_what, j, want) => {
    expect(ttlLeftMs(j, NOW)).toBe(want);
  });

  it('needs a finish time', () => {
    const j = job(5, 'Complete');
    delete j.status.conditions[0].lastTransitionTime;
    expect(needsCleanup(j)).toBe(true);
    expect(() => ttlLeftMs(j, NOW)).toThrow('unable to find the time when the Job ns/j finished');
  });
});
