import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { eventsEventTable } from 'src/registry/events/event.table';
import { legacyValidateEvent } from 'src/registry/core/event/validation';
import { invalid, required, validateImmutableField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/events.go ValidateEventCreate / ValidateEventUpdate
// (strict rules for events.k8s.io/v1, reported with the internal field names),
// pkg/apis/events/v1/conversion.go (regarding = involvedObject, note = message) and the
// events.k8s.io field label conversions (regarding.*, reportingController, reason, type).

function view(e: KubeObject) {
  return {
    namespace: e.metadata.namespace ?? '',
    involvedNamespace: e.regarding?.namespace ?? '',
    eventTime: e.eventTime,
    reportingController: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
    action: e.action ?? '',
    reason: e.reason ?? '',
    message: e.note ?? '',
  };
}

function validateSeries(e: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (e.series) {
    if ((e.series.count ?? 0) < 2) {
      errs.push(invalid('series.count', '', 'should be at least 2'));
    }
    if (!e.series.lastObservedTime) {
      errs.push(required('series.lastObservedTime'));
    }
  }
  return errs;
}

function validateCreate(e: KubeObject): FieldError[] {
  const errs = [...legacyValidateEvent(view(e)), ...validateSeries(e)];
  if (!e.eventTime) {
    errs.push(required('eventTime'));
  }
  if (e.type !== 'Normal' && e.type !== 'Warning') {
    errs.push(invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  }
  if (e.deprecatedFirstTimestamp) {
    errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  }
  if (e.deprecatedLastTimestamp) {
    errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  }
  if (e.deprecatedCount) {
    errs.push(invalid('count', '', 'needs to be unset'));
  }
  if (e.deprecatedSource?.component || e.deprecatedSource?.host) {
    errs.push(invalid('source', '', 'needs to be unset'));
  }
  return errs;
}

/** Fields immutable after create, by internal name and events.k8s.io/v1 name. */
const IMMUTABLE: [internal: string, v1: string][] = [
  ['involvedObject', 'regarding'],
  ['reason', 'reason'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reason', 'reason'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingController', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

/** events.k8s.io/v1 events: the structured event API, validated strictly. */
export const eventsEvent = defineResource<KubeObject>({
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  table: eventsEventTable,
  shortNames: ['ev'],
  allowCreateOnUpdate: true,
  validate: validateCreate,
  validateUpdate(obj, old) {
    const errs = legacyValidateEvent(view(obj));
    if (JSON.stringify(obj.series ?? null) !== JSON.stringify(old.series ?? null)) {
      errs.push(...validateSeries(obj));
    }
    for (const [internal, v1] of IMMUTABLE) {
      errs.push(...validateImmutableField(obj[v1], old[v1], internal));
    }
    return errs;
  },
  selectableFields: {
    'regarding.kind': (e) => e.regarding?.kind,
    'regarding.namespace': (e) => e.regarding?.namespace,
    'regarding.name': (e) => e.regarding?.name,
    'regarding.uid': (e) => e.regarding?.uid,
    'regarding.apiVersion': (e) => e.regarding?.apiVersion,
    'regarding.resourceVersion': (e) => e.regarding?.resourceVersion,
    'regarding.fieldPath': (e) => e.regarding?.fieldPath,
    reason: (e) => e.reason,
    reportingController: (e) => e.reportingController,
    type: (e) => e.type,
  },
});
