import { createFieldsV1 } from 'src/registry/generic/managed-fields/create-fields';
import type { FieldsV1 } from 'src/registry/generic/managed-fields/field-set';
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, isResetManagedFields, type Managers } from 'src/registry/generic/managed-fields/managers';
import type { ManagedFieldsEntry, UpdateArgs } from 'src/registry/generic/managed-fields/types';
import { recordUpdate, typingOf, withoutManagedFields } from 'src/registry/generic/managed-fields/updater';
import { PathElementError } from 'src/registry/generic/managed-fields/path';
import { DEDUCED } from 'src/registry/generic/managed-fields/typed';
import { zeroObject } from 'src/registry/generic/managed-fields/zero';
import { timestamp } from 'src/registry/generic/object-meta';
import { jsonEqual } from 'src/registry/generic/validation';

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
  return createManagedFields(args) ?? updateManagedFieldsGeneral(args);
}

/**
 * updateManagedFields without the create fast path: the general comparison, for every write.
 * Differential tests hold the fast path to it.
 */
export function updateManagedFieldsGeneral(args: UpdateArgs): ManagedFieldsEntry[] {
  try {
    return encodeManagedFields(updateManagers(args, true));
  } catch (err) {
    if (err instanceof PathElementError) {
      // Stored fieldsV1 are decoded on first use; one that does not decode is undecodable
      // managed fields, which decoding them up front treats as none (decodeLiveOrNew).
      try {
        return encodeManagedFields(updateManagers(args, false));
      } catch {
        // fall through: keep the stored ones
      }
    }
    return (args.old?.metadata?.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
  }
}

/**
 * The fast path of updateManagedFields for a create that starts from no managers (no stored
 * object, no managedFields in the request, or `[]`/`[{}]`): its only entry is the writer's, with
 * the fields createFieldsV1 finds. Anything else, or anything the fast walk does not handle, is
 * undefined: take the general path.
 */
export function createManagedFields(args: UpdateArgs): ManagedFieldsEntry[] | undefined {
  if (args.old !== undefined) {
    return undefined;
  }
  const requested = args.next.metadata?.managedFields;
  if (!args.subresource && requested !== undefined && !isResetManagedFields(requested)) {
    return undefined;
  }
  let fieldsV1: FieldsV1;
  try {
    const zero = args.empty ?? zeroObject(args.schema, args.resolve);
    fieldsV1 = createFieldsV1(zero, args.next, args.schema ?? DEDUCED, args.resolve, args.resetFields ?? []);
  } catch {
    return undefined;
  }
  if (Object.keys(fieldsV1).length === 0) {
    return [];
  }
  const time = timestamp(args.now);
  return [
    {
      manager: args.manager || 'unknown',
      operation: 'Update',
      apiVersion: args.apiVersion ?? args.next.apiVersion ?? '',
      ...(time ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1,
      ...(args.subresource ? { subresource: args.subresource } : {}),
    },
  ];
}

function decodeOrEmpty(entries: unknown, canonical = false): Managers {
  try {
    return decodeManagedFields(entries, canonical);
  } catch {
    return new Map();
  }
}

/**
 * Upstream decodeLiveOrNew: which managed fields a write starts from. The stored ones were
 * encoded by kubepg, so their sets keep their fieldsV1 (see FieldSet.fromCanonicalFieldsV1); so
 * do a request's when they are the stored ones unchanged, as a read-modify-write sends them.
 */
function startingManagers(args: UpdateArgs, lazy: boolean): Managers {
  const live = args.old?.metadata?.managedFields;
  if (args.subresource) {
    return decodeOrEmpty(live, lazy);
  }
  const requested = args.next.metadata?.managedFields;
  if (isResetManagedFields(requested)) {
    return new Map();
  }
  if (lazy && requested !== undefined && live !== undefined && jsonEqual(requested, live)) {
    return decodeOrEmpty(live, true);
  }
  const fromRequest = decodeOrEmpty(requested);
  return fromRequest.size > 0 ? fromRequest : decodeOrEmpty(live, lazy);
}

/** The managers after the write; `lazy` decodes the stored managed fields on first use. */
function updateManagers(args: UpdateArgs, lazy: boolean): Managers {
  const managers = startingManagers(args, lazy);
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
