import type { ResourceDefinition } from 'src/registry/generic/resource';
import { clusterrole } from 'src/registry/rbac/clusterrole';
import { clusterrolebinding } from 'src/registry/rbac/clusterrolebinding';
import { role } from 'src/registry/rbac/role';
import { rolebinding } from 'src/registry/rbac/rolebinding';

/** The rbac.authorization.k8s.io/v1 resources in discovery order (alphabetical by plural). */
export const rbacResources: ResourceDefinition<any>[] = [clusterrolebinding, clusterrole, rolebinding, role];
