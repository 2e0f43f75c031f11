import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { keyText } from 'src/db/schema/columns';

/**
 * Current state: one row per live object. Keys are `COLLATE "C"` text so that range scans over
 * (resource, namespace, name) use the primary key (see the kine collation incidents in storage.md).
 */
export const objects = pgTable(
  'objects',
  {
    resource: keyText('resource').notNull(),
    namespace: keyText('namespace').notNull(),
    name: keyText('name').notNull(),
    /** resourceVersion of the last write to this object. */
    rv: bigint('rv', { mode: 'number' }).notNull(),
    uid: text('uid').notNull(),
    /** The object as JSON text, resourceVersion included; served as is. */
    data: text('data').notNull(),
    /**
     * What the watch cache's selectors read (labels and selectable fields) as small JSON, so a
     * starting apiserver need not parse every object; NULL (rows written before it) means parse `data`.
     */
    attrs: text('attrs'),
  },
  (t) => [primaryKey({ columns: [t.resource, t.namespace, t.name] }), index('objects_resource_rv').on(t.resource, t.rv)],
);
