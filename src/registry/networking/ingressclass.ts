import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { ingressclassTable } from 'src/registry/networking/ingressclass.table';
import { isDomainPrefixedPath } from 'src/registry/networking/formats';
import { validateTypedReference } from 'src/registry/networking/ingress-validation';
import { forbidden, invalid, isDNS1123Label, notSupported, required, tooLong, validateImmutableField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_IngressClass (parameters
// scope Cluster), pkg/registry/networking/ingressclass/strategy.go (generation) and
// pkg/apis/networking/validation ValidateIngressClass / validateIngressClassSpecUpdate (1.35).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const MAX_CONTROLLER_LENGTH = 250;

function validateParameters(params: Obj | undefined): FieldError[] {
  if (params == null) {
    return [];
  }
  const path = 'spec.parameters';
  const errs = validateTypedReference({ apiGroup: params.apiGroup, kind: params.kind, name: params.name }, path);
  if (params.scope == null) {
    errs.push(required(`${path}.scope`));
    return errs;
  }
  if (!['Cluster', 'Namespace'].includes(params.scope)) {
    errs.push(notSupported(`${path}.scope`, params.scope, ['Cluster', 'Namespace']));
  } else if (params.scope === 'Namespace') {
    if (params.namespace == null) {
      errs.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    } else {
      errs.push(...isDNS1123Label(params.namespace).map((m) => invalid(`${path}.namespace`, params.namespace, m)));
    }
  } else if (params.namespace != null) {
    errs.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

function validateIngressClass(obj: KubeObject): FieldError[] {
  const controller = String(obj.spec?.controller ?? '');
  const errs: FieldError[] = [];
  if (controller.length > MAX_CONTROLLER_LENGTH) {
    errs.push(tooLong('spec.controller', MAX_CONTROLLER_LENGTH));
  }
  errs.push(...isDomainPrefixedPath('spec.controller', controller));
  errs.push(...validateParameters(obj.spec?.parameters));
  return errs;
}

/** networking.k8s.io/v1 ingressclasses (cluster-scoped; the controller never changes). */
export const ingressclass = defineResource<KubeObject>({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  table: ingressclassTable,
  tracksGeneration: true,
  defaults(obj) {
    const params = obj.spec?.parameters;
    if (params && params.scope == null) {
      params.scope = 'Cluster';
    }
  },
  validate: validateIngressClass,
  validateUpdate: (obj, old) => [
    ...validateImmutableField(obj.spec?.controller ?? '', old.spec?.controller ?? '', 'spec.controller'),
    ...validateIngressClass(obj),
  ],
});
