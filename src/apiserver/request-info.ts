/** The verbs a resource request resolves to. */
export type RequestVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** What a request is about, parsed from its method and path. */
export interface ResourceRequestInfo {
  isResourceRequest: true;
  verb: RequestVerb;
  /** '' for the core group (/api). */
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy /watch/ path prefix was used. */
  legacyWatch: boolean;
}

/** A request for a path outside the resource tree (/version, /healthz, discovery ...). */
export interface NonResourceRequestInfo {
  isResourceRequest: false;
  path: string;
  /** Path segments, without empty ones. */
  parts: string[];
}

/** Parsed request info. */
export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

/** Namespace subresources that must not be read as a resource name. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function watchRequested(query: Record<string, unknown>): boolean {
  const w = query.watch;
  const v = Array.isArray(w) ? w[0] : w;
  return v === 'true' || v === '1';
}

/**
 * Parses method + path into request info.
 * Semantics: k8s.io/apiserver pkg/endpoints/request/requestinfo.go NewRequestInfo.
 */
export function parseRequestInfo(method: string, path: string, query: Record<string, unknown>): RequestInfo {
  const parts = path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const nonResource: NonResourceRequestInfo = { isResourceRequest: false, path, parts };
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api') {
    if (parts.length < 3) {
      return nonResource;
    }
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length < 4) {
      return nonResource;
    }
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource;
  }
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
      rest = rest.slice(2);
    }
  }
  if (rest.length === 0) {
    return nonResource;
  }
  const resource = rest[0];
  const name = rest[1];
  const subresource = rest.length > 2 ? rest.slice(2).join('/') : undefined;
  let verb: RequestVerb;
  switch (method) {
    case 'POST':
      verb = 'create';
      break;
    case 'GET':
    case 'HEAD':
      verb = legacyWatch || (watchRequested(query) && !subresource) ? 'watch' : name === undefined ? 'list' : 'get';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      return nonResource;
  }
  return { isResourceRequest: true, verb, group, version, resource, namespace, name, subresource, legacyWatch };
}
