import type { FieldError } from 'src/registry/generic/object';
import { forbidden, invalid, isValidPortName, isValidPortNum, notSupported, required, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go ValidatePortNumOrName,
// validateHandler, validateProbe and the liveness/readiness/startup specifics.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** ValidatePortNumOrName: an int port number or an IANA port name. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number') {
    return isValidPortNum(port).map((m) => invalid(field, port, m));
  }
  return isValidPortName(String(port ?? '')).map((m) => invalid(field, port ?? '', m));
}

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc, sleep. */
export function validateHandler(h: Obj, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    const a = h[kind];
    if (a == null) {
      continue;
    }
    if (count++ > 0) {
      errs.push(forbidden(`${field}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    if (kind === 'exec' && !a.command?.length) {
      errs.push(required(`${field}.exec.command`));
    }
    if (kind === 'httpGet') {
      errs.push(...(a.path ? [] : [required(`${field}.httpGet.path`)]), ...validatePortNumOrName(a.port, `${field}.httpGet.port`));
      if (!['HTTP', 'HTTPS'].includes(a.scheme)) {
        errs.push(notSupported(`${field}.httpGet.scheme`, a.scheme ?? '', ['HTTP', 'HTTPS']));
      }
    }
    if (kind === 'tcpSocket' || kind === 'grpc') {
      errs.push(...validatePortNumOrName(a.port, `${field}.${kind}.port`));
    }
  }
  if (count === 0) {
    errs.push(required(field, 'must specify a handler type'));
  }
  return errs;
}

/** validateProbe: a valid handler, non-negative timings, successThreshold 1 except for readiness probes. */
export function validateProbe(probe: Obj | undefined, kind: 'liveness' | 'readiness' | 'startup', field: string): FieldError[] {
  if (!probe) {
    return [];
  }
  const errs = validateHandler(probe, field);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegativeField(probe[k], `${field}.${k}`));
  }
  if (kind !== 'readiness' && probe.successThreshold !== 1) {
    errs.push(invalid(`${field}.successThreshold`, probe.successThreshold ?? 0, 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds != null) {
    errs.push(invalid(`${field}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

