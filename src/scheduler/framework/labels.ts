// Semantics: k8s.io/apimachinery pkg/labels (Requirement.Matches, SelectorFromSet, Everything,
// Nothing) and pkg/apis/meta/v1 LabelSelectorAsSelector.

/** A set of labels as objects carry them. */
export type Labels = Record<string, string> | undefined;

/** A label selector operator (metav1 and core/v1 NodeSelector spellings). */
export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** One requirement of a selector. */
export interface Requirement {
  key: string;
  operator: Operator;
  values: readonly string[];
}

/** A compiled selector. `empty` is upstream's Empty(): no requirements, so it matches everything. */
export interface Selector {
  readonly empty: boolean;
  readonly requirements: readonly Requirement[];
  matches(labels: Labels): boolean;
}

/** metav1.LabelSelector as JSON. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Matches no labels at all (a nil LabelSelector). */
export const NOTHING: Selector = { empty: false, requirements: [], matches: () => false };

/** Matches every label set (a selector without requirements). */
export const EVERYTHING: Selector = { empty: true, requirements: [], matches: () => true };

const has = (labels: Labels, key: string): boolean => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);

/** An integer as strconv.ParseInt reads it, or undefined. */
function parseInt64(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** Whether one requirement holds for a label set. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case 'In':
      return has(labels, r.key) && r.values.includes(labels![r.key]);
    case 'NotIn':
      return !has(labels, r.key) || !r.values.includes(labels![r.key]);
    case 'Exists':
      return has(labels, r.key);
    case 'DoesNotExist':
      return !has(labels, r.key);
    case 'Gt':
    case 'Lt': {
      if (!has(labels, r.key)) {
        return false;
      }
      const actual = parseInt64(labels![r.key]);
      const bound = parseInt64(r.values[0] ?? '');
      if (actual === undefined || bound === undefined) {
        return false;
      }
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
  }
}

/** Whether a requirement is well-formed (labels.NewRequirement's value-count checks). */
function valid(r: Requirement): boolean {
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      return r.values.length > 0;
    case 'Exists':
    case 'DoesNotExist':
      return r.values.length === 0;
    case 'Gt':
    case 'Lt':
      return r.values.length === 1 && parseInt64(r.values[0]) !== undefined;
    default:
      return false;
  }
}

/** A selector from requirements; undefined when one of them is malformed. */
export function fromRequirements(requirements: readonly Requirement[]): Selector | undefined {
  if (!requirements.every(valid)) {
    return undefined;
  }
  if (requirements.length === 0) {
    return EVERYTHING;
  }
  if (requirements.length === 1) {
    const [r] = requirements;
    return { empty: false, requirements, matches: (labels) => requirementMatches(r, labels) };
  }
  return { empty: false, requirements, matches: (labels) => requirements.every((r) => requirementMatches(r, labels)) };
}

/** SelectorFromSet: every key must be present with exactly that value ({} selects everything). */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  const reqs = Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] }));
  return fromRequirements(reqs) ?? NOTHING;
}

/** LabelSelectorAsSelector: null/undefined selects nothing, {} everything; malformed selects nothing. */
export function labelSelector(sel: LabelSelector | null | undefined): Selector {
  if (sel === null || sel === undefined) {
    return NOTHING;
  }
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  for (const e of sel.matchExpressions ?? []) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) {
      return NOTHING;
    }
    reqs.push({ key: e.key, operator: e.operator as Operator, values: e.values ?? [] });
  }
  return fromRequirements(reqs) ?? NOTHING;
}

/** A selector with extra requirements ANDed in (Selector.Add). */
export function addRequirements(sel: Selector, extra: readonly Requirement[]): Selector {
  if (extra.length === 0 || sel === NOTHING) {
    return sel;
  }
  return fromRequirements([...sel.requirements, ...extra]) ?? NOTHING;
}
