/**
 * List helpers of strategic merge patch: element types, partitions, lookups by merge key, and
 * the ordering of a merged list (patch items in patch order, interleaved with server-only items
 * in live order).
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/patch.go normalizeElementOrder,
 * mergeSortedSlice, normalizeSliceOrder, sliceElementType, partition*ByPresentInList.
 */
import { errBadArgType, errNoListOfLists, errNoMergeKey, goFormat, goTypeName, StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge-errors';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER, getKey, isJsonMap, type JsonMap, MAP_TYPE } from 'src/apiserver/patch/strategic-merge-json';

/**
 * The Go type shared by the elements of all `slices`. Fails on lists of lists, on mixed types,
 * and when there are no elements at all.
 */
export function sliceElementType(...slices: unknown[][]): string {
  let prev: string | undefined;
  let seen = false;
  for (const s of slices) {
    for (const v of s) {
      const current = goTypeName(v);
      if (!seen) {
        seen = true;
        prev = current;
        if (prev === undefined) {
          // Upstream asks the kind of a nil reflect.Type here and panics.
          throw new StrategicMergePatchError('runtime error: invalid memory address or nil pointer dereference');
        }
        if (prev === '[]interface {}') {
          throw errNoListOfLists();
        }
      } else if (prev !== current) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goFormat(slices)}`);
      }
    }
  }
  if (prev === undefined) {
    throw new StrategicMergePatchError('no elements in any of the given slices');
  }
  return prev;
}

/** The merge-key value of a map item, or the item itself for primitives (nil for a missing key). */
function lookupValue(item: unknown, mergeKey: string, isMap: boolean): unknown {
  if (!isMap) {
    return item;
  }
  return isJsonMap(item) ? (getKey(item, mergeKey) ?? null) : null;
}

/** Index of the first item of `list` matching `value` (by merge key for maps), or -1. */
export function indexOf(list: unknown[], value: unknown, mergeKey: string, isMap: boolean): number {
  const wanted = lookupValue(value, mergeKey, isMap);
  return list.findIndex((v) => lookupValue(v, mergeKey, isMap) === wanted);
}

/** Finds the first map of `list` whose `key` equals `value`; every item must be a map. */
export function findMapByKey(list: unknown[], key: string, value: unknown): { map: JsonMap; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonMap(v)) {
      throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    }
    if (Object.hasOwn(v, key) && v[key] === value) {
      return { map: v, index: i };
    }
  }
  return undefined;
}

/** Checks that every item of every list is a map carrying `mergeKey`. */
export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonMap(item)) {
        throw errBadArgType(MAP_TYPE, item);
      }
      if (!Object.hasOwn(item, mergeKey)) {
        throw errNoMergeKey(item, mergeKey);
      }
    }
  }
}

/** Splits map items into those without and those with `$patch: delete`. */
export function extractToDeleteItems(list: unknown[]): { keep: unknown[]; toDelete: unknown[] } {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isJsonMap(v)) {
      throw errBadArgType(MAP_TYPE, v);
    }
    (getKey(v, DIRECTIVE_MARKER) === DELETE_DIRECTIVE ? toDelete : keep).push(v);
  }
  return { keep, toDelete };
}

/**
 * Sorts like Go's sort.SliceStable. For up to 20 items that is a plain insertion sort, which this
 * reproduces step by step so that even a `less` that is not a strict order (items missing from
 * the reference order compare as "less") gives upstream's result; longer lists use a stable sort.
 */
function goStableSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const s = [...items];
  if (s.length <= 20) {
    for (let i = 1; i < s.length; i++) {
      for (let j = i; j > 0 && less(s[j], s[j - 1]); j--) {
        [s[j], s[j - 1]] = [s[j - 1], s[j]];
      }
    }
    return s;
  }
  return s.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** Sorts `toSort` by the position of each item in `order`; `$patch: delete` items go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = extractToDeleteItems(toSort));
  }
  const sorted = goStableSort(items, (a, b) => {
    const ia = indexOf(order, a, mergeKey, isMap);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, isMap);
      if (ib >= 0) {
        return ia < ib;
      }
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

/**
 * Interleaves two ordered lists, keeping the relative order within each: an item of `left` goes
 * before the next item of `right` only when both appear in `serverOrder` and it comes first
 * there. So patch items that are new to the live list come before the remaining server-only items.
 */
export function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      out.push(right[j++]);
    } else if (j >= right.length) {
      out.push(left[i++]);
    } else {
      const li = indexOf(serverOrder, left[i], mergeKey, isMap);
      const ri = indexOf(serverOrder, right[j], mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(left[i++]);
      } else {
        out.push(right[j++]);
      }
    }
  }
  return out;
}

/**
 * Orders a merged list: `patch` items by `patchOrder`, `serverOnly` items by `serverOrder`, then
 * the two interleaved by mergeSortedSlice.
 */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  isMap: boolean,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, isMap);
}

/** Splits primitives into those present in `partitionBy` and the others, keeping their order. */
export function partitionPrimitives(list: unknown[], partitionBy: unknown[]): { patch: unknown[]; serverOnly: unknown[] } {
  const inPatch = new Set(partitionBy);
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    (inPatch.has(v) ? patch : serverOnly).push(v);
  }
  return { patch, serverOnly };
}

/** Splits maps into those whose merge key appears in `partitionBy` and the others, keeping their order. */
export function partitionMaps(list: unknown[], partitionBy: unknown[], mergeKey: string): { patch: unknown[]; serverOnly: unknown[] } {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isJsonMap(v)) {
      throw errBadArgType(MAP_TYPE, v);
    }
    if (!Object.hasOwn(v, mergeKey)) {
      throw errNoMergeKey(v, mergeKey);
    }
    (findMapByKey(partitionBy, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v);
  }
  return { patch, serverOnly };
}
