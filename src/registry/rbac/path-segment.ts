// Semantics: k8s.io/apimachinery pkg/api/validation/path/name.go IsValidPathSegmentName: the only
// rule RBAC names (and typed references in networking) have, since they end up as one URL segment.

/** IsValidPathSegmentName: not `.` or `..`, no `/` and no `%`; returns upstream's messages. */
export function isValidPathSegmentName(name: string): string[] {
  for (const illegal of ['.', '..']) {
    if (name === illegal) {
      return [`may not be '${illegal}'`];
    }
  }
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * ValidateRBACName: roles and bindings accept any path segment (`system:controller:x` included).
 * Upstream ignores the prefix flag, so a generateName is checked the same way.
 */
export function rbacName(name: string): string[] {
  return isValidPathSegmentName(name);
}
