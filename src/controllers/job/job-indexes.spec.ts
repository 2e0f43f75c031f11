import {
  firstPendingIndexes,
  formatIntervals,
  mergeIntervals,
  parseIntervals,
  succeededIndexes,
  totalIndexes,
  withIndexes,
} from 'src/controllers/job/job-indexes';
import { COMPLETION_INDEX, TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

function indexed(ix: number | string, phase = 'Running', finalizers = [TRACKING_FINALIZER]): KubeObject {
  return { metadata: { name: `p${ix}`, annotations: { [COMPLETION_INDEX]: String(ix) }, finalizers }, status: { phase } };
}

describe('completion index intervals', () => {
  it.each([
    ['', 10, ''],
    ['1', 10, '1'],
    ['1,2', 10, '1,2'],
    ['1-3,5', 10, '1-3,5'],
    ['1,2,3', 10, '1-3'],
    ['0-2,3-4', 10, '0-4'],
    ['1-8', 5, '1-4'],
    ['1,x,3', 5, '1,3'],
    ['7,9', 5, ''],
  ])('parses %j below %i as %j', (text, completions, want) => {
    expect(formatIntervals(parseIntervals(text, completions))).toBe(want);
  });

  it('merges and counts', () => {
    const merged = mergeIntervals(parseIntervals('0-2,8', 10), parseIntervals('3,5-6', 10));
    expect(formatIntervals(merged)).toBe('0-3,5,6,8');
    expect(totalIndexes(merged)).toBe(7);
    expect(formatIntervals(withIndexes(merged, [4, 7, 9]))).toBe('0-9');
  });

  it('takes succeeded pods that still have the finalizer into the succeeded indexes', () => {
    const pods = [indexed(1, 'Succeeded'), indexed(4, 'Succeeded'), indexed(2, 'Succeeded', []), indexed(3, 'Failed'), indexed(9, 'Succeeded')];
    const { prev, next } = succeededIndexes('0', 5, pods);
    expect(formatIntervals(prev)).toBe('0');
    expect(formatIntervals(next)).toBe('0,1,4');
  });

  it.each([
    [[], '', 3, 5, [0, 1, 2]],
    [[0, 2], '', 3, 5, [1, 3, 4]],
    [[1], '0,3', 5, 5, [2, 4]],
    [[], '0-4', 2, 5, []],
    [[4], '', 2, 5, [0, 1]],
  ])('active %j, done %j: the first %i pending of %i are %j', (active, done, count, completions, want) => {
    expect(
      firstPendingIndexes(
        active.map((ix) => indexed(ix)),
        parseIntervals(done, completions),
        count,
        completions,
      ),
    ).toEqual(want);
  });
});
