import type { KubeObject } from 'src/registry/generic/object';
import { completionIndex, hasTrackingFinalizer, UNKNOWN_INDEX } from 'src/controllers/job/job-pods';

// Semantics: kubernetes pkg/controller/job/indexed_job_utils.go: sets of completion indexes kept as
// ordered, merged intervals and printed as in status.completedIndexes ("1,3-5,7").

/** A closed range of indexes. */
export interface Interval {
  first: number;
  last: number;
}

/** Ordered, non-overlapping, non-adjacent intervals. */
export type Intervals = Interval[];

/** merge: the union of two ordered interval lists, adjacent ranges joined. */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  const push = (iv: Interval): void => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) {
      out.push({ ...iv });
    } else if (last.last < iv.last) {
      last.last = iv.last;
    }
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    push(a[i].first < b[j].first ? a[i++] : b[j++]);
  }
  a.slice(i).forEach(push);
  b.slice(j).forEach(push);
  return out;
}

/** withOrderedIndexes: the intervals plus the given indexes (in increasing order). */
export function withIndexes(iv: Intervals, indexes: number[]): Intervals {
  return mergeIntervals(
    iv,
    indexes.map((x) => ({ first: x, last: x })),
  );
}

/** How many indexes the intervals hold. */
export function totalIndexes(iv: Intervals): number {
  return iv.reduce((n, x) => n + x.last - x.first + 1, 0);
}

/** Whether the intervals hold the index. */
export function hasIndex(iv: Intervals, ix: number): boolean {
  return iv.some((x) => x.first <= ix && ix <= x.last);
}

/** The status string: `first-last` for three or more, `a,b` for two, `a` for one. */
export function formatIntervals(iv: Intervals): string {
  return iv.map((x) => (x.last === x.first ? `${x.first}` : x.last === x.first + 1 ? `${x.first},${x.last}` : `${x.first}-${x.last}`)).join(',');
}

/** parseIndexesFromString: intervals below `completions`; corrupt items are skipped. */
export function parseIntervals(text: string | undefined, completions: number): Intervals {
  const out: Intervals = [];
  if (!text) {
    return out;
  }
  for (const item of text.split(',')) {
    const [lo, hi] = item.split('-');
    if (!/^\d+$/.test(lo ?? '')) {
      continue;
    }
    const first = Number(lo);
    if (first >= completions) {
      break;
    }
    let last = first;
    if (hi !== undefined) {
      if (!/^\d+$/.test(hi)) {
        continue;
      }
      last = Math.min(Number(hi), completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) {
      prev.last = last;
    } else {
      out.push({ first, last });
    }
  }
  return out;
}

/** The distinct known indexes of the pods, in increasing order. */
export function podIndexes(pods: KubeObject[]): number[] {
  const set = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix !== UNKNOWN_INDEX) {
      set.add(ix);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * calculateSucceededIndexes: the previous intervals (status.completedIndexes) and those plus the
 * valid indexes of succeeded pods that still carry the tracking finalizer (not yet counted).
 */
export function succeededIndexes(completedIndexes: string | undefined, completions: number, pods: KubeObject[]): { prev: Intervals; next: Intervals } {
  const prev = parseIntervals(completedIndexes, completions);
  const fresh = pods.filter(
    (p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p) && completionIndex(p) !== UNKNOWN_INDEX && completionIndex(p) < completions,
  );
  return { prev, next: withIndexes(prev, podIndexes(fresh)) };
}

/**
 * firstPendingIndexes: up to `count` indexes below `completions` held by no active pod (nor a
 * terminating one when only failed pods are replaced) and not succeeded.
 */
export function firstPendingIndexes(nonPendingPods: KubeObject[], succeeded: Intervals, count: number, completions: number): number[] {
  const out: number[] = [];
  if (count === 0) {
    return out;
  }
  const nonPending = withIndexes(succeeded, podIndexes(nonPendingPods));
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) {
      out.push(candidate);
    }
    if (candidate < iv.last + 1) {
      candidate = iv.last + 1;
    }
  }
  for (; candidate < completions && out.length < count; candidate++) {
    out.push(candidate);
  }
  return out;
}
