import { StatusError } from 'src/apiserver/status';
import type { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { managerIdentifier, type Managers } from 'src/registry/generic/managed-fields/managers';
import { displayPath } from 'src/registry/generic/managed-fields/path';
import type { Conflict } from 'src/registry/generic/managed-fields/types';
import type { StatusCause } from 'src/registry/generic/object';

// Semantics: k8s.io/apimachinery pkg/util/managedfields/internal/conflict.go (NewConflictError,
// getConflictMessage, printManager) and sigs.k8s.io/structured-merge-diff merge/conflict.go.

/** One Conflict per conflicting field, managers in identifier order, fields in set order. */
export function conflictsFrom(sets: Map<string, FieldSet>, managers: Managers): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...sets.keys()].sort()) {
    const m = managers.get(id);
    if (!m) {
      continue;
    }
    for (const path of sets.get(id)!.paths()) {
      const c: Conflict = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion, field: displayPath(path) };
      if (m.subresource) {
        c.subresource = m.subresource;
      }
      out.push(c);
    }
  }
  return out;
}

/** A manager as conflict messages name it: `"kubectl-edit" using apps/v1`, `"helm"` for an applier. */
export function printManager(c: Omit<Conflict, 'field'>): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) {
    s += ` with subresource ${JSON.stringify(c.subresource)}`;
  }
  return c.operation === 'Update' ? `${s} using ${c.apiVersion}` : s;
}

/**
 * Upstream's 409 text and causes: `Apply failed with 1 conflict: conflict with "x" using
 * apps/v1: .spec.replicas`, or for several, one `conflicts with "x":` block per manager with a
 * `- <field>` line per field; one `FieldManagerConflict` cause per field.
 */
export function conflictMessage(conflicts: Conflict[]): { message: string; causes: StatusCause[] } {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c)}`, field: c.field }));
  if (conflicts.length === 1) {
    return { message: `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0])}: ${conflicts[0].field}`, causes };
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const id = managerIdentifier(c);
    byManager.set(id, [...(byManager.get(id) ?? []), c]);
  }
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${printManager(group[0])}:`);
    lines.push(...group.map((c) => `- ${c.field}`));
  }
  return { message: `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes };
}

/**
 * The 409 Conflict Status for apply conflicts. As upstream (errors.NewApplyConflict), details
 * carry only the causes: no name, group or kind.
 */
export function conflictError(conflicts: Conflict[]): StatusError {
  const { message, causes } = conflictMessage(conflicts);
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
}
