/**
 * JSON as Go's encoding/json writes an unstructured value: object keys sorted, and `<`, `>`, `&`,
 * U+2028 and U+2029 escaped. Used wherever upstream embeds JSON text that clients can see:
 * `k:`/`v:` keys of fieldsV1 and the last-applied-configuration annotation.
 */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map((x) => goJson(x === undefined ? null : x)).join(',')}]`;
  }
  if (v !== null && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') {
    return goString(v);
  }
  return JSON.stringify(v ?? null);
}

/** A JSON string literal with Go's HTML-safe escaping. */
function goString(s: string): string {
  const json = JSON.stringify(s);
  return HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
