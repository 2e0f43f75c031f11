import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { ResourceDefinition, StrategyContext } from 'src/registry/generic/resource';
import { validateObjectMeta } from 'src/registry/generic/validation';
import { clusterrole } from 'src/registry/rbac/clusterrole';
import { clusterrolebinding } from 'src/registry/rbac/clusterrolebinding';
import { clusterrolebindingTable } from 'src/registry/rbac/clusterrolebinding.table';
import { role } from 'src/registry/rbac/role';
import { rolebinding } from 'src/registry/rbac/rolebinding';
import { rolebindingTable } from 'src/registry/rbac/rolebinding.table';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

function create(def: ResourceDefinition<KubeObject>, obj: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  def.prepareForCreate?.(obj, ctx);
  return (def.validate?.(obj, ctx) ?? []).map(fieldErrorMessage);
}

function update(def: ResourceDefinition<KubeObject>, obj: KubeObject, old: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  return (def.validateUpdate?.(obj, old, ctx) ?? []).map(fieldErrorMessage);
}

describe('roles and cluster roles', () => {
  it('store `kubectl create role r1 --verb=get --resource=pods` unchanged', () => {
    const obj: KubeObject = { metadata: { name: 'r1' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] };
    expect(create(role, obj)).toEqual([]);
    expect(obj.rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  });

  it('read back rules: null when there are none, and drop empty optional lists', () => {
    const empty: KubeObject = { metadata: { name: 'agg' }, rules: [] };
    expect(create(clusterrole, empty)).toEqual([]);
    expect(empty.rules).toBeNull();
    const sparse: KubeObject = { metadata: { name: 'r' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [] }] };
    create(role, sparse);
    expect(sparse.rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  });

  it('validate rules with upstream messages', () => {
    const obj: KubeObject = {
      metadata: { name: 'r' },
      rules: [{ resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }, { verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }],
    };
    expect(create(role, obj)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
      'rules[2].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs',
      'rules[2].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(create(clusterrole, { metadata: { name: 'c' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] })).toEqual([]);
    expect(create(clusterrole, { metadata: { name: 'c' }, aggregationRule: {} })).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });

  it('accept any path segment as a name, colons included', () => {
    expect(
      validateObjectMeta({ name: 'system:controller:job-controller' }, { namespaced: false, nameValidator: clusterrole.nameValidator }).map(fieldErrorMessage),
    ).toEqual([]);
    expect(validateObjectMeta({ name: 'a/b', namespace: 'default' }, { namespaced: true, nameValidator: role.nameValidator }).map(fieldErrorMessage)).toEqual([
      `metadata.name: Invalid value: "a/b": may not contain '/'`,
    ]);
    expect(role.nameValidator!('..', false)).toEqual(["may not be '..'"]);
  });
});

describe('role bindings and cluster role bindings', () => {
  const kubectlRoleBinding = (): KubeObject => ({
    metadata: { name: 'rb1', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r1' },
    subjects: [{ kind: 'ServiceAccount', namespace: 'default', name: 'default' }],
  });

  it('default roleRef.apiGroup and the API group of user and group subjects', () => {
    const obj: KubeObject = {
      metadata: { name: 'crb1' },
      roleRef: { kind: 'ClusterRole', name: 'cr1' },
      subjects: [
        { kind: 'User', name: 'u1' },
        { kind: 'Group', name: 'g1' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'kube-system', apiGroup: '' },
      ],
    };
    expect(create(clusterrolebinding, obj)).toEqual([]);
    expect(obj.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr1' });
    expect(obj.subjects).toEqual([
      { kind: 'User', name: 'u1', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'g1', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'kube-system' },
    ]);
  });

  it('validate roleRef and subjects', () => {
    const obj: KubeObject = {
      metadata: { name: 'crb' },
      roleRef: { apiGroup: 'example.com', kind: 'Role', name: '' },
      subjects: [
        { kind: 'ServiceAccount', name: 'sa' },
        { kind: 'Robot', name: 'r2' },
        { kind: 'User', name: '', apiGroup: 'x' },
      ],
    };
    expect(create(clusterrolebinding, obj)).toEqual([
      'roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef.name: Required value',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[2].name: Required value',
      'subjects[2].apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
    ]);
    expect(create(rolebinding, kubectlRoleBinding())).toEqual([]);
  });

  it('never change their roleRef', () => {
    const old = kubectlRoleBinding();
    create(rolebinding, old);
    const next = structuredClone(old);
    next.roleRef.name = 'r2';
    expect(update(rolebinding, next, old)).toEqual([
      'roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"Role","Name":"r2"}: cannot change roleRef',
    ]);
    const moreSubjects = structuredClone(old);
    moreSubjects.subjects.push({ kind: 'User', name: 'u2' });
    expect(update(rolebinding, moreSubjects, old)).toEqual([]);
  });

  it('print ROLE, and USERS GROUPS SERVICEACCOUNTS wide', () => {
    const now = new Date('2026-01-01T00:05:00Z');
    const obj: KubeObject = {
      metadata: { name: 'rb1', creationTimestamp: '2026-01-01T00:00:00Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', namespace: 'default', name: 'default' },
      ],
    };
    expect(rolebindingTable.columns.map((c) => (c.priority ? `(${c.name})` : c.name))).toEqual([
      'Name',
      'Role',
      'Age',
      '(Users)',
      '(Groups)',
      '(ServiceAccounts)',
    ]);
    expect(rolebindingTable.cells(obj, now)).toEqual(['rb1', 'ClusterRole/view', '5m', 'alice, bob', 'devs', 'default/default']);
    expect(clusterrolebindingTable.cells({ ...obj, subjects: undefined }, now)).toEqual(['rb1', 'ClusterRole/view', '5m', '', '', '']);
    expect(clusterrolebindingTable.columns[3].description).toBe('Users in the clusterRoleBinding');
    expect(role.table).toBeUndefined();
  });
});
