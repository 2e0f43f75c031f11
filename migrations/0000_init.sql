CREATE TABLE "cluster_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rv_counter" (
	"id" integer PRIMARY KEY NOT NULL,
	"rv" bigint NOT NULL,
	"compacted_rv" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"rv" bigint PRIMARY KEY NOT NULL,
	"resource" text COLLATE "C" NOT NULL,
	"namespace" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"type" smallint NOT NULL,
	"data" text NOT NULL,
	"prev" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objects" (
	"resource" text COLLATE "C" NOT NULL,
	"namespace" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"rv" bigint NOT NULL,
	"uid" text NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "objects_resource_namespace_name_pk" PRIMARY KEY("resource","namespace","name")
);
--> statement-breakpoint
CREATE INDEX "events_resource_rv" ON "events" USING btree ("resource","rv");--> statement-breakpoint
CREATE INDEX "events_created_at" ON "events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "objects_resource_rv" ON "objects" USING btree ("resource","rv");