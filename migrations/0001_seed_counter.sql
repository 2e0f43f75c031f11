-- The single resourceVersion counter row. Starts at 1 so the first write gets RV 2 and "0" never names a real state.
INSERT INTO "rv_counter" ("id", "rv", "compacted_rv") VALUES (1, 1, 0) ON CONFLICT DO NOTHING;
