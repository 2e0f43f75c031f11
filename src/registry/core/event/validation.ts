import type { FieldError } from 'src/registry/generic/object';
import { invalid, isDNS1123Subdomain, isQualifiedName, required } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/events.go legacyValidateEvent. Both core/v1 and
// events.k8s.io/v1 events are validated on the internal Event, so errors use its field names
// (involvedObject, reportingController, message) whatever the request's version spelled.

/** The internal Event fields the legacy validation reads. */
export interface EventView {
  namespace: string;
  involvedNamespace: string;
  eventTime: unknown;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
}

/** Length limits of the newer event fields. */
const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 };

/** legacyValidateEvent: namespaces agree; events with eventTime carry reporting fields within limits. */
export function legacyValidateEvent(e: EventView): FieldError[] {
  const errs: FieldError[] = [];
  const mismatch = invalid('involvedObject.namespace', e.involvedNamespace, 'does not match event.namespace');
  if (!e.eventTime) {
    if (!e.involvedNamespace ? e.namespace !== '' && e.namespace !== 'default' : e.namespace !== e.involvedNamespace) {
      errs.push(mismatch);
    }
  } else {
    if (!e.involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system') {
      errs.push(mismatch);
    }
    if (!e.reportingController) {
      errs.push(required('reportingController'));
    }
    errs.push(...isQualifiedName(e.reportingController).map((m) => invalid('reportingController', e.reportingController, m)));
    if (!e.reportingInstance) {
      errs.push(required('reportingInstance'));
    }
    for (const key of ['reportingInstance', 'action', 'reason', 'message'] as const) {
      if (key !== 'reportingInstance' && key !== 'message' && !e[key]) {
        errs.push(required(key));
      }
      if (e[key].length > LIMITS[key]) {
        errs.push(invalid(key, '', `can have at most ${LIMITS[key]} characters`));
      }
    }
  }
  errs.push(...isDNS1123Subdomain(e.namespace).map((m) => invalid('namespace', e.namespace, m)));
  return errs;
}
