import type { ResourceDefinition } from 'src/registry/generic/resource';
import { priorityclass } from 'src/registry/scheduling/priorityclass';

/** The scheduling.k8s.io/v1 resources in discovery order. */
export const schedulingResources: ResourceDefinition<any>[] = [priorityclass];
