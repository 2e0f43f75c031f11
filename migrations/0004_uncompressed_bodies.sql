-- Idempotent: a start that finds it unrecorded may apply it again.
-- Object bodies (a pod is ~3.6 KB of JSON) are stored out of line WITHOUT pglz compression: pglz
-- was a quarter of Postgres's CPU per create, spent inside the counter lock that orders every
-- write (bench: 0.25 -> 0.19 ms of Postgres CPU per create), for ~1.7x the disk. Rows written
-- before this migration stay compressed; both read the same.
ALTER TABLE "events" ALTER COLUMN "data" SET STORAGE EXTERNAL, ALTER COLUMN "prev" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "objects" ALTER COLUMN "data" SET STORAGE EXTERNAL;
