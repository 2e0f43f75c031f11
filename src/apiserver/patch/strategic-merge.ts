/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as kube-apiserver applies it:
 * a JSON merge patch whose lists merge by the type's patch strategy and merge key, plus the
 * directives `$patch`, `$retainKeys`, `$setElementOrder/<field>` and
 * `$deleteFromPrimitiveList/<field>`.
 *
 * The server applies a patch with MergeParallelList and IgnoreUnmatchedNulls set, so the parallel
 * lists are applied and a `null` for an absent key is dropped; this module implements only that mode.
 *
 * Like upstream, values taken whole from the patch (new list items, lists without merge strategy,
 * maps under `$patch: replace`) keep any nested nulls and `$`-keys; upstream drops those when it
 * decodes the result into the Go type, so callers must prune the result against the schema.
 * Deliberate differences, all in cases where upstream fails or is not deterministic: fields the
 * schema does not know, and the values of maps, merge schema-less instead of failing the field
 * lookup; a patch holding both `<f>` and `$deleteFromPrimitiveList/<f>` applies them in patch key
 * order (upstream: Go map order); objects used as merge-key values or in primitive lists compare by
 * identity instead of panicking.
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/patch.go StrategicMergeMapPatch, mergeMap.
 */
import {
  applyRetainKeysDirective,
  applySetElementOrder,
  discardNullValues,
  extractKey,
  extractRetainKeysPatchStrategy,
  handleDirectiveInMergeMap,
  removeDirectives,
} from 'src/apiserver/patch/strategic-merge-directives';
import { goTypeName, StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge-errors';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  hasKey,
  isJsonMap,
  type JsonMap,
  REPLACE_DIRECTIVE,
  setKey,
} from 'src/apiserver/patch/strategic-merge-json';
import { mergeSliceHandler } from 'src/apiserver/patch/strategic-merge-list';
import { jsonClone } from 'src/registry/generic/json-clone';
import { PatchSchema, type ResolveTypeNode } from 'src/apiserver/patch/strategic-merge-schema';
import type { ObjectNode } from 'src/schema/type-node';

export { StrategicMergePatchError, type StrategicMergePatchErrorCode } from 'src/apiserver/patch/strategic-merge-errors';
export type { ResolveTypeNode } from 'src/apiserver/patch/strategic-merge-schema';

/** Stores a value taken from the patch: without its directives and null entries, or not at all if it is a directive. */
function takePatchValue(target: JsonMap, key: string, patchValue: unknown): void {
  discardNullValues(patchValue);
  const { value, keep } = removeDirectives(patchValue);
  if (keep) {
    setKey(target, key, value);
  } else {
    delete target[key];
  }
}

/** Merges `patch` into `original` (mutating both, as upstream does) and returns the result. */
function mergeMap(original: JsonMap | null, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (hasKey(patch, DIRECTIVE_MARKER)) {
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  }
  const target = original ?? {};
  applyRetainKeysDirective(target, patch);
  applySetElementOrder(target, patch, schema, mergeMap);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    if (isDeleteList) {
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    }
    if (patchValue === null) {
      delete target[key];
      continue;
    }
    if (!hasKey(target, key) || goTypeName(target[key]) !== goTypeName(patchValue)) {
      // Absent from the original, or of another type: take the patch value (a deletion list has
      // nothing to delete from).
      if (!isDeleteList) {
        takePatchValue(target, key, patchValue);
      }
      continue;
    }
    const current = target[key];
    if (isJsonMap(current)) {
      const { schema: sub, meta } = schema.lookupForStruct(key);
      const strategy = extractRetainKeysPatchStrategy(meta.strategies);
      setKey(target, key, strategy === REPLACE_DIRECTIVE ? patchValue : mergeMap(current, patchValue as JsonMap, sub));
    } else if (Array.isArray(current)) {
      const { schema: sub, meta } = schema.lookupForSlice(key);
      const strategy = extractRetainKeysPatchStrategy(meta.strategies);
      setKey(target, key, mergeSliceHandler(current, patchValue, sub, strategy, meta.mergeKey, isDeleteList, mergeMap));
    } else {
      setKey(target, key, patchValue);
    }
  }
  return target;
}

const JSON_KIND: Record<string, string> = { object: 'array', string: 'string', number: 'number', boolean: 'bool' };

/**
 * Applies a strategic merge patch to an object and returns the patched copy; neither input is
 * modified. `schema` describes the object's kind (undefined: no schema, so lists are replaced as
 * in a JSON merge patch) and `resolve` follows its RefNodes. Fields the schema does not describe
 * merge the same way: maps recursively, lists replaced.
 *
 * Throws StrategicMergePatchError, whose `code` is the HTTP status upstream answers with.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: ObjectNode | undefined, resolve: ResolveTypeNode): JsonMap {
  if (patch !== null && !isJsonMap(patch)) {
    const kind = JSON_KIND[typeof patch] ?? typeof patch;
    throw new StrategicMergePatchError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`, 400);
  }
  const target: JsonMap = isJsonMap(original) ? jsonClone(original) : {};
  const patchMap: JsonMap = patch === null ? {} : jsonClone(patch);
  return mergeMap(target, patchMap, PatchSchema.of(schema, resolve));
}
