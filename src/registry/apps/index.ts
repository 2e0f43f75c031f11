import type { ResourceDefinition } from 'src/registry/generic/resource';
import { controllerrevision } from 'src/registry/apps/controllerrevision';
import { daemonset } from 'src/registry/apps/daemonset';
import { deployment } from 'src/registry/apps/deployment';
import { replicaset } from 'src/registry/apps/replicaset';
import { statefulset } from 'src/registry/apps/statefulset';

/** The apps/v1 resources in discovery order (alphabetical by plural, as upstream lists them). */
export const appsResources: ResourceDefinition<any>[] = [controllerrevision, daemonset, deployment, replicaset, statefulset];
