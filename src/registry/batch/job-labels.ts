// Semantics: kubernetes pkg/apis/batch/types.go JobNameLabel, ControllerUidLabel and their legacy
// (unprefixed) forms, which generateSelector puts on every Job's pod template.

/** batch.JobNameLabel. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** batch.ControllerUidLabel, the label a Job's generated selector selects on. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** batch.LegacyJobNameLabel. */
export const LEGACY_JOB_NAME_LABEL = 'job-name';
/** batch.LegacyControllerUidLabel. */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
