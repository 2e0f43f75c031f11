import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The authorization/v1 messages of the served kinds (SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview). */
// Semantics: k8s.io/api authorization/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const authorizationV1: PackageTable = {
  package: 'authorization.v1',
  apiVersion: 'authorization.k8s.io/v1',
  kinds: ['SelfSubjectAccessReview', 'SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview'],
  messages: {
    SelfSubjectAccessReview: ['1 metadata? meta.v1.ObjectMeta', '2 spec SelfSubjectAccessReviewSpec', '3 status? SubjectAccessReviewStatus'],
    SubjectAccessReview: ['1 metadata? meta.v1.ObjectMeta', '2 spec SubjectAccessReviewSpec', '3 status? SubjectAccessReviewStatus'],
    LocalSubjectAccessReview: ['1 metadata? meta.v1.ObjectMeta', '2 spec SubjectAccessReviewSpec', '3 status? SubjectAccessReviewStatus'],
    SelfSubjectRulesReview: ['1 metadata? meta.v1.ObjectMeta', '2 spec SelfSubjectRulesReviewSpec', '3 status? SubjectRulesReviewStatus'],
    SelfSubjectAccessReviewSpec: ['1 resourceAttributes? *ResourceAttributes', '2 nonResourceAttributes? *NonResourceAttributes'],
    SubjectAccessReviewStatus: ['1 allowed bool', '4 denied? bool', '2 reason? string', '3 evaluationError? string'],
    SubjectAccessReviewSpec: [
      '1 resourceAttributes? *ResourceAttributes',
      '2 nonResourceAttributes? *NonResourceAttributes',
      '3 user? string',
      '4 groups? []string',
      '5 extra? map[string]ExtraValue',
      '6 uid? string',
    ],
    SelfSubjectRulesReviewSpec: ['1 namespace? string'],
    SubjectRulesReviewStatus: ['1 resourceRules []ResourceRule', '2 nonResourceRules []NonResourceRule', '3 incomplete bool', '4 evaluationError? string'],
    ResourceAttributes: [
      '1 namespace? string',
      '2 verb? string',
      '3 group? string',
      '4 version? string',
      '5 resource? string',
      '6 subresource? string',
      '7 name? string',
      '8 fieldSelector? *FieldSelectorAttributes',
      '9 labelSelector? *LabelSelectorAttributes',
    ],
    NonResourceAttributes: ['1 path? string', '2 verb? string'],
    ExtraValue: { adapter: 'stringList', fields: ['1 items []string'] },
    ResourceRule: ['1 verbs []string', '2 apiGroups? []string', '3 resources? []string', '4 resourceNames? []string'],
    NonResourceRule: ['1 verbs []string', '2 nonResourceURLs? []string'],
    FieldSelectorAttributes: ['1 rawSelector? string', '2 requirements? []meta.v1.FieldSelectorRequirement'],
    LabelSelectorAttributes: ['1 rawSelector? string', '2 requirements? []meta.v1.LabelSelectorRequirement'],
  },
};
