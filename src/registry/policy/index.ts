import type { ResourceDefinition } from 'src/registry/generic/resource';
import { poddisruptionbudget } from 'src/registry/policy/poddisruptionbudget';

/** The policy/v1 resources in discovery order. */
export const policyResources: ResourceDefinition<any>[] = [poddisruptionbudget];
