import { finishedTime, nextBackoffRecord, remainingBackoffMs, type BackoffRecord } from 'src/controllers/job/job-backoff';
import { matchPodFailurePolicy } from 'src/controllers/job/job-failure-policy';
import { parseIntervals } from 'src/controllers/job/job-indexes';
import { matchSuccessPolicy } from 'src/controllers/job/job-success-policy';
import type { KubeObject } from 'src/registry/generic/object';

const T = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ms = (s: number): number => Date.UTC(2026, 0, 1, 0, 0, s);

/** A finished pod whose container ended at second `s` with `exitCode`. */
function pod(s: number, exitCode = 1, extra: Record<string, any> = {}): KubeObject {
  return {
    metadata: { name: `p${s}`, namespace: 'ns', creationTimestamp: T(0) },
    status: {
      phase: exitCode ? 'Failed' : 'Succeeded',
      containerStatuses: [{ name: 'main', state: { terminated: { exitCode, finishedAt: T(s) } } }],
      ...extra,
    },
  };
}

describe('failure back-off', () => {
  it.each<[string, BackoffRecord | undefined, KubeObject[], KubeObject[], BackoffRecord]>([
    ['nothing new', { failuresAfterLastSuccess: 2, lastFailureTime: ms(5) }, [], [], { failuresAfterLastSuccess: 2, lastFailureTime: ms(5) }],
    ['failures add up', { failuresAfterLastSuccess: 1, lastFailureTime: ms(5) }, [], [pod(9), pod(7)], { failuresAfterLastSuccess: 3, lastFailureTime: ms(9) }],
    ['a success resets', { failuresAfterLastSuccess: 4, lastFailureTime: ms(5) }, [pod(6, 0)], [], { failuresAfterLastSuccess: 0, lastFailureTime: undefined }],
    ['failures after the last success still count', undefined, [pod(6, 0)], [pod(4), pod(8), pod(9)], { failuresAfterLastSuccess: 2, lastFailureTime: ms(9) }],
  ])('%s', (_what, prev, succeeded, failed, want) => {
    expect(nextBackoffRecord(prev, succeeded, failed)).toEqual(want);
  });

  it.each([
    [0, 0, 0],
    [1, 0, 10_000],
    [1, 4_000, 6_000],
    [2, 0, 20_000],
    [3, 0, 40_000],
    [7, 0, 600_000],
    [20, 0, 600_000],
    [2, 30_000, 0],
  ])('%i failures, %i ms ago: wait %i ms (10 s doubling, 10 min cap)', (failures, ago, want) => {
    const rec = { failuresAfterLastSuccess: failures, lastFailureTime: failures ? ms(100) : undefined };
    expect(remainingBackoffMs(rec, ms(100) + ago, 10_000, 600_000)).toBe(want);
  });

  it('takes the finish time from containers, then Ready=False, then deletion, then creation', () => {
    expect(finishedTime(pod(7))).toBe(ms(7));
    const readyFalse = { metadata: { creationTimestamp: T(0) }, status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: T(3) }] } };
    expect(finishedTime(readyFalse)).toBe(ms(3));
    expect(finishedTime({ metadata: { creationTimestamp: T(0), deletionTimestamp: T(40), deletionGracePeriodSeconds: 30 } })).toBe(ms(10));
    expect(finishedTime({ metadata: { creationTimestamp: T(2) }, status: { containerStatuses: [{ state: { running: {} } }] } })).toBe(ms(2));
  });
});

describe('podFailurePolicy', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'FailIndex', onExitCodes: { operator: 'In', values: [43] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1] } },
    ],
  };

  it.each([
    ['no policy counts', undefined, pod(1), { countFailed: true }],
    [
      'DisruptionTarget is ignored',
      policy,
      pod(1, 1, { conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
      { countFailed: false, action: 'Ignore' },
    ],
    [
      'exit code 42 fails the Job',
      policy,
      pod(1, 42),
      { countFailed: true, action: 'FailJob', failJobMessage: 'Container main for pod ns/p1 failed with exit code 42 matching FailJob rule at index 1' },
    ],
    ['FailIndex is skipped without backoffLimitPerIndex', policy, pod(1, 43), { countFailed: true, action: 'Count' }],
    ['an unmatched exit code counts without an action', policy, pod(1, 1), { countFailed: true }],
    [
      'a container that did not terminate matches nothing',
      policy,
      { metadata: { name: 'x' }, status: { containerStatuses: [{ name: 'main', state: {} }] } },
      { countFailed: true },
    ],
  ])('%s', (_what, p, failed, want) => {
    expect(matchPodFailurePolicy(p, failed)).toEqual(want);
  });

  it('names the condition in a FailJob on pod conditions', () => {
    const rule = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue' }] }] };
    expect(matchPodFailurePolicy(rule, pod(1, 1, { conditions: [{ type: 'ConfigIssue', status: 'True' }] })).failJobMessage).toBe(
      'Pod ns/p1 has condition ConfigIssue matching FailJob rule at index 0',
    );
  });
});

describe('successPolicy', () => {
  it.each([
    ['no policy', undefined, '0-4', undefined],
    ['succeededIndexes all done', { rules: [{ succeededIndexes: '0,2' }] }, '0-2', 'Matched rules at index 0'],
    ['succeededIndexes not all done', { rules: [{ succeededIndexes: '0,3' }] }, '0-2', undefined],
    ['succeededCount within the indexes', { rules: [{ succeededIndexes: '0-3', succeededCount: 2 }] }, '1,3', 'Matched rules at index 0'],
    ['succeededCount alone, second rule', { rules: [{ succeededIndexes: '4' }, { succeededCount: 3 }] }, '0-2', 'Matched rules at index 1'],
  ])('%s', (_what, policy, done, want) => {
    expect(matchSuccessPolicy(policy, 5, parseIntervals(done, 5))).toBe(want);
  });
});
