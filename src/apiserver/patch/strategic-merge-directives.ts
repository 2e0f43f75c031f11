/**
 * The map-level directives of strategic merge patch: `$patch` on a map, `$retainKeys`,
 * `$setElementOrder/<field>`, and the clean-up of directives in values taken from the patch.
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/patch.go handleDirectiveInMergeMap,
 * applyRetainKeysDirective, mergePatchIntoOriginal, validatePatchWithSetOrderList, removeDirectives.
 */
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  goFormat,
  StrategicMergePatchError,
} from 'src/apiserver/patch/strategic-merge-errors';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  hasKey,
  isJsonMap,
  type JsonMap,
  MAP_TYPE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  RETAIN_KEYS_STRATEGY,
  SET_ELEMENT_ORDER_PREFIX,
  setKey,
} from 'src/apiserver/patch/strategic-merge-json';
import { type MergeMapFn, mergeSliceHandler } from 'src/apiserver/patch/strategic-merge-list';
import { extractToDeleteItems, normalizeElementOrder, partitionMaps, partitionPrimitives, sliceElementType } from 'src/apiserver/patch/strategic-merge-order';
import type { PatchSchema } from 'src/apiserver/patch/strategic-merge-schema';

/** The result of a map patch that carries `$patch`: `replace` is the patch itself, `delete` an empty map. */
export function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) {
    return {};
  }
  throw errBadPatchType(directive, patch);
}

/** The strategy other than `retainKeys` among a field's patch strategies (`merge`, `replace` or none). */
export function extractRetainKeysPatchStrategy(strategies: string[]): string {
  if (strategies.length === 0) {
    return '';
  }
  if (strategies.length === 1) {
    return strategies[0] === RETAIN_KEYS_STRATEGY ? '' : strategies[0];
  }
  if (strategies.length === 2 && strategies[0] === RETAIN_KEYS_STRATEGY) {
    return strategies[1];
  }
  if (strategies.length === 2 && strategies[1] === RETAIN_KEYS_STRATEGY) {
    return strategies[0];
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: ${goFormat(strategies)}`);
}

/** The field a `$deleteFromPrimitiveList/<field>` or `$setElementOrder/<field>` key applies to. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX ? errBadPatchFormatForPrimitiveList() : errBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/**
 * Applies `$retainKeys`: clears the original's fields missing from the list, after checking that
 * every field the patch sets is listed.
 */
export function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!hasKey(patch, RETAIN_KEYS_DIRECTIVE)) {
    return;
  }
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) {
    throw errBadPatchFormatForRetainKeys();
  }
  const keep = new Set<unknown>(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    if (!keep.has(k)) {
      throw errBadPatchFormatForRetainKeys();
    }
  }
  for (const k of Object.keys(original)) {
    if (!keep.has(k)) {
      delete original[k];
    }
  }
}

/**
 * Drops directive maps (anything carrying `$patch`) from a value taken from the patch, in place;
 * `keep` is false when the value itself is one.
 */
export function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const r = removeDirectives(item);
      if (r.keep) {
        out.push(r.value);
      }
    }
    return { value: out, keep: true };
  }
  if (isJsonMap(v)) {
    if (hasKey(v, DIRECTIVE_MARKER)) {
      return { value: null, keep: false };
    }
    for (const [k, item] of Object.entries(v)) {
      const r = removeDirectives(item);
      if (r.keep) {
        setKey(v, k, r.value);
      } else {
        delete v[k];
      }
    }
  }
  return { value: v, keep: true };
}

/** Removes, in place and at any depth, the map entries of a patch value whose value is null. */
export function discardNullValues(v: unknown): void {
  if (Array.isArray(v)) {
    v.forEach(discardNullValues);
  } else if (isJsonMap(v)) {
    for (const [k, item] of Object.entries(v)) {
      if (item === null) {
        delete v[k];
      } else {
        discardNullValues(item);
      }
    }
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) {
    return left === right;
  }
  if (!isJsonMap(left)) {
    throw errBadArgType(MAP_TYPE, left);
  }
  if (!isJsonMap(right)) {
    throw errBadArgType(MAP_TYPE, right);
  }
  if (!hasKey(left, mergeKey)) {
    throw errNoMergeKey(left, mergeKey);
  }
  if (!hasKey(right, mergeKey)) {
    throw errNoMergeKey(right, mergeKey);
  }
  return left[mergeKey] === right[mergeKey];
}

/**
 * Checks that the patch list (deletions aside) is a subsequence of the `$setElementOrder` list:
 * same items, same relative order.
 */
function validatePatchWithSetOrderList(patchList: unknown[], setOrderList: unknown[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) {
    return;
  }
  const nonDelete = mergeKey ? extractToDeleteItems(patchList).keep : patchList;
  let p = 0;
  let o = 0;
  while (p < nonDelete.length && o < setOrderList.length) {
    const item = nonDelete[p];
    if (isJsonMap(item) && hasKey(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[o], mergeKey)) {
      p++;
    }
    o++;
  }
  if (p < nonDelete.length && o >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(setOrderList)}\n`,
    );
  }
}

function listValue(m: JsonMap, key: string): { found: boolean; list: unknown[] } {
  if (!hasKey(m, key)) {
    return { found: false, list: [] };
  }
  const v = m[key];
  if (!Array.isArray(v)) {
    throw errBadArgType('[]interface {}', v);
  }
  return { found: true, list: v };
}

/**
 * Processes every `$setElementOrder/<field>` of `patch`: merges the field's patch list into the
 * original list, then orders the result. Precedence: `$setElementOrder`, then the order of the
 * patch list, then the order of the live list. Processed keys are removed from `patch`.
 */
export function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: PatchSchema, mergeMap: MergeMapFn): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      continue;
    }
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) {
      throw errBadArgType('[]interface {}', order);
    }
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const orig = listValue(original, field);
    const pat = listValue(patch, field);
    const { schema: itemSchema, meta } = schema.lookupForSlice(field);
    const strategy = extractRetainKeysPatchStrategy(meta.strategies);
    validatePatchWithSetOrderList(pat.list, order, meta.mergeKey);

    // Upstream merges into the live list's own Go slice, and then orders by that slice as the
    // merge left it (deletions shifted, appended items in the freed slots): keep its length.
    const liveLength = orig.list.length;
    let merged: unknown[];
    if (orig.found && !pat.found) {
      merged = orig.list;
    } else if (!orig.found && pat.found) {
      merged = removeDirectives(pat.list).value as unknown[];
    } else if (orig.found && pat.found) {
      merged = mergeSliceHandler(orig.list, pat.list, itemSchema, strategy, meta.mergeKey, false, mergeMap);
    } else {
      continue;
    }
    const serverOrder = orig.list.slice(0, liveLength);

    const parts = meta.mergeKey ? partitionMaps(merged, order, meta.mergeKey) : partitionPrimitives(merged, order);
    const isMap = sliceElementType(serverOrder, pat.list) === MAP_TYPE;
    setKey(original, field, normalizeElementOrder(parts.patch, parts.serverOnly, order, serverOrder, meta.mergeKey, isMap));
    delete patch[field];
  }
}
