import { atomic, mapBy, mergeBy, set, type MetadataTable } from 'src/schema/patch-metadata/field-metadata';

// Semantics: struct tags and +listType/+listMapKey/+mapType/+structType markers of the Go types
// in k8s.io/api and k8s.io/apimachinery v0.34 (Kubernetes 1.34, which client-node 1.4 models).

/** Patch, list and Quantity metadata of admissionregistration, apiserverinternal, authentication, authorization, certificates, flowcontrol and rbac. */
export const ACCESS: MetadataTable = {
  'io.k8s.api.admissionregistration.v1': {
    MatchResources: { atomic: true, fields: { excludeResourceRules: atomic, resourceRules: atomic } },
    MutatingWebhook: { fields: { admissionReviewVersions: atomic, matchConditions: mergeBy('name'), rules: atomic } },
    MutatingWebhookConfiguration: { fields: { webhooks: mergeBy('name') } },
    NamedRuleWithOperations: { atomic: true, fields: { resourceNames: atomic } },
    ParamKind: { atomic: true },
    ParamRef: { atomic: true },
    RuleWithOperations: { fields: { operations: atomic } },
    TypeChecking: { fields: { expressionWarnings: atomic } },
    ValidatingAdmissionPolicyBindingSpec: { fields: { validationActions: set } },
    ValidatingAdmissionPolicySpec: { fields: { auditAnnotations: atomic, matchConditions: mergeBy('name'), validations: atomic, variables: mergeBy('name') } },
    ValidatingAdmissionPolicyStatus: { fields: { conditions: mapBy('type') } },
    ValidatingWebhook: { fields: { admissionReviewVersions: atomic, matchConditions: mergeBy('name'), rules: atomic } },
    ValidatingWebhookConfiguration: { fields: { webhooks: mergeBy('name') } },
    Variable: { atomic: true },
  },
  'io.k8s.api.admissionregistration.v1alpha1': {
    MatchResources: { atomic: true, fields: { excludeResourceRules: atomic, resourceRules: atomic } },
    MutatingAdmissionPolicySpec: { fields: { matchConditions: mergeBy('name'), mutations: atomic, variables: atomic } },
    NamedRuleWithOperations: { atomic: true, fields: { resourceNames: atomic } },
    ParamKind: { atomic: true },
    ParamRef: { atomic: true },
  },
  'io.k8s.api.admissionregistration.v1beta1': {
    MatchResources: { atomic: true, fields: { excludeResourceRules: atomic, resourceRules: atomic } },
    MutatingAdmissionPolicySpec: { fields: { matchConditions: mergeBy('name'), mutations: atomic, variables: atomic } },
    NamedRuleWithOperations: { atomic: true, fields: { resourceNames: atomic } },
    ParamKind: { atomic: true },
    ParamRef: { atomic: true },
    Variable: { atomic: true },
  },
  'io.k8s.api.apiserverinternal.v1alpha1': {
    ServerStorageVersion: { fields: { decodableVersions: set, servedVersions: set } },
    StorageVersionStatus: { fields: { conditions: mapBy('type'), storageVersions: mapBy('apiServerID') } },
  },
  'io.k8s.api.authentication.v1': {
    TokenRequestSpec: { fields: { audiences: atomic } },
    TokenReviewSpec: { fields: { audiences: atomic } },
    TokenReviewStatus: { fields: { audiences: atomic } },
    UserInfo: { fields: { groups: atomic } },
  },
  'io.k8s.api.authorization.v1': {
    FieldSelectorAttributes: { fields: { requirements: atomic } },
    LabelSelectorAttributes: { fields: { requirements: atomic } },
    NonResourceRule: { fields: { nonResourceURLs: atomic, verbs: atomic } },
    ResourceRule: { fields: { apiGroups: atomic, resourceNames: atomic, resources: atomic, verbs: atomic } },
    SubjectAccessReviewSpec: { fields: { groups: atomic } },
    SubjectRulesReviewStatus: { fields: { nonResourceRules: atomic, resourceRules: atomic } },
  },
  'io.k8s.api.certificates.v1': {
    CertificateSigningRequestSpec: { fields: { groups: atomic, usages: atomic } },
    CertificateSigningRequestStatus: { fields: { conditions: mapBy('type') } },
  },
  'io.k8s.api.certificates.v1alpha1': {
    PodCertificateRequestStatus: { fields: { conditions: mergeBy('type') } },
  },
  'io.k8s.api.flowcontrol.v1': {
    FlowSchemaSpec: { fields: { rules: atomic } },
    FlowSchemaStatus: { fields: { conditions: mergeBy('type') } },
    NonResourcePolicyRule: { fields: { nonResourceURLs: set, verbs: set } },
    PolicyRulesWithSubjects: { fields: { nonResourceRules: atomic, resourceRules: atomic, subjects: atomic } },
    PriorityLevelConfigurationStatus: { fields: { conditions: mergeBy('type') } },
    ResourcePolicyRule: { fields: { apiGroups: set, namespaces: set, resources: set, verbs: set } },
  },
  'io.k8s.api.flowcontrol.v1beta3': {
    FlowSchemaSpec: { fields: { rules: atomic } },
    FlowSchemaStatus: { fields: { conditions: mergeBy('type') } },
    NonResourcePolicyRule: { fields: { nonResourceURLs: set, verbs: set } },
    PolicyRulesWithSubjects: { fields: { nonResourceRules: atomic, resourceRules: atomic, subjects: atomic } },
    PriorityLevelConfigurationStatus: { fields: { conditions: mergeBy('type') } },
    ResourcePolicyRule: { fields: { apiGroups: set, namespaces: set, resources: set, verbs: set } },
  },
  'io.k8s.api.rbac.v1': {
    AggregationRule: { fields: { clusterRoleSelectors: atomic } },
    ClusterRole: { fields: { rules: atomic } },
    ClusterRoleBinding: { fields: { subjects: atomic } },
    PolicyRule: { fields: { apiGroups: atomic, nonResourceURLs: atomic, resourceNames: atomic, resources: atomic, verbs: atomic } },
    Role: { fields: { rules: atomic } },
    RoleBinding: { fields: { subjects: atomic } },
    RoleRef: { atomic: true },
    Subject: { atomic: true },
  },
};
