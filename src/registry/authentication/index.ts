import { selfsubjectreview } from 'src/registry/authentication/selfsubjectreview';
import type { ResourceDefinition } from 'src/registry/generic/resource';

/** The authentication.k8s.io/v1 resources in discovery order. */
export const authenticationResources: ResourceDefinition<any>[] = [selfsubjectreview];
