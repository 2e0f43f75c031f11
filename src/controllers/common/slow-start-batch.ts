/** The largest batch of concurrent writes (MaxBatchSize of the StatefulSet controller). */
export const MAX_BATCH_SIZE = 500;

/**
 * Runs `fn` over the items in batches of 1, 2, 4, ... (capped at MAX_BATCH_SIZE), the items of a
 * batch concurrently, and stops after the first batch with a failure. Returns how many succeeded
 * and the errors of that batch; items after it are never attempted.
 * Semantics: kubernetes pkg/controller/statefulset/stateful_set_control.go slowStartBatch,
 * replicaset slowStartBatch.
 */
export async function slowStartBatch<T>(items: T[], fn: (item: T) => Promise<void>, initialBatchSize = 1): Promise<{ successes: number; errors: unknown[] }> {
  let successes = 0;
  let pos = 0;
  for (let size = Math.min(items.length, initialBatchSize); size > 0; size = Math.min(2 * size, items.length - pos, MAX_BATCH_SIZE)) {
    const results = await Promise.allSettled(items.slice(pos, pos + size).map(fn));
    pos += size;
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    successes += size - errors.length;
    if (errors.length > 0) {
      return { successes, errors };
    }
  }
  return { successes, errors: [] };
}
