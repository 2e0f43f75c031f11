import { customType } from 'drizzle-orm/pg-core';

/** Text compared byte-wise (`COLLATE "C"`), so btree range scans over keys work in any locale. */
export const keyText = customType<{ data: string }>({
  dataType() {
    return 'text COLLATE "C"';
  },
});
