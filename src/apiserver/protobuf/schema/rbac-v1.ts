import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The rbac/v1 messages of the served kinds (Role, RoleBinding, ClusterRole, ClusterRoleBinding). */
// Semantics: k8s.io/api rbac/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const rbacV1: PackageTable = {
  package: 'rbac.v1',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kinds: ['Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList'],
  messages: {
    Role: ['1 metadata? meta.v1.ObjectMeta', '2 rules []PolicyRule'],
    RoleList: ['1 metadata? meta.v1.ListMeta', '2 items []Role'],
    RoleBinding: ['1 metadata? meta.v1.ObjectMeta', '2 subjects? []Subject', '3 roleRef RoleRef'],
    RoleBindingList: ['1 metadata? meta.v1.ListMeta', '2 items []RoleBinding'],
    ClusterRole: ['1 metadata? meta.v1.ObjectMeta', '2 rules []PolicyRule', '3 aggregationRule? *AggregationRule'],
    ClusterRoleList: ['1 metadata? meta.v1.ListMeta', '2 items []ClusterRole'],
    ClusterRoleBinding: ['1 metadata? meta.v1.ObjectMeta', '2 subjects? []Subject', '3 roleRef RoleRef'],
    ClusterRoleBindingList: ['1 metadata? meta.v1.ListMeta', '2 items []ClusterRoleBinding'],
    PolicyRule: ['1 verbs []string', '2 apiGroups? []string', '3 resources? []string', '4 resourceNames? []string', '5 nonResourceURLs? []string'],
    Subject: ['1 kind string', '2 apiGroup? string', '3 name string', '4 namespace? string'],
    RoleRef: ['1 apiGroup string', '2 kind string', '3 name string'],
    AggregationRule: ['1 clusterRoleSelectors? []meta.v1.LabelSelector'],
  },
};
