import { applyPatch, JsonPatchError, type Operation } from 'fast-json-patch';
import { mediaType, parseJson } from 'src/apiserver/body';
import { applyMergePatch } from 'src/apiserver/patch/merge-patch';
import { applyStrategicMergePatch, StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge';
import { badRequest, StatusError, unsupportedMediaType } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import { resolve, typeForKind } from 'src/schema/schema';

/** The patch media types kubepg understands. */
export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;

/** A patch decoded from a request: a function from the current object to the patched one. */
export type Patcher = (current: KubeObject) => KubeObject;

function unprocessable(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'UnprocessableEntity', code: 422 } as never);
}

/**
 * Decodes a PATCH body by its Content-Type. A malformed patch is a 400; a patch that cannot be
 * applied to the object (a failed `test`, a missing path) is a 422, as upstream answers.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/patch.go.
 */
export function decodePatch(body: Buffer | undefined, contentType: string | undefined, resource: RegisteredResource): Patcher {
  const type = mediaType(contentType);
  const text = body?.toString('utf8') ?? '';
  if (type === 'application/json-patch+json') {
    const ops = parseJson(text, 'the JSON patch');
    if (!Array.isArray(ops)) {
      throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    }
    return (current) => {
      try {
        const res = applyPatch(current, ops as Operation[], true, false).newDocument as KubeObject;
        return res;
      } catch (err) {
        if (err instanceof JsonPatchError) {
          throw unprocessable(`the server rejected our request due to an error in our request: ${err.message.split('\n')[0]}`);
        }
        throw badRequest(`invalid JSON patch: ${(err as Error).message.split('\n')[0]}`);
      }
    };
  }
  if (type === 'application/merge-patch+json') {
    const patch = parseJson(text, 'the merge patch');
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw badRequest('the merge patch must be a JSON object');
    }
    return (current) => applyMergePatch(current, patch) as KubeObject;
  }
  if (type === 'application/strategic-merge-patch+json') {
    const patch = parseJson(text, 'the strategic merge patch');
    const schema = typeForKind(resource.group, resource.version, resource.kind);
    return (current) => {
      try {
        return pruneDirectives(applyStrategicMergePatch(current, patch, schema, resolve)) as KubeObject;
      } catch (err) {
        if (err instanceof StrategicMergePatchError) {
          throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: err.reason || undefined, code: err.code } as never);
        }
        throw err;
      }
    };
  }
  throw unsupportedMediaType();
}

/**
 * Drops what decoding into the Go type would drop from a strategically patched object: `$`
 * directive keys and null values carried whole from the patch.
 */
function pruneDirectives(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(pruneDirectives);
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (!k.startsWith('$') && val !== null) {
        out[k] = pruneDirectives(val);
      }
    }
    return out;
  }
  return v;
}
