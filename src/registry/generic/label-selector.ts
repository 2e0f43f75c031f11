import { badRequest } from 'src/apiserver/status';
import { isLabelValue, isQualifiedName } from 'src/registry/generic/formats';

// Semantics: k8s.io/apimachinery/pkg/labels/selector.go (Parse, NewRequirement, Requirement.Matches)
// and pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector), as of v0.35.

/** A requirement operator, spelled as apimachinery's selection.Operator values. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement: `key op values`, values sorted and de-duplicated as upstream's sets.String does. */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/**
 * A compiled label selector: call it with an object's labels to test a match.
 * `empty` is true when it restricts nothing (callers can skip filtering); `nothing` when it matches no object.
 */
export interface LabelSelector {
  (labels: Record<string, string> | undefined): boolean;
  readonly empty: boolean;
  readonly nothing: boolean;
  readonly requirements: readonly LabelRequirement[];
}

/** metav1.LabelSelector as found in spec.selector of workloads. */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/** Parses the string form (`?labelSelector=`); throws a 400 BadRequest with upstream's message when invalid. */
export function parseLabelSelector(selector: string): LabelSelector {
  try {
    const reqs = new Parser(selector).parse();
    return compile(reqs.sort(byKey), false);
  } catch (e) {
    throw e instanceof SelectorError ? badRequest(e.message) : e;
  }
}

/** Converts a metav1.LabelSelector: null/undefined matches nothing, an empty one everything (LabelSelectorAsSelector). */
export function fromLabelSelector(ps: MetaLabelSelector | null | undefined): LabelSelector {
  if (ps === null || ps === undefined) {
    return compile([], true);
  }
  const reqs: LabelRequirement[] = [];
  try {
    for (const [k, v] of Object.entries(ps.matchLabels ?? {})) {
      reqs.push(newRequirement(k, '=', [v]));
    }
    for (const expr of ps.matchExpressions ?? []) {
      const op = EXPRESSION_OPERATORS[expr.operator];
      if (!op) {
        throw new SelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
      }
      reqs.push(newRequirement(expr.key, op, expr.values?.length ? [...expr.values] : null));
    }
  } catch (e) {
    throw e instanceof SelectorError ? badRequest(e.message) : e;
  }
  return compile(reqs.sort(byKey), false);
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

function byKey(a: LabelRequirement, b: LabelRequirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function compile(reqs: LabelRequirement[], nothing: boolean): LabelSelector {
  const fn = (labels: Record<string, string> | undefined): boolean => !nothing && reqs.every((r) => matches(r, labels ?? {}));
  return Object.assign(fn, { empty: !nothing && reqs.length === 0, nothing, requirements: reqs });
}

function matches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels[r.key] : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(val);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(val);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const lv = parseInt64(val);
      const rv = r.values.length === 1 ? parseInt64(r.values[0]) : undefined;
      if (!has || lv === undefined || rv === undefined) {
        return false;
      }
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** Go's strconv.ParseInt(s, 10, 64), undefined on failure. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return undefined;
  }
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** An error whose message is upstream's text; turned into a BadRequest at the boundary. */
class SelectorError extends Error {}

/** Validates and builds a requirement as labels.NewRequirement does (path-less field errors). */
function newRequirement(key: string, op: LabelOperator, vals: string[] | null): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) {
    errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  }
  const n = vals?.length ?? 0;
  const badVals = `values: Invalid value: ${goJson(vals)}`;
  if ((op === 'in' || op === 'notin') && n === 0) {
    errs.push(`${badVals}: for 'in', 'notin' operators, values set can't be empty`);
  } else if ((op === '=' || op === '==' || op === '!=') && n !== 1) {
    errs.push(`${badVals}: exact-match compatibility requires one single value`);
  } else if ((op === 'exists' || op === '!') && n !== 0) {
    errs.push(`${badVals}: values set must be empty for exists and does not exist`);
  } else if (op === 'gt' || op === 'lt') {
    if (n !== 1) {
      errs.push(`${badVals}: for 'Gt', 'Lt' operators, exactly one value is required`);
    }
    (vals ?? []).forEach((v, i) => {
      if (parseInt64(v) === undefined) {
        errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
    });
  }
  (vals ?? []).forEach((v, i) => {
    const valErrs = isLabelValue(v);
    if (valErrs.length) {
      errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valErrs.join('; ')}`);
    }
  });
  const unique = [...new Set(errs)];
  if (unique.length) {
    throw new SelectorError(unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`);
  }
  return { key, operator: op, values: vals ?? [] };
}

/** Go's %q for a string (strconv.Quote), enough for selector input. */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (named[ch]) {
      out += named[ch];
    } else if (c < 0x20 || c === 0x7f) {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** Go's json.Marshal of a []string (nil is `null`, HTML characters escaped). */
function goJson(v: string[] | null): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---- lexer and parser: a faithful port of upstream's token rules and error texts ----

type Token = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const STRING_TO_TOKEN: Record<string, Token> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => ch.length === 1 && '=!(),><'.includes(ch);
const tokenOf = (s: string): Token | undefined => (Object.prototype.hasOwnProperty.call(STRING_TO_TOKEN, s) ? STRING_TO_TOKEN[s] : undefined);

/** Splits the selector into tokens; `\0` marks the end as Go's byte lexer does. */
function lex(s: string): { tok: Token; lit: string }[] {
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++] : '\0');
  const items: { tok: Token; lit: string }[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) {
      ch = read();
    }
    if (ch === '\0') {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    pos--;
    let buf = '';
    if (isSpecial(ch)) {
      let last: { tok: Token; lit: string } | undefined;
      for (let c = read(); c !== '\0'; c = read()) {
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buf += c;
        const t = tokenOf(buf);
        if (t) {
          last = { tok: t, lit: buf };
        } else if (last) {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      for (let c = read(); c !== '\0'; c = read()) {
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buf += c;
      }
      items.push({ tok: tokenOf(buf) ?? 'id', lit: buf });
    }
  }
}

class Parser {
  private readonly items: { tok: Token; lit: string }[];
  private pos = 0;

  constructor(selector: string) {
    this.items = lex(selector);
  }

  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  private peek(values = true): [Token, string] {
    const { tok, lit } = this.items[this.pos];
    return [values && (tok === 'in' || tok === 'notin') ? 'id' : tok, lit];
  }

  private next(values = true): [Token, string] {
    const r = this.peek(values);
    this.pos++;
    return r;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const [tok, lit] = this.peek();
      if (tok === 'eos') {
        return reqs;
      }
      if (tok !== 'id' && tok !== '!') {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw e instanceof SelectorError ? new SelectorError(`unable to parse requirement: ${e.message}`) : e;
      }
      const [t, l] = this.next();
      if (t === 'eos') {
        return reqs;
      }
      if (t !== ',') {
        throw new SelectorError(`found '${l}', expected: ',' or 'end of string'`);
      }
      const [t2, l2] = this.peek();
      if (t2 !== 'id' && t2 !== '!') {
        throw new SelectorError(`found '${l2}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let [tok, key] = this.next();
    let unary: LabelOperator | undefined;
    if (tok === '!') {
      unary = '!';
      [tok, key] = this.next();
    }
    if (tok !== 'id') {
      throw new SelectorError(`found '${key}', expected: identifier`);
    }
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) {
      throw new SelectorError(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    }
    const [after] = this.peek();
    if (unary || after === 'eos' || after === ',') {
      return newRequirement(key, unary ?? 'exists', []);
    }
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : this.exactValue();
    return newRequirement(key, op, [...new Set(values)].sort());
  }

  private operator(): LabelOperator {
    const [tok, lit] = this.next(false);
    const ops: Partial<Record<Token, LabelOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const op = ops[tok];
    if (!op) {
      throw new SelectorError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
    return op;
  }

  private valueSet(): string[] {
    const [open, openLit] = this.next();
    if (open !== '(') {
      throw new SelectorError(`found '${openLit}' expected: '('`);
    }
    const [tok, lit] = this.peek();
    if (tok === ')') {
      this.next();
      return [''];
    }
    if (tok !== 'id' && tok !== ',') {
      throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    }
    const values = this.identifierList();
    if (this.next()[0] !== ')') {
      throw new SelectorError(`found '${lit}', expected: ')'`);
    }
    return values;
  }

  /** A possibly empty, comma-separated list of possibly empty identifiers, stopping before `)`. */
  private identifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const [tok, lit] = this.next();
      if (tok === 'id') {
        values.push(lit);
        const [t2, l2] = this.peek();
        if (t2 === ')') {
          return values;
        }
        if (t2 !== ',') {
          throw new SelectorError(`found '${l2}', expected: ',' or ')'`);
        }
      } else if (tok === ',') {
        if (values.length === 0) {
          values.push('');
        }
        const [t2] = this.peek();
        if (t2 === ')') {
          values.push('');
          return values;
        }
        if (t2 === ',') {
          values.push('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): string[] {
    const [tok] = this.peek();
    if (tok === 'eos' || tok === ',') {
      return [''];
    }
    const [t, lit] = this.next();
    if (t !== 'id') {
      throw new SelectorError(`found '${lit}', expected: identifier`);
    }
    return [lit];
  }
}
