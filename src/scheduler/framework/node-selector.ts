import { fromRequirements, selectorFromSet, type Labels, type Operator, type Requirement } from 'src/scheduler/framework/labels';

// Semantics: k8s.io/component-helpers scheduling/corev1/nodeaffinity (LazyErrorNodeSelector,
// nodeSelectorTerm.match, GetRequiredNodeAffinity, PreferredSchedulingTerms.Score).

/** core/v1 NodeSelectorRequirement as JSON. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** core/v1 NodeSelectorTerm as JSON. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** Matches a node by its labels and name. */
export type NodeMatcher = (labels: Labels, name: string) => boolean;

const NEVER: NodeMatcher = () => false;
const NODE_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

/**
 * One term: its expressions ANDed over labels, its fields over `metadata.name`. A term with a
 * parse error, or with neither expressions nor fields, matches no node.
 */
export function compileTerm(term: NodeSelectorTerm | null | undefined): NodeMatcher {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) {
    return NEVER;
  }
  let labels: NodeMatcher | undefined;
  if (exprs.length > 0) {
    if (!exprs.every((e) => NODE_OPERATORS.has(e.operator))) {
      return NEVER;
    }
    const sel = fromRequirements(exprs.map((e): Requirement => ({ key: e.key, operator: e.operator as Operator, values: e.values ?? [] })));
    if (!sel) {
      return NEVER;
    }
    labels = (l) => sel.matches(l);
  }
  const checks: ((name: string) => boolean)[] = [];
  for (const f of fields) {
    if ((f.values ?? []).length !== 1 || (f.operator !== 'In' && f.operator !== 'NotIn')) {
      return NEVER;
    }
    const value = f.values![0];
    const actual = (name: string): string => (f.key === 'metadata.name' ? name : '');
    checks.push(f.operator === 'In' ? (name) => actual(name) === value : (name) => actual(name) !== value);
  }
  return (l, name) => (labels === undefined || labels(l, name)) && checks.every((c) => c(name));
}

/** A NodeSelector: its terms ORed. */
export function compileNodeSelector(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const compiled = terms.map(compileTerm);
  return (l, name) => compiled.some((m) => m(l, name));
}

/** A pod's required node constraints: spec.nodeSelector AND required node affinity (undefined = none). */
export function requiredNodeAffinity(spec: any): NodeMatcher | undefined {
  const nodeSelector: Record<string, string> | undefined = spec?.nodeSelector;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const bySelector = nodeSelector && Object.keys(nodeSelector).length > 0 ? selectorFromSet(nodeSelector) : undefined;
  const byAffinity = required ? compileNodeSelector(required.nodeSelectorTerms ?? []) : undefined;
  if (!bySelector && !byAffinity) {
    return undefined;
  }
  return (l, name) => (!bySelector || bySelector.matches(l)) && (!byAffinity || byAffinity(l, name));
}

/** The sum of the weights of a pod's preferred node affinity terms matching a node (undefined = none). */
export function preferredNodeAffinity(spec: any): NodeScoreFn | undefined {
  const terms: { weight?: number; preference?: NodeSelectorTerm }[] | undefined = spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!terms) {
    return undefined;
  }
  const weighted = terms.filter((t) => (t.weight ?? 0) !== 0).map((t) => ({ weight: t.weight!, match: compileTerm(t.preference) }));
  return (l, name) => weighted.reduce((sum, t) => (t.match(l, name) ? sum + t.weight : sum), 0);
}

/** Scores a node by its labels and name. */
export type NodeScoreFn = (labels: Labels, name: string) => number;
