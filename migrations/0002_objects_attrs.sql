-- Idempotent: a start that finds it unrecorded may apply it again.
ALTER TABLE "objects" ADD COLUMN IF NOT EXISTS "attrs" text;
