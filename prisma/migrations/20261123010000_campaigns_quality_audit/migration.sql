-- AlterTable
ALTER TABLE "users" ADD COLUMN     "excluded_from_rankings" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "prompts" ADD COLUMN     "priority" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "battles" ADD COLUMN     "campaign_id" UUID,
ADD COLUMN     "is_gold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "overlap_of_id" UUID;

-- AlterTable
ALTER TABLE "votes" ADD COLUMN     "campaign_id" UUID,
ADD COLUMN     "flagged_fast" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "is_gold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "pair_scores" (
    "prompt_id" UUID NOT NULL,
    "model_low_id" UUID NOT NULL,
    "model_high_id" UUID NOT NULL,
    "dissimilarity" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "pair_scores_pkey" PRIMARY KEY ("prompt_id","model_low_id","model_high_id")
);

-- CreateTable
CREATE TABLE "gold_pairs" (
    "id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "model_low_id" UUID NOT NULL,
    "model_high_id" UUID NOT NULL,
    "better_model_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gold_pairs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "target_votes" INTEGER NOT NULL DEFAULT 100,
    "gold_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "overlap_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_prompt_sets" (
    "campaign_id" UUID NOT NULL,
    "prompt_set_id" UUID NOT NULL,

    CONSTRAINT "campaign_prompt_sets_pkey" PRIMARY KEY ("campaign_id","prompt_set_id")
);

-- CreateTable
CREATE TABLE "campaign_models" (
    "campaign_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,

    CONSTRAINT "campaign_models_pkey" PRIMARY KEY ("campaign_id","model_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "gold_pairs_prompt_id_model_low_id_model_high_id_key" ON "gold_pairs"("prompt_id", "model_low_id", "model_high_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_name_key" ON "campaigns"("name");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pair_scores" ADD CONSTRAINT "pair_scores_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gold_pairs" ADD CONSTRAINT "gold_pairs_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_prompt_sets" ADD CONSTRAINT "campaign_prompt_sets_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_prompt_sets" ADD CONSTRAINT "campaign_prompt_sets_prompt_set_id_fkey" FOREIGN KEY ("prompt_set_id") REFERENCES "prompt_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_models" ADD CONSTRAINT "campaign_models_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_models" ADD CONSTRAINT "campaign_models_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

