import type { ResourceDefinition } from 'src/registry/generic/resource';
import { cronjob } from 'src/registry/batch/cronjob';
import { job } from 'src/registry/batch/job';

/** The batch/v1 resources in discovery order (alphabetical by plural, as upstream lists them). */
export const batchResources: ResourceDefinition<any>[] = [cronjob, job];
