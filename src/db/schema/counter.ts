import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The global resourceVersion counter (one row, id = 1). Every write transaction locks it, which
 * makes resourceVersions gapless and equal to commit order; group commit amortises the lock.
 */
export const rvCounter = pgTable('rv_counter', {
  id: integer('id').primaryKey(),
  rv: bigint('rv', { mode: 'number' }).notNull(),
  /** Highest resourceVersion whose history has been deleted; older RVs get 410 Expired. */
  compactedRv: bigint('compacted_rv', { mode: 'number' }).notNull().default(0),
});

/** Small key/value state owned by the apiserver (e.g. the cluster's creation marker). */
export const clusterState = pgTable('cluster_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
