import { capUpdateManagers, decodeManagedFields, encodeManagedFields, isResetManagedFields, type Managers } from 'src/registry/generic/managed-fields/managers';
import type { ManagedFieldsEntry, UpdateArgs } from 'src/registry/generic/managed-fields/types';
import { recordUpdate, typingOf, withoutManagedFields } from 'src/registry/generic/managed-fields/updater';
import { zeroObject } from 'src/registry/generic/managed-fields/zero';
import { timestamp } from 'src/registry/generic/object-meta';

// Semantics: k8s.io/apimachinery pkg/util/managedfields/internal fieldmanager.go (Update,
// UpdateNoErrors, decodeLiveOrNew), skipnonapplied.go, capmanagers.go, buildmanagerinfo.go.

/**
 * The managed fields of an object written by create, update or a non-apply patch (operation
 * `Update`): the manager takes every field it changed (from whoever owned it, Apply entries
 * included), every manager loses the fields the write removed, and entries left empty go.
 * The result replaces `metadata.managedFields` (an empty list means: omit the field).
 *
 * The managed fields to start from are those the request carries, if it carries valid ones
 * (clients may edit them; `[]` or `[{}]` clears them), else the stored ones. A stored object
 * without managed fields stays untracked until it is applied to, as upstream. On an internal
 * error the stored managed fields are kept, never lost (UpdateNoErrors).
 */
export function updateManagedFields(args: UpdateArgs): ManagedFieldsEntry[] {
  try {
    return encodeManagedFields(updateManagers(args));
  } catch {
    return (args.old?.metadata?.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
  }
}

function decodeOrEmpty(entries: unknown): Managers {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** Upstream decodeLiveOrNew: which managed fields a write starts from. */
function startingManagers(args: UpdateArgs): Managers {
  const live = args.old?.metadata?.managedFields;
  if (args.subresource) {
    return decodeOrEmpty(live);
  }
  const requested = args.next.metadata?.managedFields;
  if (isResetManagedFields(requested)) {
    return new Map();
  }
  const fromRequest = decodeOrEmpty(requested);
  return fromRequest.size > 0 ? fromRequest : decodeOrEmpty(live);
}

function updateManagers(args: UpdateArgs): Managers {
  const managers = startingManagers(args);
  if (managers.size === 0 && args.old?.metadata?.uid) {
    return managers;
  }
  const t = typingOf(args);
  const live = withoutManagedFields(args.old ?? args.empty ?? zeroObject(args.schema, args.resolve));
  const next = withoutManagedFields(args.next);
  const writer = {
    manager: args.manager || 'unknown',
    operation: 'Update' as const,
    apiVersion: args.apiVersion ?? args.next.apiVersion ?? '',
    subresource: args.subresource || undefined,
  };
  recordUpdate(live, next, managers, writer, timestamp(args.now), t);
  capUpdateManagers(managers);
  return managers;
}
