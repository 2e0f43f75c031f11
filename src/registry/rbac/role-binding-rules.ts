import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { rbacName } from 'src/registry/rbac/path-segment';
import { invalid, nameIsDNSSubdomain, notSupported, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/rbac/v1/defaults.go SetDefaults_RoleBinding /
// SetDefaults_ClusterRoleBinding / SetDefaults_Subject, and pkg/apis/rbac/validation
// ValidateRoleBinding / ValidateClusterRoleBinding / ValidateRoleBindingSubject and the
// `cannot change roleRef` rule of their Update forms (1.35). Shared by both binding kinds.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** rbac.GroupName. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * roleRef.apiGroup defaults to the RBAC group; User and Group subjects get it too. Empty optional
 * strings of a subject are dropped, as Go's omitempty does on the way out.
 */
export function defaultBinding(binding: KubeObject): void {
  const ref: Obj = (binding.roleRef ??= {});
  ref.apiGroup ||= RBAC_GROUP;
  for (const subject of (binding.subjects ?? []) as Obj[]) {
    if (!subject) {
      continue;
    }
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group')) {
      subject.apiGroup = RBAC_GROUP;
    }
    for (const key of ['apiGroup', 'namespace']) {
      if (subject[key] === '') {
        delete subject[key];
      }
    }
  }
  if (Array.isArray(binding.subjects) && binding.subjects.length === 0) {
    delete binding.subjects;
  }
}

/** ValidateRoleBindingSubject: a name, and an apiGroup (and namespace) fitting its kind. */
function validateSubject(subject: Obj, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? '';
  if (!name) {
    errs.push(required(`${path}.name`));
  }
  const apiGroup = subject.apiGroup ?? '';
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) {
        errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalid(`${path}.name`, name, m)));
      }
      if (apiGroup) {
        errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      }
      if (!namespaced && !subject.namespace) {
        errs.push(required(`${path}.namespace`));
      }
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) {
        errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      }
      break;
    default:
      errs.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding: roleRef (Role or ClusterRole, or ClusterRole only) and subjects. */
export function validateBinding(binding: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref: Obj = binding.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) {
    errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  }
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) {
    errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  }
  if (!ref.name) {
    errs.push(required('roleRef.name'));
  } else {
    errs.push(...rbacName(ref.name).map((m) => invalid('roleRef.name', ref.name, m)));
  }
  ((binding.subjects ?? []) as Obj[]).forEach((s, i) => errs.push(...validateSubject(s ?? {}, namespaced, `subjects[${i}]`)));
  return errs;
}

/** The roleRef as an error value: JSON of the internal rbac.RoleRef, which has no json tags (Go field names). */
function roleRefValue(ref: Obj | undefined): Obj {
  return { APIGroup: ref?.apiGroup ?? '', Kind: ref?.kind ?? '', Name: ref?.name ?? '' };
}

/** Binding updates: valid as on create, and the roleRef never changes. */
export function validateBindingUpdate(binding: KubeObject, old: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateBinding(binding, namespaced);
  const next = roleRefValue(binding.roleRef);
  const prev = roleRefValue(old.roleRef);
  if (next.APIGroup !== prev.APIGroup || next.Kind !== prev.Kind || next.Name !== prev.Name) {
    errs.push(invalid('roleRef', next, 'cannot change roleRef'));
  }
  return errs;
}
