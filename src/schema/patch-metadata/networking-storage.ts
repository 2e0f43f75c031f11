import { atomic, mergeBy, quantity, set, type MetadataTable } from 'src/schema/patch-metadata/field-metadata';

// Semantics: struct tags and +listType/+listMapKey/+mapType/+structType markers of the Go types
// in k8s.io/api and k8s.io/apimachinery v0.34 (Kubernetes 1.34, which client-node 1.4 models).

/** Patch, list and Quantity metadata of discovery, networking, storage and storagemigration. */
export const NETWORKING_STORAGE: MetadataTable = {
  'io.k8s.api.discovery.v1': {
    Endpoint: { fields: { addresses: set } },
    EndpointHints: { fields: { forNodes: atomic, forZones: atomic } },
    EndpointPort: { atomic: true },
    EndpointSlice: { fields: { endpoints: atomic, ports: atomic } },
  },
  'io.k8s.api.networking.v1': {
    HTTPIngressRuleValue: { fields: { paths: atomic } },
    IPBlock: { fields: { except: atomic } },
    IngressLoadBalancerIngress: { fields: { ports: atomic } },
    IngressLoadBalancerStatus: { fields: { ingress: atomic } },
    IngressSpec: { fields: { rules: atomic, tls: atomic } },
    IngressTLS: { fields: { hosts: atomic } },
    NetworkPolicyEgressRule: { fields: { ports: atomic, to: atomic } },
    NetworkPolicyIngressRule: { fields: { from: atomic, ports: atomic } },
    NetworkPolicySpec: { fields: { egress: atomic, ingress: atomic, policyTypes: atomic } },
    ServiceBackendPort: { atomic: true },
    ServiceCIDRSpec: { fields: { cidrs: atomic } },
    ServiceCIDRStatus: { fields: { conditions: mergeBy('type') } },
  },
  'io.k8s.api.networking.v1beta1': {
    ServiceCIDRSpec: { fields: { cidrs: atomic } },
    ServiceCIDRStatus: { fields: { conditions: mergeBy('type') } },
  },
  'io.k8s.api.storage.v1': {
    CSIDriverSpec: { fields: { tokenRequests: atomic, volumeLifecycleModes: set } },
    CSINodeDriver: { fields: { topologyKeys: atomic } },
    CSINodeSpec: { fields: { drivers: mergeBy('name') } },
    CSIStorageCapacity: { fields: { capacity: quantity, maximumVolumeSize: quantity } },
    StorageClass: { fields: { allowedTopologies: atomic, mountOptions: atomic } },
  },
  'io.k8s.api.storagemigration.v1alpha1': {
    StorageVersionMigrationStatus: { fields: { conditions: mergeBy('type') } },
  },
};
