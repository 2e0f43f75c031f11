import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The events/v1 messages of the served kinds (Event). */
// Semantics: k8s.io/api events/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const eventsV1: PackageTable = {
  package: 'events.v1',
  apiVersion: 'events.k8s.io/v1',
  kinds: ['Event', 'EventList'],
  messages: {
    Event: [
      '1 metadata meta.v1.ObjectMeta',
      '2 eventTime meta.v1.MicroTime',
      '3 series? *EventSeries',
      '4 reportingController? string',
      '5 reportingInstance? string',
      '6 action? string',
      '7 reason? string',
      '8 regarding? core.v1.ObjectReference',
      '9 related? *core.v1.ObjectReference',
      '10 note? string',
      '11 type? string',
      '12 deprecatedSource? core.v1.EventSource',
      '13 deprecatedFirstTimestamp? meta.v1.Time',
      '14 deprecatedLastTimestamp? meta.v1.Time',
      '15 deprecatedCount? int32',
    ],
    EventList: ['1 metadata? meta.v1.ListMeta', '2 items []Event'],
    EventSeries: ['1 count int32', '2 lastObservedTime meta.v1.MicroTime'],
  },
};
