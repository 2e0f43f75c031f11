import { controllerOwnerRef } from 'src/controllers/common/pods';
import { COMPLETION_INDEX, TRACKING_FINALIZER } from 'src/controllers/job/job-pods';
import type { KubeObject } from 'src/registry/generic/object';

// Semantics: kubernetes pkg/controller/job/job_controller.go manageJob (pod template, tracking
// finalizer), indexed_job_utils.go (completion index annotation, label, env, hostname, generateName)
// and pkg/controller/controller_utils.go GetPodFromTemplate.

/** The env var through which Indexed Job pods learn their index. */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: the longest generateName prefix the apiserver keeps. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** A Job as the owner of its pods (informer objects may lack apiVersion and kind). */
export function asJob(job: KubeObject): KubeObject {
  return { ...job, apiVersion: 'batch/v1', kind: 'Job' };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix stays within 58 characters. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/** addCompletionIndexEnvVariable: JOB_COMPLETION_INDEX from the completion-index label, unless the container sets it. */
function addIndexEnv(container: Record<string, any>): void {
  const env: Record<string, any>[] = (container.env ??= []);
  if (env.some((e) => e.name === COMPLETION_INDEX_ENV)) {
    return;
  }
  env.push({ name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } });
}

/**
 * The pod the Job creates: its template with the tracking finalizer and the Job as controller;
 * Indexed pods also get the completion index (annotation, label, env), hostname `<job>-<index>`
 * and generateName `<job>-<index>-`. Others are named `<job>-<random>`.
 */
export function podForJob(job: KubeObject, index?: number): KubeObject {
  const template: Record<string, any> = structuredClone(job.spec?.template ?? {});
  const meta: Record<string, any> = template.metadata ?? {};
  const spec: Record<string, any> = template.spec ?? {};
  const name = job.metadata.name ?? '';
  const labels: Record<string, string> = { ...(meta.labels ?? {}) };
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  const finalizers: string[] = [...(meta.finalizers ?? [])];
  if (!finalizers.includes(TRACKING_FINALIZER)) {
    finalizers.push(TRACKING_FINALIZER);
  }
  let generateName = `${name}-`;
  if (job.spec?.completionMode === 'Indexed') {
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      addIndexEnv(c);
    }
  }
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    spec.hostname = `${name}-${index}`;
    generateName = generateNameWithIndex(name, index);
  }
  const metadata: Record<string, any> = { generateName, namespace: job.metadata.namespace, finalizers, ownerReferences: [controllerOwnerRef(asJob(job))] };
  if (Object.keys(labels).length > 0) {
    metadata.labels = labels;
  }
  if (Object.keys(annotations).length > 0) {
    metadata.annotations = annotations;
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
