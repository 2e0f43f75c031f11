import type { FieldError, StatusCause } from 'src/registry/generic/object';

/** metav1.Status as sent on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Identifies the object an error is about, as `details` does upstream (kind is the plural resource). */
export interface Qualified {
  group: string;
  resource: string;
  name?: string;
}

/**
 * An error that carries a Kubernetes Status. Every failure the apiserver returns goes through
 * this class; the constructors below mirror k8s.io/apimachinery/pkg/api/errors.
 */
export class StatusError extends Error {
  constructor(
    readonly status: Status,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }
}

function status(code: number, reason: string, message: string, details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) {
    s.details = details;
  }
  return s;
}

/** `pods "x"` or `deployments.apps "x"`, the qualified name upstream messages use. */
function qualifiedName(q: Qualified): string {
  return q.group ? `${q.resource}.${q.group}` : q.resource;
}

function details(q: Qualified): Status['details'] {
  const d: Status['details'] = {};
  if (q.name !== undefined) {
    d.name = q.name;
  }
  if (q.group) {
    d.group = q.group;
  }
  d.kind = q.resource;
  return d;
}

/** 404 NotFound: `pods "x" not found`. */
export function notFound(q: Qualified): StatusError {
  return new StatusError(status(404, 'NotFound', `${qualifiedName(q)} "${q.name}" not found`, details(q)));
}

/** 409 AlreadyExists: `pods "x" already exists`. */
export function alreadyExists(q: Qualified): StatusError {
  return new StatusError(status(409, 'AlreadyExists', `${qualifiedName(q)} "${q.name}" already exists`, details(q)));
}

/** 409 Conflict: `Operation cannot be fulfilled on pods "x": <why>`. */
export function conflict(q: Qualified, why: string): StatusError {
  return new StatusError(
    status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(q)} "${q.name}": ${why}`, details(q)),
  );
}

/** The message upstream uses when a resourceVersion precondition fails. */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** Renders a field value the way field.Error does in its message. */
function renderValue(v: unknown): string {
  if (typeof v === 'string') {
    return JSON.stringify(v);
  }
  if (v === null || v === undefined) {
    return 'null';
  }
  if (typeof v === 'object') {
    return JSON.stringify(v);
  }
  return String(v);
}

const FIELD_ERROR_TEXT: Record<FieldError['type'], string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotFound: 'Not found',
};

/** One field error as upstream prints it: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorMessage(e: FieldError): string {
  const parts = [`${e.field}: ${FIELD_ERROR_TEXT[e.type]}`];
  const hasValue = e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.value !== undefined;
  if (hasValue) {
    parts.push(renderValue(e.value));
  }
  if (e.detail) {
    parts.push(e.detail);
  }
  return parts.join(': ');
}

/** 422 Invalid with `details.causes`: `Deployment.apps "x" is invalid: [a, b]`. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): StatusError {
  const messages = errors.map(fieldErrorMessage);
  const joined = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new StatusError(
    status(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errors.map((e, i) => ({ reason: e.type, message: messages[i].slice(e.field.length + 2), field: e.field })),
    }),
  );
}

/** 400 BadRequest with a free-form message. */
export function badRequest(message: string): StatusError {
  return new StatusError(status(400, 'BadRequest', message));
}

/** 405 MethodNotAllowed: `the server does not allow this method on the requested resource`. */
export function methodNotAllowed(): StatusError {
  return new StatusError(status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
}

/** 404 NotFound for a path that names no resource. */
export function pathNotFound(): StatusError {
  return new StatusError(status(404, 'NotFound', 'the server could not find the requested resource', {}));
}

/** 410 Expired/Gone, e.g. `too old resource version: 5 (100)`. */
export function expired(message: string): StatusError {
  return new StatusError(status(410, 'Expired', message));
}

/** 401 Unauthorized. */
export function unauthorized(): StatusError {
  return new StatusError(status(401, 'Unauthorized', 'Unauthorized'));
}

/** 403 Forbidden. */
export function forbidden(q: Qualified, why: string): StatusError {
  return new StatusError(status(403, 'Forbidden', `${qualifiedName(q)} "${q.name ?? ''}" is forbidden: ${why}`, details(q)));
}

/** 413 RequestEntityTooLarge. */
export function requestEntityTooLarge(message: string): StatusError {
  return new StatusError(status(413, 'RequestEntityTooLarge', message));
}

/** 415 UnsupportedMediaType. */
export function unsupportedMediaType(): StatusError {
  return new StatusError(
    status(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml'),
  );
}

/** 406 NotAcceptable. */
export function notAcceptable(message: string): StatusError {
  return new StatusError(status(406, 'NotAcceptable', message));
}

/** 504 Timeout, e.g. a too-new resourceVersion the cache did not reach in time. */
export function timeout(message: string, retryAfterSeconds?: number): StatusError {
  return new StatusError(
    status(504, 'Timeout', message, retryAfterSeconds ? { retryAfterSeconds } : undefined),
    retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {},
  );
}

/** 500 InternalError, for bugs: the message says what failed without leaking stack traces. */
export function internalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return new StatusError(status(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] }));
}

/** 429/503 style: too many requests. */
export function tooManyRequests(message: string): StatusError {
  return new StatusError(status(429, 'TooManyRequests', message));
}

/** A successful Status, returned by delete of a collection and some deletes. */
export function success(details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code: 200 };
}
