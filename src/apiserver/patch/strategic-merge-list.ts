/**
 * Merging of lists by strategic merge patch: lists of maps merged by merge key (with `$patch:
 * delete|replace` items), primitive lists merged as sets, `$deleteFromPrimitiveList`, and every
 * other list replaced by the patch.
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/patch.go mergeSliceHandler, mergeSlice,
 * mergeSliceWithSpecialElements, mergeSliceWithoutSpecialElements, deleteFromSlice.
 */
import { errBadArgType, errBadPatchType, errNoMergeKey, StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge-errors';
import {
  DELETE_DIRECTIVE,
  DIRECTIVE_MARKER,
  hasKey,
  type JsonMap,
  MAP_TYPE,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
} from 'src/apiserver/patch/strategic-merge-json';
import { findMapByKey, normalizeElementOrder, partitionMaps, partitionPrimitives, sliceElementType } from 'src/apiserver/patch/strategic-merge-order';
import type { PatchSchema } from 'src/apiserver/patch/strategic-merge-schema';

/** Merges a patch map into an original map (injected to keep map and list merging in separate files). */
export type MergeMapFn = (original: JsonMap | null, patch: JsonMap, schema: PatchSchema) => JsonMap;

/**
 * A list as upstream's Go slice sees it: a backing array shared with the caller and a length.
 * Deleting shifts items left inside the backing array and appending writes into the slots that
 * frees, so the caller's view of the original list changes exactly as it does upstream (which
 * matters for the `$setElementOrder` ordering, see applySetElementOrder).
 */
interface GoSlice {
  backing: unknown[];
  len: number;
}

function goAppend(s: GoSlice, v: unknown): void {
  if (s.len < s.backing.length) {
    s.backing[s.len] = v;
  } else {
    s.backing.push(v);
  }
  s.len++;
}

/** Removes every item whose merge key equals `value`, in place like Go's `append(s[:i], s[i+1:]...)`. */
function deleteMatchingEntries(s: GoSlice, mergeKey: string, value: unknown): void {
  for (;;) {
    const found = findMapByKey(s.backing.slice(0, s.len), mergeKey, value);
    if (!found) {
      return;
    }
    for (let i = found.index; i < s.len - 1; i++) {
      s.backing[i] = s.backing[i + 1];
    }
    s.len--;
  }
}

/**
 * Applies the `$patch` items of a map list: `delete` removes the items with that merge key from
 * the original, `replace` makes the other patch items the whole list. Returns the original to
 * merge into and the patch items left.
 */
function mergeSliceWithSpecialElements(original: GoSlice, patch: unknown[], mergeKey: string): { original: GoSlice; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!hasKey(item, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!hasKey(item, mergeKey)) {
        throw errNoMergeKey(item, mergeKey);
      }
      deleteMatchingEntries(original, mergeKey, item[mergeKey]);
    } else if (directive === REPLACE_DIRECTIVE) {
      // Keep going: the other `$patch` items are still validated and dropped.
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  if (replace) {
    return { original: { backing: plain, len: plain.length }, patch: [] };
  }
  return { original, patch: plain };
}

/** Merges each patch item into the original item with the same merge key, or appends it as is. */
function mergeSliceWithoutSpecialElements(original: GoSlice, patch: unknown[], mergeKey: string, schema: PatchSchema, mergeMap: MergeMapFn): unknown[] {
  for (const v of patch) {
    const item = v as JsonMap;
    if (!hasKey(item, mergeKey)) {
      throw errNoMergeKey(item, mergeKey);
    }
    const found = findMapByKey(original.backing.slice(0, original.len), mergeKey, item[mergeKey]);
    if (found) {
      original.backing[found.index] = mergeMap(found.map, item, schema);
    } else {
      goAppend(original, v);
    }
  }
  return original.backing.slice(0, original.len);
}

/** Removes from a primitive list the values listed by `$deleteFromPrimitiveList`. */
function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const del = new Set(toDelete);
  return current.filter((v) => !del.has(v));
}

/** Go's in-place de-duplication: a later duplicate is overwritten by the last item, which reorders. */
function deduplicateScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] === s[j]) {
        s[j] = s[last];
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}

/**
 * Merges two lists with merge semantics. `original` is mutated the way upstream mutates its Go
 * slice (see GoSlice); the result is a new array.
 */
function mergeSlice(original: unknown[], patch: unknown[], schema: PatchSchema, mergeKey: string, isDeleteList: boolean, mergeMap: MergeMapFn): unknown[] {
  if (original.length === 0 && patch.length === 0) {
    return original;
  }
  const elementType = sliceElementType(original, patch);
  const isMap = elementType === MAP_TYPE;
  let merged: unknown[];
  let serverOrder = original;
  let patchOrder = patch;
  if (!isMap) {
    if (isDeleteList) {
      return deleteFromSlice(original, patch);
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) {
      throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schema.name()}`);
    }
    const special = mergeSliceWithSpecialElements({ backing: original, len: original.length }, patch, mergeKey);
    serverOrder = special.original.backing.slice(0, special.original.len);
    patchOrder = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.original, special.patch, mergeKey, schema, mergeMap);
  }
  const parts = isMap ? partitionMaps(merged, patchOrder, mergeKey) : partitionPrimitives(merged, patchOrder);
  return normalizeElementOrder(parts.patch, parts.serverOnly, patchOrder, serverOrder, mergeKey, isMap);
}

/**
 * Merges a patch list into an original list by the field's strategy: `merge` (and any
 * `$deleteFromPrimitiveList`) merges, everything else takes the patch list as is.
 */
export function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  mergeMap: MergeMapFn,
): unknown[] {
  if (!Array.isArray(original)) {
    throw errBadArgType('[]interface {}', original);
  }
  if (!Array.isArray(patch)) {
    throw errBadArgType('[]interface {}', patch);
  }
  if (strategy === MERGE_DIRECTIVE || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, isDeleteList, mergeMap);
  }
  return patch;
}
