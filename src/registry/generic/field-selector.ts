import { badRequest } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';

// Semantics: k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector, UnescapeValue) and the
// field-label conversion the list handler applies (apiserver endpoints/handlers/get.go ListResource).

/** One `field op value` term, the value already unescaped. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/**
 * A compiled field selector: call it with an object's field set (see `fieldSetOf`).
 * `empty` is true when it restricts nothing, so callers can skip computing field sets.
 */
export interface FieldSelector {
  (fields: Record<string, string>): boolean;
  readonly empty: boolean;
  readonly requirements: readonly FieldRequirement[];
}

/** Fields every resource can be selected by, whatever its definition says. */
export const METADATA_FIELDS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/** Parses `?fieldSelector=` into requirements (terms sorted as upstream does); throws a 400 BadRequest when malformed. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = splitTerms(selector).sort(compareBytes);
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') {
      continue;
    }
    const term = splitTerm(part);
    if (!term) {
      throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    reqs.push({ field: term.lhs, operator: term.op, value: unescapeValue(term.rhs) });
  }
  return reqs;
}

/**
 * Parses a selector and checks every field against those the resource supports; an unknown field
 * fails as upstream's ConvertFieldLabel does: `field label not supported: <field>` (400).
 */
export function compileFieldSelector(selector: string, allowedFields: ReadonlySet<string>): FieldSelector {
  const reqs = parseFieldSelector(selector);
  for (const r of reqs) {
    if (!allowedFields.has(r.field) && !METADATA_FIELDS.includes(r.field)) {
      throw badRequest(`field label not supported: ${r.field}`);
    }
  }
  const fn = (fields: Record<string, string>): boolean =>
    reqs.every((r) => {
      const v = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
      return r.operator === '!=' ? v !== r.value : v === r.value;
    });
  return Object.assign(fn, { empty: reqs.length === 0, requirements: reqs });
}

/** The value a selector pins a field to with `=`/`==`, if any (upstream RequiresExactMatch). */
export function exactMatch(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
}

/** The fields a resource can be selected by: metadata.name, metadata.namespace and its selectableFields. */
export function allowedFieldsOf(resource: RegisteredResource): Set<string> {
  return new Set([...METADATA_FIELDS, ...Object.keys(resource.selectableFields ?? {})]);
}

/** An object's field set for matching; fields the object lacks are `""`, as upstream's fields.Set.Get returns. */
export function fieldSetOf(resource: RegisteredResource, obj: KubeObject): Record<string, string> {
  const set: Record<string, string> = {
    'metadata.name': obj.metadata?.name ?? '',
    'metadata.namespace': obj.metadata?.namespace ?? '',
  };
  for (const [field, get] of Object.entries(resource.selectableFields ?? {})) {
    set[field] = get(obj) ?? '';
  }
  return set;
}

/** Go's sort.Strings order (byte-wise on UTF-8). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Splits on commas not escaped by a backslash; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector === '') {
    return [];
  }
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) {
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/** Splits at the first operator; the left side allows no escaping and is not trimmed. */
function splitTerm(term: string): { lhs: string; op: FieldRequirement['operator']; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) {
        return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=`; any other escape, or a bare `,`/`=`, is an error (fields.UnescapeValue). */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) {
    return s;
  }
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) {
    throw badRequest('invalid field selector: invalid escape sequence: \\');
  }
  return out;
}

/** Escapes a literal for use as a fieldSelector value (fields.EscapeValue). */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}
