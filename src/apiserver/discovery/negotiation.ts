import { notAcceptable } from 'src/apiserver/status';

// Semantics: github.com/munnerz/goautoneg ParseAccept (the version kube-apiserver vendors),
// k8s.io/apiserver pkg/endpoints/handlers/negotiation/negotiate.go NegotiateMediaTypeOptions,
// pkg/endpoints/discovery/aggregated/{wrapper,negotiation}.go and
// handlers/responsewriters/writers.go generateMediaTypeWithGVK.

/** One clause of an Accept header. */
export interface AcceptClause {
  type: string;
  subType: string;
  q: number;
  params: Record<string, string>;
}

/** How to answer a discovery request, and the exact Content-Type to send. */
export type DiscoveryAnswer =
  | { format: 'aggregated'; version: 'v2' | 'v2beta1'; contentType: string }
  | { format: 'legacy'; contentType: 'application/json' };

/** Options of `negotiateDiscovery`. */
export interface DiscoveryNegotiationOptions {
  /** True for `/api` and `/apis`, the only paths that can answer the aggregated form. */
  aggregatable: boolean;
  /**
   * Whether `v=v2beta1` selects the aggregated form. kube-apiserver 1.35 locks
   * AggregatedDiscoveryRemoveBetaType on, so such clauses are ignored there (default false).
   */
  allowV2beta1?: boolean;
}

/** The media types kubepg can write (upstream also offers YAML and protobuf). */
const SUPPORTED = [{ type: 'application', subType: 'json' }];

/**
 * Parses an Accept header into clauses ordered as goautoneg orders them: by q descending, then
 * concrete types before wildcards, otherwise in header order. Malformed clauses are dropped.
 */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const rawPart of splitAll(header, ',')) {
    const [range = '', ...rawParams] = splitAll(trimSpaces(rawPart), ';');
    const [typePart, rest = ''] = splitOnce(range, '/');
    const type = trimSpaces(typePart);
    let subType: string;
    if (rest === '') {
      if (type !== '*') {
        continue;
      }
      subType = '*';
    } else {
      const [sub, extra = ''] = splitOnce(rest, '/');
      if (extra !== '') {
        continue;
      }
      subType = trimSpaces(sub);
    }
    const clause: AcceptClause = { type, subType, q: 1, params: {} };
    for (const p of rawParams) {
      const [key, afterKey = ''] = splitOnce(p, '=');
      const [value, extra = ''] = splitOnce(afterKey, '=');
      if (afterKey === '' || extra !== '') {
        continue;
      }
      const token = trimSpaces(key);
      if (token === 'q') {
        clause.q = parseGoFloat32(value);
      } else {
        clause.params[token] = trimSpaces(value);
      }
    }
    clauses.push(clause);
  }
  return insertionSort(clauses, (a, b) => a.q > b.q || (a.type !== '*' && b.type === '*') || (a.subType !== '*' && b.subType === '*'));
}

/**
 * Decides how to answer a discovery GET from its Accept header: aggregated when a clause asks for
 * `as=APIGroupDiscoveryList` (g=apidiscovery.k8s.io, v=v2) at an aggregatable path, otherwise
 * legacy JSON. Throws 406 NotAcceptable when no clause can be served at all.
 */
export function negotiateDiscovery(accept: string | undefined, opts: DiscoveryNegotiationOptions): DiscoveryAnswer {
  const header = accept ?? '';
  if (opts.aggregatable && header !== '') {
    const clause = firstAcceptable(header, (conv) => isAggregatedGvk(conv, opts.allowV2beta1 ?? false));
    if (clause) {
      const version = clause.params.v as 'v2' | 'v2beta1';
      return { format: 'aggregated', version, contentType: `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList` };
    }
  }
  if (header === '' || firstAcceptable(header, (conv) => conv === undefined)) {
    return { format: 'legacy', contentType: 'application/json' };
  }
  throw notAcceptable(`only the following media types are accepted: ${SUPPORTED.map((s) => `${s.type}/${s.subType}`).join(', ')}`);
}

type Conversion = { group?: string; version?: string; kind?: string } | undefined;

/** The first clause (in negotiation order) that matches a supported type and passes the endpoint's restriction. */
function firstAcceptable(header: string, allows: (conv: Conversion) => boolean): AcceptClause | undefined {
  for (const clause of parseAccept(header)) {
    for (const s of SUPPORTED) {
      const typeMatches =
        (clause.type === s.type && (clause.subType === s.subType || clause.subType === '*')) || (clause.type === '*' && clause.subType === '*');
      if (typeMatches && acceptsOptions(clause.params, allows)) {
        return clause;
      }
    }
  }
  return undefined;
}

/** acceptMediaTypeOptions: `stream` other than watch and any `sv` reject the clause; g/v/as request a conversion. */
function acceptsOptions(params: Record<string, string>, allows: (conv: Conversion) => boolean): boolean {
  let conv: Conversion;
  for (const [k, v] of Object.entries(params)) {
    if (k === 'as' || k === 'g' || k === 'v') {
      conv = { ...conv, [k === 'as' ? 'kind' : k === 'g' ? 'group' : 'version']: v };
    } else if ((k === 'stream' && v !== '' && v !== 'watch') || (k === 'sv' && v !== '')) {
      return false;
    }
  }
  return allows(conv);
}

function isAggregatedGvk(conv: Conversion, allowV2beta1: boolean): boolean {
  return (
    conv !== undefined &&
    conv.group === 'apidiscovery.k8s.io' &&
    conv.kind === 'APIGroupDiscoveryList' &&
    (conv.version === 'v2' || (allowV2beta1 && conv.version === 'v2beta1'))
  );
}

/** Splits like goautoneg's loop: no trailing empty element, but empty elements in between. */
function splitAll(s: string, sep: string): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > 0) {
    const i = rest.indexOf(sep);
    out.push(i < 0 ? rest : rest.slice(0, i));
    rest = i < 0 ? '' : rest.slice(i + 1);
  }
  return out;
}

/** Splits at the first separator: [before, after], `after` undefined when there is none. */
function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function trimSpaces(s: string): string {
  return s.replace(/^ +| +$/g, '');
}

/** strconv.ParseFloat(s, 32) with the error ignored: 0 on a syntax error. */
function parseGoFloat32(s: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    return Math.fround(Number(s));
  }
  if (/^[+-]?inf(inity)?$/i.test(s)) {
    return s.startsWith('-') ? -Infinity : Infinity;
  }
  return /^nan$/i.test(s) ? NaN : 0;
}

/** Go's sort.Sort on short slices: an insertion sort, so equal clauses keep header order. */
function insertionSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return items;
}
