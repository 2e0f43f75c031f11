import type { ResourceDefinition } from 'src/registry/generic/resource';
import { lease } from 'src/registry/coordination/lease';

/** The coordination.k8s.io/v1 resources in discovery order. */
export const coordinationResources: ResourceDefinition<any>[] = [lease];
