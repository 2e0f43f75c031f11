import type { Expectations } from 'src/controllers/runtime/expectations';
import type { BackoffRecord } from 'src/controllers/job/job-backoff';
import type { JobCondition } from 'src/controllers/job/job-conditions';
import type { Intervals } from 'src/controllers/job/job-indexes';
import type { KubeObject } from 'src/registry/generic/object';

/** Tunables of the Job controller (proposed ControllerOptions additions; tests shorten them). */
export interface JobControllerOptions {
  /** First delay before pods are re-created after a failure (DefaultJobPodFailureBackOff, 10 s); doubles per failure. */
  jobPodFailureBackoffMs: number;
  /** Longest such delay (MaxJobPodFailureBackOff, 10 min in the code; the docs say 6 min). */
  jobPodFailureMaxBackoffMs: number;
  /** Delay before a sync triggered by pod events and status updates (syncJobBatchPeriod, 1 s). */
  jobSyncBatchPeriodMs: number;
}

/** The upstream values of JobControllerOptions. */
export const DEFAULT_JOB_OPTIONS: JobControllerOptions = {
  jobPodFailureBackoffMs: 10_000,
  jobPodFailureMaxBackoffMs: 10 * 60_000,
  jobSyncBatchPeriodMs: 1_000,
};

/** The Job options found among a controller context's options (missing ones take upstream's values). */
export function jobOptions(options: object): JobControllerOptions {
  const o = options as Partial<JobControllerOptions>;
  return {
    jobPodFailureBackoffMs: o.jobPodFailureBackoffMs ?? DEFAULT_JOB_OPTIONS.jobPodFailureBackoffMs,
    jobPodFailureMaxBackoffMs: o.jobPodFailureMaxBackoffMs ?? DEFAULT_JOB_OPTIONS.jobPodFailureMaxBackoffMs,
    jobSyncBatchPeriodMs: o.jobSyncBatchPeriodMs ?? DEFAULT_JOB_OPTIONS.jobSyncBatchPeriodMs,
  };
}

/**
 * Pod UIDs whose tracking finalizer the controller removed but has not yet seen removed in its
 * cache, per Job key. Semantics: pkg/controller/job/tracking_utils.go uidTrackingExpectations.
 */
export class FinalizerExpectations {
  private readonly byKey = new Map<string, Set<string>>();

  /** The UIDs still expected for the Job. */
  expected(key: string): Set<string> {
    return new Set(this.byKey.get(key));
  }

  /** Records removals about to be issued. */
  expect(key: string, uids: string[]): void {
    let set = this.byKey.get(key);
    if (!set) {
      this.byKey.set(key, (set = new Set()));
    }
    uids.forEach((u) => set.add(u));
  }

  /** A removal was seen (or failed). */
  observed(key: string, uid: string): void {
    this.byKey.get(key)?.delete(uid);
  }

  /** Forgets a deleted Job. */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}

/**
 * Everything syncJob does to the world, as plain functions: the reconciler wires them to the API
 * and the caches, unit tests to fakes.
 */
export interface JobSyncDeps {
  now(): Date;
  options: JobControllerOptions;
  expectations: Expectations;
  finalizerExpectations: FinalizerExpectations;
  /** Failure back-off records by Job key. */
  backoff: Map<string, BackoffRecord>;
  /** The pods the Job controls after adoption/release (the cache's objects; adopted ones carry the finalizer). */
  podsForJob(job: KubeObject): Promise<KubeObject[]>;
  /** Creates a pod for the Job (events SuccessfulCreate / FailedCreate). */
  createPod(job: KubeObject, pod: KubeObject): Promise<void>;
  /** Deletes a pod of the Job (events SuccessfulDelete / FailedDelete); NotFound rejects. */
  deletePod(job: KubeObject, pod: KubeObject): Promise<void>;
  /** Strategic-merge-patches a pod; NotFound rejects. */
  patchPod(pod: KubeObject, patch: Record<string, unknown>): Promise<void>;
  /** PUTs the Job's status and resolves with the stored Job. */
  updateStatus(job: KubeObject): Promise<KubeObject>;
  event(job: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Syncs the Job again after a delay. */
  requeueAfter(key: string, ms: number): void;
  /** Whether an error means the object is gone. */
  isNotFound(err: unknown): boolean;
  /** Whether a create failed because the namespace is terminating. */
  isNamespaceTerminating(err: unknown): boolean;
}

/** The state of one syncJob run (syncJobCtx). */
export interface JobSyncContext {
  key: string;
  /** The working copy; its status is what gets written. */
  job: KubeObject;
  pods: KubeObject[];
  activePods: KubeObject[];
  finishedCondition?: JobCondition;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  newBackoff: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  terminating: number;
  ready: number;
}
