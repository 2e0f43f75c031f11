import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The authentication/v1 messages of the served kinds (TokenRequest, SelfSubjectReview, TokenReview). */
// Semantics: k8s.io/api authentication/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const authenticationV1: PackageTable = {
  package: 'authentication.v1',
  apiVersion: 'authentication.k8s.io/v1',
  kinds: ['TokenRequest', 'SelfSubjectReview', 'TokenReview'],
  messages: {
    TokenRequest: ['1 metadata? meta.v1.ObjectMeta', '2 spec TokenRequestSpec', '3 status? TokenRequestStatus'],
    SelfSubjectReview: ['1 metadata? meta.v1.ObjectMeta', '2 status? SelfSubjectReviewStatus'],
    TokenReview: ['1 metadata? meta.v1.ObjectMeta', '2 spec TokenReviewSpec', '3 status? TokenReviewStatus'],
    TokenRequestSpec: ['1 audiences []string', '4 expirationSeconds *int64', '3 boundObjectRef *BoundObjectReference'],
    TokenRequestStatus: ['1 token string', '2 expirationTimestamp meta.v1.Time'],
    SelfSubjectReviewStatus: ['1 userInfo? UserInfo'],
    TokenReviewSpec: ['1 token? string', '2 audiences? []string'],
    TokenReviewStatus: ['1 authenticated? bool', '2 user? UserInfo', '4 audiences? []string', '3 error? string'],
    BoundObjectReference: ['1 kind? string', '2 apiVersion? string', '3 name? string', '4 uid? string'],
    UserInfo: ['1 username? string', '2 uid? string', '3 groups? []string', '4 extra? map[string]ExtraValue'],
    ExtraValue: { adapter: 'stringList', fields: ['1 items []string'] },
  },
};
