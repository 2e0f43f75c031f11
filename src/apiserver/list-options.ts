import { badRequest, expired, invalid } from 'src/apiserver/status';
import type { FieldError } from 'src/registry/generic/object';

/** Query parameters as fastify parses them (repeated keys become arrays). */
export type Query = Record<string, string | string[] | undefined>;

/** The last value of a query parameter. */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** metav1.ListOptions as list and watch use them. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  limit?: number;
  continue?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
}

function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) {
    return undefined;
  }
  return v === 'true' || v === '1';
}

function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') {
    return undefined;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw badRequest(`invalid value for ${name}: "${v}"`);
  }
  return n;
}

/**
 * Parses and validates list/watch options with upstream's error responses.
 * Semantics: k8s.io/apimachinery pkg/apis/meta/internalversion/validation ValidateListOptions.
 */
export function parseListOptions(q: Query, isWatch: boolean): ListOptions {
  const opts: ListOptions = {
    labelSelector: param(q, 'labelSelector') || undefined,
    fieldSelector: param(q, 'fieldSelector') || undefined,
    resourceVersion: param(q, 'resourceVersion') || undefined,
    resourceVersionMatch: (param(q, 'resourceVersionMatch') || undefined) as ListOptions['resourceVersionMatch'],
    limit: nonNegativeInt('limit', param(q, 'limit')) || undefined,
    continue: param(q, 'continue') || undefined,
    timeoutSeconds: nonNegativeInt('timeoutSeconds', param(q, 'timeoutSeconds')),
    allowWatchBookmarks: bool(param(q, 'allowWatchBookmarks')) ?? false,
    sendInitialEvents: bool(param(q, 'sendInitialEvents')),
  };
  const errs: FieldError[] = [];
  if (opts.resourceVersion !== undefined && !/^(0|[1-9][0-9]*)$/.test(opts.resourceVersion)) {
    throw badRequest(`invalid resource version: "${opts.resourceVersion}"`);
  }
  const match = opts.resourceVersionMatch;
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    errs.push({ type: 'FieldValueNotSupported', field: 'resourceVersionMatch', value: match, detail: 'supported values: "Exact", "NotOlderThan", ""' });
  }
  if (opts.sendInitialEvents !== undefined) {
    if (!isWatch) {
      errs.push({ type: 'FieldValueForbidden', field: 'sendInitialEvents', detail: 'sendInitialEvents is forbidden for list' });
    } else if (match !== 'NotOlderThan') {
      errs.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail: `sendInitialEvents requires setting resourceVersionMatch to NotOlderThan` });
    }
    if (opts.sendInitialEvents && isWatch && !opts.allowWatchBookmarks) {
      errs.push({ type: 'FieldValueForbidden', field: 'allowWatchBookmarks', detail: 'allowWatchBookmarks must be set to true when sendInitialEvents is set' });
    }
  } else if (match !== undefined) {
    if (isWatch) {
      errs.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided' });
    } else if (opts.resourceVersion === undefined) {
      errs.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden unless resourceVersion is provided' });
    } else if (match === 'Exact' && opts.resourceVersion === '0') {
      errs.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"' });
    }
  }
  if (opts.continue && opts.resourceVersion && opts.resourceVersion !== '0') {
    errs.push({ type: 'FieldValueForbidden', field: 'resourceVersion', detail: 'specifying resource version is not allowed when using continue' });
  }
  if (errs.length > 0) {
    throw invalid('ListOptions', 'meta.k8s.io', '', errs);
  }
  return opts;
}

/** The decoded form of a continue token: the snapshot RV and the last key returned. */
export interface ContinueToken {
  rv: number;
  ns: string;
  name: string;
}

/** Encodes a continue token (opaque to clients: base64 of a small JSON document). */
export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: `${t.ns}\u0000${t.name}` })).toString('base64url');
}

/** Decodes a continue token; a malformed one is a 400 as upstream answers. */
export function decodeContinue(token: string): ContinueToken {
  try {
    const d = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (d.v !== 'meta.k8s.io/v1' || typeof d.rv !== 'number' || typeof d.start !== 'string') {
      throw new Error('bad token');
    }
    const i = d.start.indexOf('\u0000');
    return { rv: d.rv, ns: d.start.slice(0, i), name: d.start.slice(i + 1) };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** The 410 upstream returns for a continue token older than the compaction horizon. */
export function continueExpired(): ReturnType<typeof expired> {
  return expired(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
}
