-- Style features of each response (FastChat conv_metadata definitions, see lib/ratings/style-features.ts):
-- token-count proxy, markdown headers, list items, bold spans. NULL until computed: SQL cannot count markdown
-- faithfully, so existing rows are filled by lib/server/import/style-features.ts (backfillStyleFeatures), which
-- `npm start` runs after migrations and which only touches NULL rows (idempotent). New and changed responses get
-- their features at import.
ALTER TABLE "responses"
  ADD COLUMN "style_tokens" INTEGER,
  ADD COLUMN "style_headers" INTEGER,
  ADD COLUMN "style_lists" INTEGER,
  ADD COLUMN "style_bold" INTEGER;

CREATE INDEX "responses_style_pending_idx" ON "responses" ("id") WHERE "style_tokens" IS NULL;
