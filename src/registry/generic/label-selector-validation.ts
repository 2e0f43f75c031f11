import type { FieldError } from 'src/registry/generic/object';
import { fromLabelSelector, type LabelSelector, type MetaLabelSelector } from 'src/registry/generic/label-selector';
import { forbidden, invalid, required } from 'src/registry/generic/field-errors';
import { isLabelValue } from 'src/registry/generic/formats';
import { validateLabelName, validateLabels } from 'src/registry/generic/validation';

// Semantics: k8s.io/apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelSelector
// and ValidateLabelSelectorRequirement (strict: label values in expressions are checked).

/** ValidateLabelSelector: matchLabels like labels, each expression with a known operator and fitting values. */
export function validateLabelSelector(sel: MetaLabelSelector | null | undefined, field: string): FieldError[] {
  if (!sel) {
    return [];
  }
  const errs = validateLabels(sel.matchLabels ?? undefined, `${field}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(invalid(`${path}.operator`, expr.operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key, `${path}.key`));
    values.forEach((v, j) => errs.push(...isLabelValue(v).map((m) => invalid(`${path}.values[${j}]`, v, m))));
  });
  return errs;
}

/** LabelSelectorAsSelector: the compiled selector, or undefined when the selector cannot be converted. */
export function compileLabelSelector(sel: MetaLabelSelector | null | undefined): LabelSelector | undefined {
  try {
    return fromLabelSelector(sel);
  } catch {
    return undefined;
  }
}
