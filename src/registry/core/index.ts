import type { ResourceDefinition } from 'src/registry/generic/resource';
import { binding } from 'src/registry/core/pod/binding';
import { configmap } from 'src/registry/core/configmap';
import { endpoints } from 'src/registry/core/endpoints';
import { event } from 'src/registry/core/event';
import { limitrange } from 'src/registry/core/limitrange';
import { namespace } from 'src/registry/core/namespace';
import { node } from 'src/registry/core/node';
import { persistentvolume } from 'src/registry/core/persistentvolume';
import { persistentvolumeclaim } from 'src/registry/core/persistentvolumeclaim';
import { pod } from 'src/registry/core/pod';
import { podtemplate } from 'src/registry/core/podtemplate';
import { replicationcontroller } from 'src/registry/core/replicationcontroller';
import { resourcequota } from 'src/registry/core/resourcequota';
import { secret } from 'src/registry/core/secret';
import { service } from 'src/registry/core/service';
import { serviceaccount } from 'src/registry/core/serviceaccount';

/** The core (/api/v1) resources in discovery order (alphabetical by plural, as upstream lists them). */
export const coreResources: ResourceDefinition<any>[] = [
  binding,
  configmap,
  endpoints,
  event,
  limitrange,
  namespace,
  node,
  persistentvolumeclaim,
  persistentvolume,
  pod,
  podtemplate,
  replicationcontroller,
  resourcequota,
  secret,
  serviceaccount,
  service,
];
