import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The discovery/v1 messages of the served kinds (EndpointSlice). */
// Semantics: k8s.io/api discovery/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const discoveryV1: PackageTable = {
  package: 'discovery.v1',
  apiVersion: 'discovery.k8s.io/v1',
  kinds: ['EndpointSlice', 'EndpointSliceList'],
  messages: {
    EndpointSlice: ['1 metadata? meta.v1.ObjectMeta', '4 addressType string', '2 endpoints []Endpoint', '3 ports []EndpointPort'],
    EndpointSliceList: ['1 metadata? meta.v1.ListMeta', '2 items []EndpointSlice'],
    Endpoint: [
      '1 addresses []string',
      '2 conditions? EndpointConditions',
      '3 hostname? *string',
      '4 targetRef? *core.v1.ObjectReference',
      '5 deprecatedTopology? map[string]string',
      '6 nodeName? *string',
      '7 zone? *string',
      '8 hints? *EndpointHints',
    ],
    EndpointConditions: ['1 ready? *bool', '2 serving? *bool', '3 terminating? *bool'],
    EndpointHints: ['1 forZones? []ForZone', '2 forNodes? []ForNode'],
    ForZone: ['1 name string'],
    ForNode: ['1 name string'],
    EndpointPort: ['1 name? *string', '2 protocol? *string', '3 port? *int32', '4 appProtocol? *string'],
  },
};
