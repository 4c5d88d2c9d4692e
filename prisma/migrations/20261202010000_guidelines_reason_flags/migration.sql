-- Campaign guidelines (Markdown, one text per UI language), the per-response reason flags a campaign
-- offers, the annotators' acknowledgements of the guidelines, and the flags stored with each vote.
ALTER TABLE "campaigns"
  ADD COLUMN "guidelines_ar" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "guidelines_en" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "guidelines_updated_at" TIMESTAMP(3),
  ADD COLUMN "reason_flags" JSONB NOT NULL DEFAULT '[{"key":"wrong_language","en":"Wrong language","ar":"لغة خاطئة"},{"key":"factual_error","en":"Factual error","ar":"خطأ في المعلومات"},{"key":"unsafe","en":"Unsafe","ar":"غير آمن"},{"key":"incomplete","en":"Incomplete","ar":"ناقص"},{"key":"dialect_not_msa","en":"Dialect where MSA was asked","ar":"عامية بدل الفصحى المطلوبة"}]';

CREATE TABLE "guideline_acknowledgements" (
  "user_id" UUID NOT NULL,
  "campaign_id" UUID NOT NULL,
  "acknowledged_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "guideline_acknowledgements_pkey" PRIMARY KEY ("user_id", "campaign_id"),
  CONSTRAINT "guideline_acknowledgements_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "guideline_acknowledgements_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

ALTER TABLE "votes"
  ADD COLUMN "flags_a" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "flags_b" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
