// Semantics: kube-scheduler framework/plugins/helper/normalize_score.go DefaultNormalizeScore.

/** framework.MaxNodeScore: every plugin's normalized score is in 0..100. */
export const MAX_NODE_SCORE = 100;

/**
 * Scales scores to 0..maxPriority by the highest one (integer division, as Go does); `reverse`
 * turns it around so the lowest raw score wins. All zero: 0 each, or maxPriority when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  const maxCount = scores.reduce((m, s) => (s > m ? s : m), 0);
  for (let i = 0; i < scores.length; i++) {
    if (maxCount === 0) {
      scores[i] = reverse ? maxPriority : scores[i];
      continue;
    }
    const s = Math.trunc((maxPriority * scores[i]) / maxCount);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

/** The map key of a topology pair (label key and value). */
export function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** Whether a label set has a key. */
export function hasLabel(labels: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
