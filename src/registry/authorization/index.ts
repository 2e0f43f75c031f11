import { selfsubjectaccessreview } from 'src/registry/authorization/selfsubjectaccessreview';
import type { ResourceDefinition } from 'src/registry/generic/resource';

/** The authorization.k8s.io/v1 resources in discovery order. */
export const authorizationResources: ResourceDefinition<any>[] = [selfsubjectaccessreview];
