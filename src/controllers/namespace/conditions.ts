/** core/v1 NamespaceCondition. */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The condition types the namespace controller maintains, in upstream's order. */
export const DELETION_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type DeletionConditionType = (typeof DELETION_CONDITION_TYPES)[number];

const OK: Record<DeletionConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one pass of content deletion ran into. */
export interface DeletionReport {
  /** Discovery failed outright (the error text). */
  discoveryError?: string;
  /** Discovery failed for some group versions: group version → error text. */
  failedGroups?: Map<string, string>;
  /** A group version string that does not parse (the error text). */
  groupVersionError?: string;
  /** One message per resource whose content could not be deleted. */
  contentErrors: string[];
  /** Remaining objects per resource, keyed `resource.group` (`pods.` for the core group). */
  remainingByResource: Map<string, number>;
  /** Remaining objects per finalizer they carry. */
  remainingByFinalizer: Map<string, number>;
}

/**
 * The five deletion conditions (without timestamps) for a report: the failure variant (True) of
 * each type that applies, the "ok" variant (False) of the others.
 * Semantics: kubernetes pkg/controller/namespace/deletion/status_condition_utils.go.
 */
export function deletionConditions(report: DeletionReport): NamespaceCondition[] {
  const failing = new Map<DeletionConditionType, { reason: string; message: string }>();
  if (report.failedGroups && report.failedGroups.size > 0) {
    const groups = [...report.failedGroups].map(([gv, err]) => `${gv}: ${err}`).sort();
    const err = `unable to retrieve the complete list of server APIs: ${groups.join(', ')}`;
    failing.set('NamespaceDeletionDiscoveryFailure', { reason: 'DiscoveryFailed', message: `Discovery failed for some groups, ${report.failedGroups.size} failing: ${err}` });
  } else if (report.discoveryError) {
    failing.set('NamespaceDeletionDiscoveryFailure', { reason: 'DiscoveryFailed', message: report.discoveryError });
  }
  if (report.groupVersionError) {
    failing.set('NamespaceDeletionGroupVersionParsingFailure', { reason: 'GroupVersionParsingFailed', message: report.groupVersionError });
  }
  if (report.contentErrors.length > 0) {
    const msgs = [...report.contentErrors].sort();
    failing.set('NamespaceDeletionContentFailure', {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  const resources = [...report.remainingByResource].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`);
  if (report.remainingByResource.size > 0) {
    failing.set('NamespaceContentRemaining', { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.sort().join(', ')}` });
  }
  const finalizers = [...report.remainingByFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`);
  if (report.remainingByFinalizer.size > 0) {
    failing.set('NamespaceFinalizersRemaining', {
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${finalizers.sort().join(', ')}`,
    });
  }
  return DELETION_CONDITION_TYPES.map((type) => {
    const f = failing.get(type);
    return f ? { type, status: 'True', ...f } : { type, status: 'False', ...OK[type] };
  });
}

/**
 * Merges the desired deletion conditions into a namespace's conditions: new types are appended,
 * changed ones updated in place (lastTransitionTime moves only when the status flips), others kept.
 * Semantics: status_condition_utils.go updateConditions.
 */
export function mergeConditions(existing: NamespaceCondition[] | undefined, desired: NamespaceCondition[], now: string): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = (existing ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const want of desired) {
    const have = conditions.find((c) => c.type === want.type);
    if (!have) {
      conditions.push({ type: want.type, status: want.status, lastTransitionTime: now, reason: want.reason, message: want.message });
      changed = true;
      continue;
    }
    if (have.status !== want.status || have.reason !== want.reason || have.message !== want.message) {
      if (have.status !== want.status) {
        have.lastTransitionTime = now;
      }
      have.status = want.status;
      have.reason = want.reason;
      have.message = want.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
