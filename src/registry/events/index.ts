import type { ResourceDefinition } from 'src/registry/generic/resource';
import { eventsEvent } from 'src/registry/events/event';

/** The events.k8s.io/v1 resources in discovery order. */
export const eventsResources: ResourceDefinition<any>[] = [eventsEvent];
