import { parseIntervals, totalIndexes, type Intervals } from 'src/controllers/job/job-indexes';

// Semantics: kubernetes pkg/controller/job/success_policy.go matchSuccessPolicy (Indexed Jobs only).

/** How many of the rule's indexes have succeeded. */
function overlap(rule: Intervals, succeeded: Intervals): number {
  let n = 0;
  let r = 0;
  let s = 0;
  while (r < rule.length && s < succeeded.length) {
    const o = Math.min(rule[r].last, succeeded[s].last) - Math.max(rule[r].first, succeeded[s].first) + 1;
    if (o > 0) {
      n += o;
    }
    if (succeeded[s].last < rule[r].last) {
      s++;
    } else if (succeeded[s].last > rule[r].last) {
      r++;
    } else {
      s++;
      r++;
    }
  }
  return n;
}

/**
 * The SuccessCriteriaMet message ("Matched rules at index <i>") of the first successPolicy rule the
 * succeeded indexes satisfy, or undefined.
 */
export function matchSuccessPolicy(policy: Record<string, any> | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || succeeded.length === 0) {
    return undefined;
  }
  for (const [index, rule] of ((policy.rules as Record<string, any>[] | undefined) ?? []).entries()) {
    const count = rule.succeededCount as number | undefined;
    if (rule.succeededIndexes != null) {
      const required = parseIntervals(String(rule.succeededIndexes), completions);
      if (required.length === 0) {
        continue;
      }
      const got = overlap(required, succeeded);
      if (got === totalIndexes(required) || (count != null && got >= count)) {
        return `Matched rules at index ${index}`;
      }
    } else if (count != null && totalIndexes(succeeded) >= count) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
