import { jsonEqual } from 'src/registry/generic/validation';

/** A JSON object as the API sends it. */
type Obj = Record<string, any>;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy without null members: a patch null deletes, so a stored object never keeps one. */
function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(stripNulls);
  }
  if (isPlainObject(v)) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, stripNulls(x)]));
  }
  return v;
}

/** JSON equality where a null member and a missing one are the same. */
function same(a: unknown, b: unknown): boolean {
  return jsonEqual(stripNulls(a ?? null), stripNulls(b ?? null));
}

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** The keys of `desired` that differ from `old`, with null for keys `old` has and `desired` drops. */
function mapDiff(old: Obj, desired: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(desired)) {
    const d = desired[k];
    const o = old[k];
    if (absent(d)) {
      if (!absent(o)) {
        out[k] = null;
      }
    } else if (!same(o, d)) {
      out[k] = isPlainObject(o) && isPlainObject(d) ? mapDiff(o, d) : d;
    }
  }
  for (const k of Object.keys(old)) {
    if (!(k in desired) && !absent(old[k])) {
      out[k] = null;
    }
  }
  return out;
}

/**
 * A strategic-merge patch that turns `old` into `desired` for the keys `desired` names (a key set
 * to undefined is removed; keys `desired` does not name are left alone). Lists named in `mergeKeys`
 * are merged by that key: only changed items are sent, each with the fields that changed and null
 * for fields it lost, and `$setElementOrder/<list>` fixes the order; other lists are replaced.
 * Returns undefined when nothing differs, so callers skip the write.
 * Semantics: k8s.io/apimachinery strategicpatch CreateTwoWayMergePatch, as the kubelet's status
 * manager and node status updater send it.
 */
export function twoWayStatusPatch(old: Obj | undefined, desired: Obj, mergeKeys: Record<string, string> = {}): Obj | undefined {
  const base = old ?? {};
  const patch: Obj = {};
  for (const [k, d] of Object.entries(desired)) {
    const o = base[k];
    const key = mergeKeys[k];
    if (key && Array.isArray(d)) {
      const oldList: Obj[] = Array.isArray(o) ? o : [];
      const items: Obj[] = [];
      for (const item of d) {
        const prev = oldList.find((x) => x?.[key] === item[key]);
        if (!prev) {
          items.push(item);
        } else {
          const diff = mapDiff(prev, item);
          if (Object.keys(diff).length > 0) {
            items.push({ [key]: item[key], ...diff });
          }
        }
      }
      const order = d.map((x) => x[key]);
      const oldOrder = oldList.map((x) => x?.[key]).filter((x) => order.includes(x));
      if (items.length > 0 || !jsonEqual(order, oldOrder)) {
        patch[`$setElementOrder/${k}`] = order.map((v) => ({ [key]: v }));
        patch[k] = items;
      }
    } else if (absent(d)) {
      if (!absent(o)) {
        patch[k] = null;
      }
    } else if (!same(o, d)) {
      patch[k] = isPlainObject(o) && isPlainObject(d) ? mapDiff(o, d) : d;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
