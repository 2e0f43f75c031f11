import { fromLabelSelector, type LabelRequirement, type MetaLabelSelector } from 'src/registry/generic/label-selector';

// Semantics: k8s.io/apimachinery pkg/labels/labels.go FormatLabels, pkg/labels/selector.go
// Requirement.String / internalSelector.String and pkg/apis/meta/v1/helpers.go FormatLabelSelector.

const OPERATOR_SPELLING: Record<LabelRequirement['operator'], string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

function requirementString(r: LabelRequirement): string {
  if (r.operator === 'exists') {
    return r.key;
  }
  if (r.operator === '!') {
    return `!${r.key}`;
  }
  const values = [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${OPERATOR_SPELLING[r.operator]}${set ? `(${values})` : values}`;
}

/** A label map as `a=b,c=d` (keys sorted), `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${labels![k]}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/**
 * The selector string of a metav1.LabelSelector (LabelSelectorAsSelector(...).String()):
 * requirements sorted by key, `''` for an empty or absent selector, undefined when invalid.
 */
export function labelSelectorString(selector: MetaLabelSelector | null | undefined): string | undefined {
  if (selector === null || selector === undefined) {
    return '';
  }
  try {
    return fromLabelSelector(selector).requirements.map(requirementString).join(',');
  } catch {
    return undefined;
  }
}

/** FormatLabelSelector: the selector string, `<none>` when it is empty, `<error>` when invalid. */
export function formatLabelSelector(selector: MetaLabelSelector | null | undefined): string {
  const text = labelSelectorString(selector);
  if (text === undefined) {
    return '<error>';
  }
  return text === '' ? '<none>' : text;
}
