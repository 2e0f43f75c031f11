/**
 * Errors of strategic merge patch application, with upstream's message text and the HTTP status
 * kube-apiserver answers with for each.
 *
 * Semantics: k8s.io/apimachinery pkg/util/mergepatch/errors.go (messages) and
 * k8s.io/apiserver pkg/endpoints/handlers/patch.go interpretStrategicMergePatchError (codes).
 */

/**
 * How kube-apiserver answers a failed strategic merge patch:
 * - 400 BadRequest: the sentinel format errors (`invalid patch format of primitive list`,
 *   `... of retainKeys`, `... of setElementOrder list`, `invalid JSON document`) and a patch body
 *   that is not a JSON object (`json: cannot unmarshal ...`).
 * - 422 with reason `Invalid`: `lists of lists are not supported`. Upstream builds this one with
 *   NewGenericServerResponse, whose Status message is the fixed text `the server rejected our
 *   request due to an error in our request` (the error text itself is dropped).
 * - 500 with an empty reason and the error text as message (kubectl prints `Error from server:
 *   <message>`): every other error, e.g. a missing merge key, an unknown `$patch` value, a
 *   `$setElementOrder` list that contradicts the patch list, values of the wrong type. Upstream
 *   returns these as plain Go errors, which responsewriters.ErrorToAPIStatus turns into a 500.
 */
export type StrategicMergePatchErrorCode = 400 | 422 | 500;

/** A strategic merge patch that cannot be applied; `code` is the HTTP status upstream answers with. */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly code: StrategicMergePatchErrorCode = 500,
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }

  /** The Status reason upstream sends with `code`: `BadRequest`, `Invalid`, or empty for a 500. */
  get reason(): 'BadRequest' | 'Invalid' | '' {
    return this.code === 400 ? 'BadRequest' : this.code === 422 ? 'Invalid' : '';
  }
}

/** The Go type name `reflect.TypeOf` prints for a decoded JSON value (`undefined` for nil). */
export function goTypeName(v: unknown): string | undefined {
  if (v === null || v === undefined) {
    return undefined;
  }
  if (Array.isArray(v)) {
    return '[]interface {}';
  }
  switch (typeof v) {
    case 'object':
      return 'map[string]interface {}';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      // sigs.k8s.io/json decodes integral numbers as int64 and the rest as float64.
      return Number.isInteger(v) ? 'int64' : 'float64';
    default:
      return typeof v;
  }
}

function goFloat(f: number): string {
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    // Go prints at least two exponent digits: 1e-05, 1e+21.
    return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(f);
}

/** Formats a decoded JSON value as Go's fmt does with `%v` (or `%s`), e.g. `map[name:a port:80]`. */
export function goFormat(v: unknown, verb: 'v' | 's' = 'v'): string {
  if (Array.isArray(v)) {
    return `[${v.map((x) => goFormat(x, verb)).join(' ')}]`;
  }
  if (v !== null && typeof v === 'object') {
    const m = v as Record<string, unknown>;
    const keys = Object.keys(m).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(m[k], verb)}`).join(' ')}]`;
  }
  if (typeof v === 'string') {
    return v;
  }
  let text: string;
  if (v === null || v === undefined) {
    text = '<nil>';
  } else if (typeof v === 'number') {
    text = Number.isInteger(v) ? String(v) : goFloat(v);
  } else {
    text = String(v);
  }
  if (verb === 's') {
    const t = goTypeName(v);
    return t === undefined ? '%!s(<nil>)' : `%!s(${t}=${text})`;
  }
  return text;
}

/** `map: ... does not contain declared merge key: ...` (500). */
export function errNoMergeKey(m: unknown, key: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** `expected a <type>, but received a <type>` for a value of the wrong JSON type (500). */
export function errBadArgType(expected: 'map[string]interface {}' | '[]interface {}', actual: unknown): StrategicMergePatchError {
  const actualType = goTypeName(actual) ?? '%!s(<nil>)';
  return new StrategicMergePatchError(`expected a ${expected}, but received a ${actualType}`);
}

/** `unknown patch type: <value> in map: <map>` for a `$patch` value upstream does not know (500). */
export function errBadPatchType(t: unknown, m: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(`unknown patch type: ${goFormat(t, 's')} in map: ${goFormat(m)}`);
}

/** `lists of lists are not supported` (422). */
export function errNoListOfLists(): StrategicMergePatchError {
  return new StrategicMergePatchError('lists of lists are not supported', 422);
}

/** `invalid patch format of primitive list`, a malformed `$deleteFromPrimitiveList` key (400). */
export function errBadPatchFormatForPrimitiveList(): StrategicMergePatchError {
  return new StrategicMergePatchError('invalid patch format of primitive list', 400);
}

/** `invalid patch format of retainKeys`, a malformed `$retainKeys` or a patched key missing from it (400). */
export function errBadPatchFormatForRetainKeys(): StrategicMergePatchError {
  return new StrategicMergePatchError('invalid patch format of retainKeys', 400);
}

/** `invalid patch format of setElementOrder list`, a malformed `$setElementOrder` directive (400). */
export function errBadPatchFormatForSetElementOrderList(): StrategicMergePatchError {
  return new StrategicMergePatchError('invalid patch format of setElementOrder list', 400);
}
