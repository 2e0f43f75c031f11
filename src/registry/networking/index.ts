import type { ResourceDefinition } from 'src/registry/generic/resource';
import { ingress } from 'src/registry/networking/ingress';
import { ingressclass } from 'src/registry/networking/ingressclass';
import { ipaddress } from 'src/registry/networking/ipaddress';
import { networkpolicy } from 'src/registry/networking/networkpolicy';
import { servicecidr } from 'src/registry/networking/servicecidr';

/** The networking.k8s.io/v1 resources in discovery order (alphabetical by plural). */
export const networkingResources: ResourceDefinition<any>[] = [ingressclass, ingress, ipaddress, networkpolicy, servicecidr];
