import type { FieldError, ObjectMeta, OwnerReference } from 'src/registry/generic/object';
import { forbidden, invalid, required, tooLong } from 'src/registry/generic/field-errors';
import { byteLength, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isLabelValue, isQualifiedName } from 'src/registry/generic/formats';

// Semantics: k8s.io/apimachinery pkg/api/validation/{generic,objectmeta}.go and
// pkg/apis/meta/v1/validation/validation.go (as of v0.35), plus the finalizer-name rule of
// pkg/apis/core/validation (validateKubeFinalizerName) that every kube-apiserver type applies.

export { duplicate, forbidden, invalid, notSupported, required, tooLong } from 'src/registry/generic/field-errors';
export {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isLabelValue,
  isQualifiedName,
  isValidIP,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  regexError,
} from 'src/registry/generic/formats';

/** The detail upstream uses for negative numbers (IsNegativeErrorMsg). */
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

/** The detail upstream uses for changed immutable fields (FieldImmutableErrorMsg). */
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

/** Total size of all annotation keys and values, in bytes (TotalAnnotationSizeLimitB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** A name check: returns upstream's messages; `prefix` is true when checking a generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Replaces a trailing dash so a generateName prefix can be checked as a full name (maskTrailingDash). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** NameIsDNSSubdomain: the default name rule. */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** NameIsDNSLabel: namespaces, statefulsets and other names that become hostnames. */
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** NameIsDNS1035Label: service names. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Runs a name check over a value and reports each message as Invalid at `field`. */
export function validateName(value: string, field: string, fn: NameValidator = nameIsDNSSubdomain): FieldError[] {
  return fn(value, false).map((m) => invalid(field, value, m));
}

/** ValidateNonnegativeField: `must be greater than or equal to 0`. */
export function validateNonnegativeField(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** Deep equality over JSON values, treating an absent key and an undefined value alike. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  // Every defined entry of `a` equals `b`'s, and `b` has as many defined entries; counted in
  // place, as this runs over whole objects on every update.
  if (Array.isArray(a)) {
    const y = b as unknown[];
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== undefined) {
        n++;
        if (!jsonEqual(a[i], y[i])) {
          return false;
        }
      }
    }
    return n === definedCount(Object.values(y));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (v !== undefined) {
      n++;
      if (!jsonEqual(v, y[k])) {
        return false;
      }
    }
  }
  return n === definedCount(Object.values(y));
}

function definedCount(values: unknown[]): number {
  let n = 0;
  for (const v of values) {
    if (v !== undefined) {
      n++;
    }
  }
  return n;
}

/** ValidateImmutableField: `<field>: Invalid value: <new>: field is immutable` when the value changed. */
export function validateImmutableField(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return jsonEqual(newValue ?? null, oldValue ?? null) ? [] : [invalid(field, newValue ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** ValidateLabelName: one label key. */
export function validateLabelName(key: string, field: string): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(field, key, m));
}

/** ValidateLabels: every key a qualified name, every value a valid label value. */
export function validateLabels(labels: Record<string, string> | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, field));
    errs.push(...isLabelValue(String(v)).map((m) => invalid(field, v, m)));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitively); all of it at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(field, k, m)));
    total += byteLength(k) + byteLength(String(v ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  }
  return errs;
}

/** ValidateOwnerReferences: complete references, core/v1 Events never owners, one controller at most. */
export function validateOwnerReferences(refs: OwnerReference[] | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) {
      errs.push(invalid(`${field}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    }
    if (!ref.kind) {
      errs.push(invalid(`${field}.kind`, ref.kind ?? '', 'must not be empty'));
    }
    if (!ref.name) {
      errs.push(invalid(`${field}.name`, ref.name ?? '', 'must not be empty'));
    }
    if (!ref.uid) {
      errs.push(invalid(`${field}.uid`, ref.uid ?? '', 'must not be empty'));
    }
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(field, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(invalid(field, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** ValidateFinalizers plus the kube rule that unqualified finalizer names must be standard ones. */
export function validateFinalizers(finalizers: string[] | undefined | null, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    errs.push(...isQualifiedName(f).map((m) => invalid(field, f, m)));
  }
  if (finalizers?.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(field, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  (finalizers ?? []).forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid(`${field}[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** Options of validateObjectMeta: the scope of the type and its name rule. */
export interface ObjectMetaOptions {
  namespaced: boolean;
  nameValidator?: NameValidator;
}

/**
 * ValidateObjectMeta on create: name (or generateName) with the type's rule, namespace required
 * or forbidden by scope, generation, labels, annotations, owner references and finalizers.
 */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaOptions, field = 'metadata'): FieldError[] {
  const nameFn = opts.nameValidator ?? nameIsDNSSubdomain;
  const errs: FieldError[] = [];
  if (meta.generateName) {
    errs.push(...nameFn(meta.generateName, true).map((m) => invalid(`${field}.generateName`, meta.generateName, m)));
  }
  if (!meta.name) {
    errs.push(required(`${field}.name`, 'name or generateName is required'));
  } else {
    errs.push(...validateName(meta.name, `${field}.name`, nameFn));
  }
  if (opts.namespaced) {
    if (!meta.namespace) {
      errs.push(required(`${field}.namespace`));
    } else {
      errs.push(...validateName(meta.namespace, `${field}.namespace`, nameIsDNSLabel));
    }
  } else if (meta.namespace) {
    errs.push(forbidden(`${field}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation, `${field}.generation`));
  errs.push(...validateLabels(meta.labels, `${field}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${field}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${field}.finalizers`));
  return errs;
}

/**
 * ValidateObjectMetaUpdate: identity and lifecycle fields are immutable, generation never goes
 * back, no finalizer may be added once deletion started, and the rest is valid as on create.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      errs.push(forbidden(`${field}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if (!meta.resourceVersion) {
    errs.push(invalid(`${field}.resourceVersion`, meta.resourceVersion ?? '', 'must be specified for an update'));
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    errs.push(invalid(`${field}.generation`, meta.generation ?? 0, 'must not be decremented'));
  }
  errs.push(...validateImmutableField(meta.name ?? '', old.name ?? '', `${field}.name`));
  errs.push(...validateImmutableField(meta.namespace ?? '', old.namespace ?? '', `${field}.namespace`));
  errs.push(...validateImmutableField(meta.uid ?? '', old.uid ?? '', `${field}.uid`));
  errs.push(...validateImmutableField(meta.creationTimestamp ?? null, old.creationTimestamp ?? null, `${field}.creationTimestamp`));
  errs.push(...validateImmutableField(meta.deletionTimestamp ?? null, old.deletionTimestamp ?? null, `${field}.deletionTimestamp`));
  errs.push(...validateImmutableField(meta.deletionGracePeriodSeconds ?? null, old.deletionGracePeriodSeconds ?? null, `${field}.deletionGracePeriodSeconds`));
  errs.push(...validateLabels(meta.labels, `${field}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${field}.ownerReferences`));
  (meta.finalizers ?? []).forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid(`${field}.finalizers[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}
