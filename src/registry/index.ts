import { Registry } from 'src/registry/registry';
import type { ResourceDefinition } from 'src/registry/generic/resource';
import { appsResources } from 'src/registry/apps/index';
import { authenticationResources } from 'src/registry/authentication/index';
import { authorizationResources } from 'src/registry/authorization/index';
import { batchResources } from 'src/registry/batch/index';
import { coordinationResources } from 'src/registry/coordination/index';
import { coreResources } from 'src/registry/core/index';
import { discoveryResources } from 'src/registry/discovery/index';
import { eventsResources } from 'src/registry/events/index';
import { networkingResources } from 'src/registry/networking/index';
import { policyResources } from 'src/registry/policy/index';
import { rbacResources } from 'src/registry/rbac/index';
import { schedulingResources } from 'src/registry/scheduling/index';

/** Every served resource, core first, then each group in discovery order. */
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition<any>[] = [
  ...coreResources,
  ...appsResources,
  ...coordinationResources,
  ...discoveryResources,
  ...eventsResources,
  ...authenticationResources,
  ...authorizationResources,
  ...batchResources,
  ...networkingResources,
  ...policyResources,
  ...rbacResources,
  ...schedulingResources,
];

/** The registry of every served resource. */
export function createRegistry(): Registry {
  return new Registry(RESOURCE_DEFINITIONS);
}
