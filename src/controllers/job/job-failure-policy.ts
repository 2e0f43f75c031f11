import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/pod_failure_policy.go matchPodFailurePolicy: rules are
// tried in order, the first whose exit codes or pod conditions match decides.

/** What a failed pod means under the Job's podFailurePolicy. */
export interface FailurePolicyMatch {
  /** The FailJob message when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit (false for Ignore). */
  countFailed: boolean;
  /** The action of the matching rule, if any. */
  action?: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
}

type Obj = Record<string, any>;

function exitCodeMatches(code: number, req: Obj): boolean {
  const values: number[] = req.values ?? [];
  if (req.operator === 'In') {
    return values.includes(code);
  }
  if (req.operator === 'NotIn') {
    return !values.includes(code);
  }
  return false;
}

/** The first terminated container (regular, then init) with a non-zero exit code matching the requirement. */
function matchExitCodes(status: Obj, req: Obj): Obj | undefined {
  for (const list of [status.containerStatuses, status.initContainerStatuses]) {
    for (const cs of (list as Obj[] | undefined) ?? []) {
      const terminated = cs.state?.terminated;
      if (!terminated) {
        continue;
      }
      if (req.containerName != null && req.containerName !== cs.name) {
        continue;
      }
      const code = Number(terminated.exitCode ?? 0);
      if (code !== 0 && exitCodeMatches(code, req)) {
        return { name: cs.name, exitCode: code };
      }
    }
  }
  return undefined;
}

function matchConditions(status: Obj, patterns: Obj[]): Obj | undefined {
  for (const c of (status.conditions as Obj[] | undefined) ?? []) {
    if (patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status)) {
      return c;
    }
  }
  return undefined;
}

/**
 * matchPodFailurePolicy for a failed pod. Without a policy, or when no rule matches, the failure
 * counts. FailIndex only applies with backoffLimitPerIndex, which this controller does not
 * implement, so such rules are skipped as upstream skips them with the feature off.
 */
export function matchPodFailurePolicy(policy: Obj | undefined, pod: KubeObject): FailurePolicyMatch {
  if (!policy) {
    return { countFailed: true };
  }
  const status: Obj = pod.status ?? {};
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of ((policy.rules as Obj[] | undefined) ?? []).entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes != null) {
      const c = matchExitCodes(status, rule.onExitCodes);
      if (!c) {
        continue;
      }
      failJobMessage = `Container ${c.name} for pod ${where} failed with exit code ${c.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions != null) {
      const c = matchConditions(status, rule.onPodConditions);
      if (!c) {
        continue;
      }
      failJobMessage = `Pod ${where} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailJob':
        return { countFailed: true, action: 'FailJob', failJobMessage };
      default:
        break;
    }
  }
  return { countFailed: true };
}
