import type { FieldError } from 'src/registry/generic/object';
import { validateQualifiedName } from 'src/registry/core/validation/container';
import { duplicate, invalid, notSupported, required, validateNonnegativeField } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/batch/validation/validation.go validatePodFailurePolicy,
// validateSuccessPolicy, validatePodReplacementPolicy and validateIndexesFormat (1.35). The
// TooMany limits (20 rules, 255 exit codes, 20 patterns) are not enforced: the field error
// table has no TooMany type yet.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];

/** Go's %q of a list of strings: `["a" "b"]`. */
function goQuoteList(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function validateOnExitCodes(req: Obj, path: string, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!req.operator) {
    errs.push(required(`${path}.operator`, `valid values: ${goQuoteList(EXIT_CODE_OPERATORS)}`));
  } else if (!EXIT_CODE_OPERATORS.includes(req.operator)) {
    errs.push(notSupported(`${path}.operator`, req.operator, EXIT_CODE_OPERATORS));
  }
  if (req.containerName != null && !containerNames.has(req.containerName)) {
    errs.push(invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values: number[] = req.values ?? [];
  if (values.length === 0) {
    errs.push(invalid(`${path}.values`, values, 'at least one value is required'));
  }
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (req.operator === 'In' && v === 0) {
      errs.push(invalid(`${path}.values[${j}]`, v, 'must not be 0 for the In operator'));
    }
    if (seen.has(v)) {
      errs.push(duplicate(`${path}.values[${j}]`, v));
    }
    seen.add(v);
    if (j > 0 && values[j - 1] > v) {
      ordered = false;
    }
  });
  if (!ordered) {
    errs.push(invalid(`${path}.values`, values, 'must be ordered'));
  }
  return errs;
}

function validateOnPodConditions(patterns: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  patterns.forEach((p, j) => {
    errs.push(...validateQualifiedName(p.type ?? '', `${path}[${j}].type`));
    if (!p.status) {
      errs.push(required(`${path}[${j}].status`, `valid values: ${goQuoteList(CONDITION_STATUSES)}`));
    } else if (!CONDITION_STATUSES.includes(p.status)) {
      errs.push(notSupported(`${path}[${j}].status`, p.status, CONDITION_STATUSES));
    }
  });
  return errs;
}

/** validatePodFailurePolicy: each rule's action and exactly one of onExitCodes / onPodConditions. */
export function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const podSpec: Obj = spec.template?.spec ?? {};
  const names = new Set<string>([...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map((c: Obj) => c.name));
  (spec.podFailurePolicy?.rules ?? []).forEach((rule: Obj, i: number) => {
    const rp = `${path}.rules[${i}]`;
    if (!rule.action) {
      errs.push(required(`${rp}.action`, `valid values: ${goQuoteList(ACTIONS)}`));
    } else if (rule.action === 'FailIndex') {
      if (spec.backoffLimitPerIndex == null) {
        errs.push(invalid(`${rp}.action`, rule.action, 'requires the backoffLimitPerIndex to be set'));
      }
    } else if (!ACTIONS.includes(rule.action)) {
      errs.push(notSupported(`${rp}.action`, rule.action, ACTIONS));
    }
    const conditions: Obj[] = rule.onPodConditions ?? [];
    if (rule.onExitCodes != null) {
      errs.push(...validateOnExitCodes(rule.onExitCodes, `${rp}.onExitCodes`, names));
    }
    if (conditions.length > 0) {
      errs.push(...validateOnPodConditions(conditions, `${rp}.onPodConditions`));
    }
    if (rule.onExitCodes != null && conditions.length > 0) {
      errs.push({ type: 'FieldValueInvalid', field: rp, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
    }
    if (rule.onExitCodes == null && conditions.length === 0) {
      errs.push({ type: 'FieldValueInvalid', field: rp, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
    }
  });
  return errs;
}

/** validateIndexesFormat: `1,3-5` style intervals, increasing and below completions; returns the count or the error. */
export function indexesFormat(text: string, completions: number): number | Error {
  if (text.length === 0) {
    return 0;
  }
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) {
      return new Error(`the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`);
    }
    const bounds: number[] = [];
    for (const limit of limits) {
      if (!/^[+-]?\d+$/.test(limit)) {
        return new Error(`cannot convert string to integer for index: ${JSON.stringify(limit)}`);
      }
      const x = Number(limit);
      if (x >= completions) {
        return new Error(`too large index: ${JSON.stringify(limit)}`);
      }
      if (last !== undefined && last >= x) {
        return new Error(`non-increasing order, previous: ${last}, current: ${x}`);
      }
      bounds.push(x);
      last = x;
    }
    total += bounds.length === 2 ? bounds[1] - bounds[0] + 1 : 1;
  }
  return total;
}

/** validateSuccessPolicy: rules present, each with succeededIndexes and/or succeededCount within completions. */
export function validateSuccessPolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules: Obj[] = spec.successPolicy?.rules ?? [];
  const completions: number = spec.completions ?? 0;
  if (rules.length === 0) {
    errs.push(required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  }
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    if (rule.succeededCount == null && rule.succeededIndexes == null) {
      errs.push(required(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let total = 0;
    if (rule.succeededIndexes != null) {
      const parsed = indexesFormat(rule.succeededIndexes, completions);
      if (parsed instanceof Error) {
        errs.push(invalid(`${rp}.succeededIndexes`, rule.succeededIndexes, `error parsing succeededIndexes: ${parsed.message}`));
      } else {
        total = parsed;
      }
    }
    if (rule.succeededCount != null) {
      const cp = `${rp}.succeededCount`;
      errs.push(...validateNonnegativeField(rule.succeededCount, cp));
      if (rule.succeededCount > completions) {
        errs.push(invalid(cp, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      }
      if (rule.succeededIndexes != null && rule.succeededCount > total) {
        errs.push(invalid(cp, rule.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

/** validatePodReplacementPolicy: Failed only with a podFailurePolicy, else Failed or TerminatingOrFailed. */
export function validatePodReplacementPolicy(spec: Obj, path: string): FieldError[] {
  const policy = spec.podReplacementPolicy;
  if (policy == null) {
    return [];
  }
  if (spec.podFailurePolicy != null) {
    return policy === 'Failed' ? [] : [notSupported(path, policy, ['Failed'])];
  }
  return ['Failed', 'TerminatingOrFailed'].includes(policy) ? [] : [notSupported(path, policy, ['Failed', 'TerminatingOrFailed'])];
}
