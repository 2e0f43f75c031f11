import type { FieldError } from 'src/registry/generic/object';
import { validateContainers, validateInitContainers, validateQualifiedName } from 'src/registry/core/validation/container';
import { validateVolumes } from 'src/registry/core/validation/volume';
import {
  duplicate,
  forbidden,
  invalid,
  isDNS1123Label,
  isLabelValue,
  nameIsDNSSubdomain,
  notSupported,
  required,
  validateAnnotations,
  validateLabelName,
  validateLabels,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go ValidatePodSpec,
// ValidatePodTemplateSpec, ValidateTolerations, validatePodHostNetworkDeps (as of 1.35).
// Affinity, topology spread, sysctls and Windows options are not checked yet.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

/** Options of validatePodSpec. */
export interface PodSpecOptions {
  /** The spec belongs to a Pod rather than a template (stricter hostPort rules, image whitespace). */
  isPod?: boolean;
}

const MAX_INT32 = 2147483647;

/** ValidateTolerations: keys, operators, values and effects. */
export function validateTolerations(tolerations: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const path = `${field}[${i}]`;
    if (t.key) {
      errs.push(...validateLabelName(t.key, `${path}.key`));
    }
    if (!t.key && t.operator !== 'Exists') {
      errs.push(invalid(`${path}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute') {
      errs.push(invalid(`${path}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (!t.operator || t.operator === 'Equal') {
      const msgs = isLabelValue(t.value ?? '');
      if (msgs.length) {
        errs.push(invalid(`${path}.operator`, t.value ?? '', msgs.join(';')));
      }
    } else if (t.operator === 'Exists') {
      if (t.value) {
        errs.push(invalid(`${path}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      errs.push(notSupported(`${path}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      errs.push(notSupported(`${path}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  });
  return errs;
}

function validateHostNetworkPorts(spec: Obj, field: string, isPod: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.hostNetwork) {
    return errs;
  }
  (spec.containers ?? []).forEach((c: Obj, i: number) => {
    (c.ports ?? []).forEach((p: Obj, j: number) => {
      const hp = p.hostPort ?? 0;
      if ((isPod || hp !== 0) && hp !== p.containerPort) {
        errs.push(invalid(`${field}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateIds(sc: Obj | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['runAsUser', 'runAsGroup']) {
    const v = sc?.[k];
    if (typeof v === 'number' && (v < 0 || v > 4294967295)) {
      errs.push(invalid(`${field}.${k}`, v, 'must be between 0 and 4294967295, inclusive'));
    }
  }
  return errs;
}

function validateName(value: string | undefined, field: string, fn: (v: string) => string[]): FieldError[] {
  return value ? fn(value).map((m) => invalid(field, value, m)) : [];
}

/** ValidatePodSpec: everything a pod spec (of a pod or a template) must satisfy. */
export function validatePodSpec(spec: Obj | undefined, field: string, opts: PodSpecOptions = {}): FieldError[] {
  const s: Obj = spec ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds == null) {
    errs.push(required(`${field}.terminationGracePeriodSeconds`));
  }
  const volumes = validateVolumes(s.volumes, `${field}.volumes`);
  errs.push(...volumes.errors);
  errs.push(...validateContainers(s.containers, `${field}.containers`));
  errs.push(...validateInitContainers(s.initContainers, s.containers, `${field}.initContainers`));
  errs.push(...validateHostNetworkPorts(s, field, !!opts.isPod));
  if (!s.restartPolicy) {
    errs.push(required(`${field}.restartPolicy`));
  } else if (!['Always', 'OnFailure', 'Never'].includes(s.restartPolicy)) {
    errs.push(notSupported(`${field}.restartPolicy`, s.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (!s.dnsPolicy) {
    errs.push(required(`${field}.dnsPolicy`));
  } else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(s.dnsPolicy)) {
    errs.push(notSupported(`${field}.dnsPolicy`, s.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  errs.push(...validateLabels(s.nodeSelector, `${field}.nodeSelector`));
  errs.push(...validateIds(s.securityContext, `${field}.securityContext`));
  (s.imagePullSecrets ?? []).forEach((ref: Obj, i: number) => {
    if (Object.keys(ref ?? {}).some((k) => k !== 'name')) {
      errs.push(invalid(`${field}.imagePullSecrets[${i}]`, ref, 'only name may be set'));
    }
  });
  if (s.dnsPolicy === 'None') {
    if (!s.dnsConfig) {
      errs.push(required(`${field}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
    } else if (!s.dnsConfig.nameservers?.length) {
      errs.push(required(`${field}.dnsConfig.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
    }
  }
  (s.readinessGates ?? []).forEach((g: Obj, i: number) => errs.push(...validateQualifiedName(g.conditionType ?? '', `${field}.readinessGates[${i}].conditionType`)));
  const gates = new Set<string>();
  (s.schedulingGates ?? []).forEach((g: Obj, i: number) => {
    errs.push(...validateQualifiedName(g.name ?? '', `${field}.schedulingGates[${i}]`));
    if (gates.has(g.name)) {
      errs.push(duplicate(`${field}.schedulingGates[${i}]`, g.name));
    }
    gates.add(g.name);
  });
  errs.push(...validateName(s.serviceAccountName, `${field}.serviceAccountName`, (v) => nameIsDNSSubdomain(v, false)));
  errs.push(...validateName(s.nodeName, `${field}.nodeName`, (v) => nameIsDNSSubdomain(v, false)));
  if (s.activeDeadlineSeconds != null && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(invalid(`${field}.activeDeadlineSeconds`, s.activeDeadlineSeconds, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  errs.push(...validateName(s.hostname, `${field}.hostname`, isDNS1123Label));
  errs.push(...validateName(s.subdomain, `${field}.subdomain`, isDNS1123Label));
  errs.push(...validateTolerations(s.tolerations, `${field}.tolerations`));
  errs.push(...validateName(s.priorityClassName, `${field}.priorityClassName`, (v) => nameIsDNSSubdomain(v, false)));
  if (s.preemptionPolicy != null && !['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
    errs.push(s.preemptionPolicy ? notSupported(`${field}.preemptionPolicy`, s.preemptionPolicy, ['PreemptLowerPriority', 'Never']) : required(`${field}.preemptionPolicy`));
  }
  return errs;
}

/** Pod-only checks (validatePodMetadataAndSpec): image whitespace and service account token sources. */
export function validatePodOnly(spec: Obj | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers']) {
    (spec?.[list] ?? []).forEach((c: Obj, i: number) => {
      if (typeof c.image === 'string' && c.image.trim() !== c.image) {
        errs.push(invalid(`${field}.${list}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
      }
    });
  }
  if (!spec?.serviceAccountName) {
    (spec?.volumes ?? []).forEach((v: Obj, vi: number) => {
      (v.projected?.sources ?? []).forEach((src: Obj, si: number) => {
        if (src.serviceAccountToken) {
          errs.push(forbidden(`${field}.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  return errs;
}

/** ValidatePodTemplateSpec: template labels and annotations, the pod spec, no ephemeral containers. */
export function validatePodTemplateSpec(template: Obj | undefined, field: string): FieldError[] {
  const errs = validateLabels(template?.metadata?.labels, `${field}.labels`);
  errs.push(...validateAnnotations(template?.metadata?.annotations, `${field}.annotations`));
  errs.push(...validatePodSpec(template?.spec, `${field}.spec`));
  if (template?.spec?.ephemeralContainers?.length) {
    errs.push(forbidden(`${field}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
