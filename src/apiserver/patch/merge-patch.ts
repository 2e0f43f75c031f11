/**
 * Applies a JSON merge patch (RFC 7386): objects merge key by key, `null` deletes, anything else
 * (arrays included) replaces.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) {
      delete base[k];
    } else {
      base[k] = applyMergePatch(base[k], v);
    }
  }
  return base;
}
