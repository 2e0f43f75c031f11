import { badRequest, StatusError } from 'src/apiserver/status';
import { conflictsFrom } from 'src/registry/generic/managed-fields/conflicts';
import type { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { fieldsAllowedByLastApplied, KUBECTL_MANAGER, syncLastApplied } from 'src/registry/generic/managed-fields/last-applied';
import {
  capUpdateManagers,
  cloneManagers,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  stripMeta,
  type Managers,
} from 'src/registry/generic/managed-fields/managers';
import { typedErrors } from 'src/registry/generic/managed-fields/to-field-set';
import type { ApplyArgs, ApplyResult } from 'src/registry/generic/managed-fields/types';
import { applyConfiguration, recordUpdate, typingOf, withoutManagedFields, type Typing, type Writer } from 'src/registry/generic/managed-fields/updater';
import { cloneJson, jsonEqual } from 'src/registry/generic/managed-fields/typed';
import { zeroObject } from 'src/registry/generic/managed-fields/zero';
import type { KubeObject } from 'src/registry/generic/object';
import { timestamp } from 'src/registry/generic/object-meta';

// Semantics: k8s.io/apimachinery pkg/util/managedfields/internal fieldmanager.go (Apply) and the
// managers it chains: versioncheck.go, lastappliedupdater.go, lastappliedmanager.go,
// skipnonapplied.go, buildmanagerinfo.go, managedfieldsupdater.go, stripmeta.go,
// structuredmerge.go; sigs.k8s.io/structured-merge-diff merge/update.go Apply.

/** `apps/v1, Kind=Deployment` (schema.GroupVersionKind.String of an unstructured object). */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const parts = av.split('/');
  const [group, version] = parts.length === 1 ? ['', av] : parts.length === 2 ? parts : ['', ''];
  return `${group}/${version}, Kind=${typeof kind === 'string' && parts.length <= 2 ? kind : ''}`;
}

/** An error upstream returns as a plain Go error: 500 with no reason (apierrors.ErrorToAPIStatus). */
function internal(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
}

/** Rejects what upstream rejects before merging: wrong type, managedFields set, invalid lists. */
function checkApplied(args: ApplyArgs, t: Typing): void {
  const { applied } = args;
  if (applied.apiVersion !== args.apiVersion || applied.kind !== args.kind) {
    throw badRequest(`invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`);
  }
  if (Array.isArray(applied.metadata?.managedFields)) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const errors = typedErrors(applied, t.shape, t.resolve, false);
  if (errors.length > 0) {
    const text = errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
    const id = `${applied.metadata?.namespace ?? ''}/${applied.metadata?.name ?? ''}; ${gvkString(applied.apiVersion, applied.kind)}`;
    throw internal(`failed to create typed patch object (${id}): ${text}`);
  }
}

type Attempt = { object: Record<string, unknown>; managers: Managers; changed: boolean } | { conflicts: Map<string, FieldSet>; managers: Managers };

/**
 * Server-side apply (`application/apply-patch+yaml`): merges the applied configuration into the
 * live object (creating it when there is none), makes the configuration's fields the manager's
 * Apply set, removes fields it applied before and no longer specifies unless someone else owns
 * them, and moves ownership of changed fields from other managers — or, without `force`,
 * reports them as conflicts (answer with conflictError, 409). The returned object carries the
 * new `metadata.managedFields`; the store must not run updateManagedFields over it again.
 * Throws a StatusError (400/500) for the inputs upstream rejects.
 */
export function serverSideApply(args: ApplyArgs): ApplyResult {
  const t = typingOf(args);
  checkApplied(args, t);
  let stored: Managers;
  try {
    stored = decodeManagedFields(args.live?.metadata?.managedFields);
  } catch (err) {
    throw internal(`failed to decode managed fields: ${(err as Error).message}`);
  }
  const now = timestamp(args.now);
  const live = (args.live ? withoutManagedFields(args.live) : {}) as Record<string, unknown>;
  const writer: Writer = { manager: args.manager || 'unknown', operation: 'Apply', apiVersion: args.apiVersion, subresource: args.subresource || undefined };
  const id = managerIdentifier(writer);

  const attempt = (force: boolean): Attempt => {
    const managers = cloneManagers(stored);
    if (managers.size === 0 && args.live) {
      const before: Writer = { ...writer, manager: 'before-first-apply', operation: 'Update' };
      recordUpdate(withoutManagedFields(zeroObject(args.schema, args.resolve)), live, managers, before, now, t);
      capUpdateManagers(managers);
    }
    const outcome = applyConfiguration(live, args.applied, managers, writer, force, t);
    if ('conflicts' in outcome) {
      return { conflicts: outcome.conflicts, managers };
    }
    stripMeta(managers, id);
    const entry = managers.get(id);
    if (outcome.changed && entry) {
      managers.set(id, { ...entry, time: now });
    }
    return { ...outcome, managers };
  };

  let result = attempt(args.force);
  if ('conflicts' in result && args.manager === KUBECTL_MANAGER) {
    const allowed = fieldsAllowedByLastApplied(args.live && withoutManagedFields(args.live), args.apiVersion, t);
    if (allowed) {
      const remaining = new Map([...result.conflicts].map(([k, s]) => [k, s.difference(allowed)] as const).filter(([, s]) => !s.isEmpty()));
      result = remaining.size === 0 ? attempt(true) : { conflicts: remaining, managers: result.managers };
    }
  }
  if ('conflicts' in result) {
    return { conflicts: conflictsFrom(result.conflicts, result.managers) };
  }

  const object = cloneJson(result.object) as KubeObject;
  object.metadata = object.metadata ?? {};
  if (args.manager === KUBECTL_MANAGER) {
    syncLastApplied(object, args.applied);
  }
  const managedFields = encodeManagedFields(result.managers);
  const changed = !jsonEqual(object, live);
  if (managedFields.length > 0) {
    object.metadata.managedFields = managedFields;
  } else {
    delete object.metadata.managedFields;
  }
  return { object, managedFields, changed };
}
