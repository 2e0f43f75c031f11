import { bigint, index, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { keyText } from 'src/db/schema/columns';

/**
 * Append-only change history keyed by resourceVersion, kept for the watch window and then
 * compacted. `prev` holds the object as it was before a MODIFIED or DELETED event, which lets a
 * paginated list rebuild the state at an older resourceVersion from current rows plus history.
 */
export const events = pgTable(
  'events',
  {
    rv: bigint('rv', { mode: 'number' }).primaryKey(),
    resource: keyText('resource').notNull(),
    namespace: keyText('namespace').notNull(),
    name: keyText('name').notNull(),
    /** 1 ADDED, 2 MODIFIED, 3 DELETED. */
    type: smallint('type').notNull(),
    data: text('data').notNull(),
    prev: text('prev'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_resource_rv').on(t.resource, t.rv), index('events_created_at').on(t.createdAt)],
);
