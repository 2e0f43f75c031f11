import type { FieldError } from 'src/registry/generic/object';
import { validateTolerations } from 'src/registry/core/validation/pod-spec';
import { forbidden, invalid, jsonEqual, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go ValidatePodUpdate,
// ValidateContainerUpdates, validateOnlyAddedTolerations, validateOnlyDeletedSchedulingGates.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The fields a pod update may change, as upstream lists them in its Forbidden message. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const MAX_INT32 = 2147483647;

function containerUpdates(next: Obj[] | undefined, prev: Obj[] | undefined, field: string): { errs: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) {
    return { errs: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  }
  const errs: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) {
      errs.push(required(`${field}[${i}].image`));
    }
    if (typeof c.image === 'string' && c.image.trim() !== c.image) {
      errs.push(invalid(`${field}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    }
  });
  return { errs, stop: false };
}

function onlyAddedTolerations(next: Obj[] | undefined, prev: Obj[] | undefined, field: string): FieldError[] {
  for (const old of prev ?? []) {
    const kept = (next ?? []).some((t) => jsonEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) {
      return [forbidden(field, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, field);
}

function onlyDeletedGates(next: Obj[] | undefined, prev: Obj[] | undefined, field: string): FieldError[] {
  const old = new Set((prev ?? []).map((g) => g.name));
  const errs: FieldError[] = [];
  (next ?? []).forEach((g, i) => {
    if (!old.has(g.name)) {
      errs.push(forbidden(`${field}[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
    }
  });
  return errs;
}

/** A short description of what differs, standing in for upstream's cmp.Diff output. */
function describeDiff(prev: Obj, next: Obj): string {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])].sort();
  const lines = keys
    .filter((k) => !jsonEqual(prev[k], next[k]))
    .flatMap((k) => [`- \t${k}: ${JSON.stringify(prev[k] ?? null)},`, `+ \t${k}: ${JSON.stringify(next[k] ?? null)},`]);
  return ['  core.PodSpec{', ...lines, '  }'].join('\n');
}

/**
 * The spec part of ValidatePodUpdate: images, activeDeadlineSeconds, added tolerations and
 * removed scheduling gates may change; anything else is Forbidden.
 */
export function validatePodSpecUpdate(spec: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers']) {
    const r = containerUpdates(spec[list], old[list], `spec.${list}`);
    errs.push(...r.errs);
    if (r.stop) {
      return errs;
    }
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads != null) {
    if (ads < 0 || ads > MAX_INT32) {
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, `must be between 0 and ${MAX_INT32}, inclusive`)];
    }
    if (old.activeDeadlineSeconds != null && old.activeDeadlineSeconds < ads) {
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
    }
  } else if (old.activeDeadlineSeconds != null) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...onlyAddedTolerations(spec.tolerations, old.tolerations, 'spec.tolerations'));
  errs.push(...onlyDeletedGates(spec.schedulingGates, old.schedulingGates, 'spec.schedulingGates'));
  if (jsonEqual(spec, old)) {
    return errs;
  }
  const munged: Obj = structuredClone(spec);
  for (const list of ['containers', 'initContainers']) {
    (munged[list] ?? []).forEach((c: Obj, i: number) => (c.image = old[list]?.[i]?.image));
  }
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.schedulingGates = old.schedulingGates;
  munged.tolerations = old.tolerations;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  if (!jsonEqual(munged, old)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${describeDiff(old, munged)}`));
  }
  return errs;
}
