// What the default admission chain of kube-apiserver visibly adds to a new pod, so that stored
// pods look like those of a real cluster (the ServiceAccount plugin is in service-account.ts).
// Semantics: plugin/pkg/admission/priority,
// plugin/pkg/admission/defaulttolerationseconds (kube-apiserver 1.35).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** The built-in priority classes and their values (scheduling/v1 SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Taints tolerated for 300 s by every pod that does not tolerate them already. */
export const DEFAULT_TOLERATED_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** Seconds of the default tolerations (--default-not-ready/unreachable-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * Priority admission: priority from the class (0 without one, as no class is a global default)
 * and preemptionPolicy PreemptLowerPriority. Unknown class names are left for a later
 * PriorityClass-aware admission.
 */
export function admitPriority(spec: Obj): void {
  const className: string | undefined = spec.priorityClassName;
  if (spec.priority == null) {
    if (!className) {
      spec.priority = 0;
    } else if (className in SYSTEM_PRIORITY_CLASSES) {
      spec.priority = SYSTEM_PRIORITY_CLASSES[className];
    }
  }
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** On update the Priority plugin keeps what it set on create when the new object omits it. */
export function keepPriorityOnUpdate(spec: Obj, old: Obj | undefined): void {
  if (spec.priority == null && old?.priority != null) {
    spec.priority = old.priority;
  }
  if (spec.preemptionPolicy == null && old?.preemptionPolicy != null) {
    spec.preemptionPolicy = old.preemptionPolicy;
  }
}

/**
 * DefaultTolerationSeconds admission (create and update): tolerate not-ready and unreachable
 * NoExecute taints for 300 s unless a toleration for them (or for every key/effect) exists.
 */
export function admitDefaultTolerations(spec: Obj): void {
  const tolerations: Obj[] = spec.tolerations ?? [];
  const missing = DEFAULT_TOLERATED_TAINTS.filter(
    (key) => !tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect)),
  );
  if (missing.length === 0) {
    return;
  }
  spec.tolerations = [
    ...tolerations,
    ...missing.map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS })),
  ];
}
