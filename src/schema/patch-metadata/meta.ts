import { atomic, mergeBy, type MetadataTable } from 'src/schema/patch-metadata/field-metadata';

// Semantics: struct tags and +listType/+listMapKey/+mapType/+structType markers of the Go types
// in k8s.io/api and k8s.io/apimachinery v0.34 (Kubernetes 1.34, which client-node 1.4 models).

/** Patch, list and Quantity metadata of meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1). */
export const META: MetadataTable = {
  'io.k8s.apimachinery.pkg.apis.meta.v1': {
    APIGroup: { fields: { serverAddressByClientCIDRs: atomic, versions: atomic } },
    APIGroupList: { fields: { groups: atomic } },
    APIResource: { fields: { categories: atomic, shortNames: atomic } },
    APIResourceList: { fields: { resources: atomic } },
    APIVersions: { fields: { serverAddressByClientCIDRs: atomic, versions: atomic } },
    DeleteOptions: { fields: { dryRun: atomic } },
    FieldSelectorRequirement: { fields: { values: atomic } },
    LabelSelector: { atomic: true, fields: { matchExpressions: atomic } },
    LabelSelectorRequirement: { fields: { values: atomic } },
    ObjectMeta: { fields: { finalizers: { patchStrategy: 'merge', listType: 'set' }, managedFields: atomic, ownerReferences: mergeBy('uid') } },
    OwnerReference: { atomic: true },
    StatusDetails: { fields: { causes: atomic } },
  },
};
