import type { KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { eventTable } from 'src/registry/core/event.table';
import { legacyValidateEvent } from 'src/registry/core/event/validation';

// Semantics: kubernetes pkg/registry/core/event/strategy.go (ToSelectableFields; requests to
// core/v1 get the legacy validation only) and pkg/apis/core/v1/conversion.go field labels.

function view(e: KubeObject) {
  return {
    namespace: e.metadata.namespace ?? '',
    involvedNamespace: e.involvedObject?.namespace ?? '',
    eventTime: e.eventTime,
    reportingController: e.reportingComponent ?? '',
    reportingInstance: e.reportingInstance ?? '',
    action: e.action ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
  };
}

/** core/v1 events: loosely validated, selectable by involved object, reason, source and type. */
export const event = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  table: eventTable,
  shortNames: ['ev'],
  allowCreateOnUpdate: true,
  validate: (obj) => legacyValidateEvent(view(obj)),
  validateUpdate: (obj) => legacyValidateEvent(view(obj)),
  selectableFields: {
    'involvedObject.kind': (e) => e.involvedObject?.kind,
    'involvedObject.namespace': (e) => e.involvedObject?.namespace,
    'involvedObject.name': (e) => e.involvedObject?.name,
    'involvedObject.uid': (e) => e.involvedObject?.uid,
    'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion,
    'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion,
    'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath,
    reason: (e) => e.reason,
    reportingComponent: (e) => e.reportingComponent,
    source: (e) => e.source?.component || e.reportingComponent,
    type: (e) => e.type,
  },
});
