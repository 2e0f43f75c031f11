import type { KubeObject } from 'src/registry/generic/object';
import type { TableDefinition } from 'src/registry/generic/resource';
import { EVENT_COLUMNS, eventCells } from 'src/registry/core/event.table';

// Semantics: kubernetes pkg/apis/events/v1/conversion.go (regarding = involvedObject, note = message,
// deprecatedSource/FirstTimestamp/LastTimestamp/Count = source/firstTimestamp/lastTimestamp/count)
// feeding the same printEvent as core/v1 events.

/** How `kubectl get events.events.k8s.io` prints: the core Event columns, read through the v1 field names. */
export const eventsEventTable: TableDefinition<KubeObject> = {
  columns: EVENT_COLUMNS,
  cells: (e, now) =>
    eventCells(
      {
        name: e.metadata.name ?? '',
        type: e.type,
        reason: e.reason,
        message: e.note,
        involvedObject: e.regarding,
        source: e.deprecatedSource,
        reportingController: e.reportingController,
        reportingInstance: e.reportingInstance,
        firstTimestamp: e.deprecatedFirstTimestamp,
        lastTimestamp: e.deprecatedLastTimestamp,
        eventTime: e.eventTime,
        count: e.deprecatedCount,
        series: e.series,
      },
      now,
    ),
};
