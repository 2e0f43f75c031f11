import type { ResourceDefinition } from 'src/registry/generic/resource';
import { endpointslice } from 'src/registry/discovery/endpointslice';

/** The discovery.k8s.io/v1 resources in discovery order. */
export const discoveryResources: ResourceDefinition<any>[] = [endpointslice];
