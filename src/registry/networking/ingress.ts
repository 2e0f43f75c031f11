import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { ingressTable } from 'src/registry/networking/ingress.table';
import { optionsForUpdate, validateIngressSpec, validateIngressStatus } from 'src/registry/networking/ingress-validation';
import { invalid } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/registry/networking/ingress/strategy.go (status reset on create,
// generation 1 and bumped by spec changes) and pkg/apis/networking/validation ValidateIngressCreate
// / ValidateIngressUpdate / ValidateIngressStatusUpdate (1.35). networking/v1 has no defaults for
// Ingress: pathType must be given.

/** The legacy class annotation, which must agree with spec.ingressClassName when both are set. */
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateCreate(obj: KubeObject): FieldError[] {
  const errs = validateIngressSpec(obj.spec, { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false });
  const annotation = obj.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  const className = obj.spec?.ingressClassName;
  if (annotation !== undefined && className != null && annotation !== className) {
    errs.push(invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

/** networking.k8s.io/v1 ingresses. */
export const ingress = defineResource<KubeObject>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  table: ingressTable,
  shortNames: ['ing'],
  subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  tracksGeneration: true,
  prepareForCreate(obj) {
    // IngressStatus{}: loadBalancer is a struct, so Go always writes it.
    obj.status = { loadBalancer: {} };
  },
  validate: validateCreate,
  validateUpdate: (obj, old) => [...validateIngressSpec(obj.spec, optionsForUpdate(old.spec)), ...validateIngressStatus(obj.status)],
});
