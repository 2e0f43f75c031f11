/**
 * An upper bound of the UTF-8 size of `JSON.stringify(value)`, found without building the text,
 * or Infinity when the bound passes `limit` or the value holds anything but plain JSON data
 * (then ask JSON.stringify itself). A string is counted as 6 bytes per UTF-16 unit (`\u001f`),
 * a number as 32 bytes: coarse, but a size check only needs the exact size near its limit.
 */
export function jsonSizeBound(value: unknown, limit: number): number {
  try {
    const n = bound(value, limit, 0);
    return n > limit ? Infinity : n;
  } catch {
    return Infinity;
  }
}

/** Deeper values are left to JSON.stringify (which has its own limits). */
const MAX_DEPTH = 512;

function bound(v: unknown, limit: number, depth: number): number {
  switch (typeof v) {
    case 'string':
      return 2 + 6 * v.length;
    case 'number':
      return 32;
    case 'boolean':
    case 'undefined':
      return 5;
    case 'object':
      break;
    default:
      return Infinity;
  }
  if (v === null) {
    return 4;
  }
  if (depth >= MAX_DEPTH) {
    return Infinity;
  }
  let n = 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && n <= limit; i++) {
      n += 1 + bound(v[i], limit, depth + 1);
    }
    return n;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return Infinity;
  }
  const obj = v as Record<string, unknown>;
  for (const k in obj) {
    if (n > limit) {
      break;
    }
    if (Object.prototype.hasOwnProperty.call(obj, k)) {
      n += 4 + 6 * k.length + bound(obj[k], limit, depth + 1);
    }
  }
  return n;
}
