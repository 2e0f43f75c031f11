import type { FieldError } from 'src/registry/generic/object';
import { validateHandler, validateProbe } from 'src/registry/core/validation/handler';
import { validateContainerResources } from 'src/registry/core/validation/resources';
import {
  duplicate,
  forbidden,
  invalid,
  isConfigMapKey,
  isDNS1123Label,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  notSupported,
  required,
} from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/validation/validation.go validateContainers,
// validateInitContainers, validateContainerCommon, validateContainerPorts, ValidateEnv,
// ValidateEnvFrom, ValidateVolumeMounts, validateProbe and validateHandler (as of 1.35, where
// relaxed environment variable names are GA).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];

/** IsRelaxedEnvVarName: non-empty printable ASCII without '='. */
function relaxedEnvNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) {
    errs.push('environment variable name must be non-empty');
  }
  if ([...name].some((ch) => ch.charCodeAt(0) > 126 || ch.charCodeAt(0) < 32 || ch === '=')) {
    errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return errs;
}

function validateContainerPorts(ports: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const path = `${field}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) {
        errs.push(...msgs.map((m) => invalid(`${path}.name`, p.name, m)));
      } else if (names.has(p.name)) {
        errs.push(duplicate(`${path}.name`, p.name));
      } else {
        names.add(p.name);
      }
    }
    if (!p.containerPort) {
      errs.push(required(`${path}.containerPort`));
    } else {
      errs.push(...isValidPortNum(p.containerPort).map((m) => invalid(`${path}.containerPort`, p.containerPort, m)));
    }
    if (p.hostPort) {
      errs.push(...isValidPortNum(p.hostPort).map((m) => invalid(`${path}.hostPort`, p.hostPort, m)));
    }
    if (!p.protocol) {
      errs.push(required(`${path}.protocol`));
    } else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) {
      errs.push(notSupported(`${path}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    }
  });
  return errs;
}

function validateKeySelector(ref: Obj, field: string): FieldError[] {
  const errs = nameIsDNSSubdomain(ref.name ?? '', false).map((m) => invalid(`${field}.name`, ref.name ?? '', m));
  if (!ref.key) {
    errs.push(required(`${field}.key`));
  } else {
    errs.push(...isConfigMapKey(ref.key).map((m) => invalid(`${field}.key`, ref.key, m)));
  }
  return errs;
}

function validateEnv(env: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const path = `${field}[${i}]`;
    if (!ev.name) {
      errs.push(required(`${path}.name`));
    } else {
      errs.push(...relaxedEnvNameErrors(ev.name).map((m) => invalid(`${path}.name`, ev.name, m)));
    }
    const from = ev.valueFrom;
    if (!from) {
      return;
    }
    const fromPath = `${path}.valueFrom`;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => from[k] != null);
    if (from.fieldRef) {
      const fieldPath: string = from.fieldRef.fieldPath ?? '';
      if (!fieldPath) {
        errs.push(required(`${fromPath}.fieldRef.fieldPath`));
      } else if (!/^metadata\.(labels|annotations)\['.+'\]$/.test(fieldPath) && !ENV_FIELD_PATHS.includes(fieldPath)) {
        errs.push(notSupported(`${fromPath}.fieldRef.fieldPath`, fieldPath, [...ENV_FIELD_PATHS].sort()));
      }
    }
    if (from.resourceFieldRef && !from.resourceFieldRef.resource) {
      errs.push(required(`${fromPath}.resourceFieldRef.resource`));
    }
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      if (from[k]) {
        errs.push(...validateKeySelector(from[k], `${fromPath}.${k}`));
      }
    }
    if (sources.length === 0) {
      errs.push(invalid(fromPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    } else if (ev.value) {
      errs.push(invalid(fromPath, '', 'may not be specified when `value` is not empty'));
    } else if (sources.length > 1) {
      errs.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
    }
  });
  return errs;
}

function validateEnvFrom(envFrom: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (envFrom ?? []).forEach((ev, i) => {
    const path = `${field}[${i}]`;
    if (ev.prefix) {
      errs.push(...relaxedEnvNameErrors(ev.prefix).map((m) => invalid(`${path}.prefix`, ev.prefix, m)));
    }
    const sources = ['configMapRef', 'secretRef'].filter((k) => ev[k] != null);
    for (const k of sources) {
      const name = ev[k].name ?? '';
      errs.push(...(name ? nameIsDNSSubdomain(name, true).map((m) => invalid(`${path}.${k}.name`, name, m)) : [required(`${path}.${k}.name`)]));
    }
    if (sources.length === 0) {
      errs.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    } else if (sources.length > 1) {
      errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    if (!m.name) {
      errs.push(required(`${field}[${i}].name`));
    }
    if (!m.mountPath) {
      errs.push(required(`${field}[${i}].mountPath`));
    }
    if (paths.has(m.mountPath)) {
      errs.push(invalid(`${field}[${i}].mountPath`, m.mountPath, 'must be unique'));
    }
    paths.add(m.mountPath);
  });
  return errs;
}

/** validateContainerCommon: name, image, termination message policy, ports, env, mounts, pull policy, resources. */
function validateContainerCommon(c: Obj, field: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...(c.name ? isDNS1123Label(c.name).map((m) => invalid(`${field}.name`, c.name, m)) : [required(`${field}.name`)]));
  if (!c.image) {
    errs.push(required(`${field}.image`));
  }
  if (!c.terminationMessagePolicy) {
    errs.push(required(`${field}.terminationMessagePolicy`));
  } else if (!['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy)) {
    errs.push(notSupported(`${field}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validateContainerPorts(c.ports, `${field}.ports`));
  errs.push(...validateEnv(c.env, `${field}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${field}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts, `${field}.volumeMounts`));
  if (!c.imagePullPolicy) {
    errs.push(required(`${field}.imagePullPolicy`));
  } else if (!['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
    errs.push(notSupported(`${field}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateContainerResources(c.resources, `${field}.resources`));
  return errs;
}

/** validateContainers: at least one, names unique, probes and lifecycle valid, no restartPolicy. */
export function validateContainers(containers: Obj[] | undefined, field: string): FieldError[] {
  if (!containers?.length) {
    return [required(field)];
  }
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const path = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, path));
    if (names.has(c.name)) {
      errs.push(duplicate(`${path}.name`, c.name));
    } else {
      names.add(c.name);
    }
    for (const hook of ['postStart', 'preStop']) {
      if (c.lifecycle?.[hook]) {
        errs.push(...validateHandler(c.lifecycle[hook], `${path}.lifecycle.${hook}`));
      }
    }
    errs.push(...validateProbe(c.livenessProbe, 'liveness', `${path}.livenessProbe`));
    errs.push(...validateProbe(c.readinessProbe, 'readiness', `${path}.readinessProbe`));
    errs.push(...validateProbe(c.startupProbe, 'startup', `${path}.startupProbe`));
    if (c.restartPolicy != null) {
      errs.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
    }
  });
  return errs;
}

/** validateInitContainers: unique across all containers; probes only for restartable (sidecar) ones. */
export function validateInitContainers(init: Obj[] | undefined, regular: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>((regular ?? []).map((c) => c.name));
  (init ?? []).forEach((c, i) => {
    const path = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, path));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy != null && !sidecar) {
      errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
    }
    if (names.has(c.name)) {
      errs.push(duplicate(`${path}.name`, c.name));
    } else if (c.name) {
      names.add(c.name);
    }
    if (!sidecar && c.lifecycle != null) {
      errs.push(forbidden(`${path}.lifecycle`, 'may not be set for init containers without restartPolicy=Always'));
    }
    for (const hook of sidecar ? ['postStart', 'preStop'] : []) {
      if (c.lifecycle?.[hook]) {
        errs.push(...validateHandler(c.lifecycle[hook], `${path}.lifecycle.${hook}`));
      }
    }
    for (const [key, kind] of [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const) {
      if (sidecar) {
        errs.push(...validateProbe(c[key], kind, `${path}.${key}`));
      } else if (c[key] != null) {
        errs.push(forbidden(`${path}.${key}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** Qualified-name check used by readiness gates and scheduling gates. */
export function validateQualifiedName(value: string, field: string): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(field, value, m));
}
