-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('annotator', 'researcher', 'admin');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ar', 'en');

-- CreateEnum
CREATE TYPE "Winner" AS ENUM ('model_a', 'model_b', 'tie', 'tie_bothbad');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'annotator',
    "languages" "Language"[] DEFAULT ARRAY['ar', 'en']::"Language"[],
    "ui_locale" TEXT NOT NULL DEFAULT 'en',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prompt_sets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prompts" (
    "id" UUID NOT NULL,
    "prompt_set_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "category" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "text" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "responses" (
    "id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "battles" (
    "id" UUID NOT NULL,
    "annotator_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "model_a_id" UUID NOT NULL,
    "model_b_id" UUID NOT NULL,
    "pair_low_id" UUID NOT NULL,
    "pair_high_id" UUID NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "skipped_at" TIMESTAMP(3),

    CONSTRAINT "battles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "votes" (
    "id" UUID NOT NULL,
    "battle_id" UUID NOT NULL,
    "annotator_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "model_a_id" UUID NOT NULL,
    "model_b_id" UUID NOT NULL,
    "language" "Language" NOT NULL,
    "winner" "Winner" NOT NULL,
    "reason" TEXT,
    "time_taken_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "votes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "models_key_key" ON "models"("key");

-- CreateIndex
CREATE UNIQUE INDEX "prompt_sets_name_key" ON "prompt_sets"("name");

-- CreateIndex
CREATE INDEX "prompts_language_idx" ON "prompts"("language");

-- CreateIndex
CREATE UNIQUE INDEX "prompts_prompt_set_id_external_id_key" ON "prompts"("prompt_set_id", "external_id");

-- CreateIndex
CREATE INDEX "responses_model_id_idx" ON "responses"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "responses_prompt_id_model_id_key" ON "responses"("prompt_id", "model_id");

-- CreateIndex
CREATE INDEX "battles_annotator_id_issued_at_idx" ON "battles"("annotator_id", "issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "battles_annotator_id_prompt_id_pair_low_id_pair_high_id_key" ON "battles"("annotator_id", "prompt_id", "pair_low_id", "pair_high_id");

-- CreateIndex
CREATE UNIQUE INDEX "votes_battle_id_key" ON "votes"("battle_id");

-- CreateIndex
CREATE INDEX "votes_model_a_id_model_b_id_winner_idx" ON "votes"("model_a_id", "model_b_id", "winner");

-- CreateIndex
CREATE INDEX "votes_created_at_idx" ON "votes"("created_at");

-- CreateIndex
CREATE INDEX "votes_annotator_id_idx" ON "votes"("annotator_id");

-- AddForeignKey
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_prompt_set_id_fkey" FOREIGN KEY ("prompt_set_id") REFERENCES "prompt_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_model_a_id_fkey" FOREIGN KEY ("model_a_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "battles" ADD CONSTRAINT "battles_model_b_id_fkey" FOREIGN KEY ("model_b_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_battle_id_fkey" FOREIGN KEY ("battle_id") REFERENCES "battles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "votes" ADD CONSTRAINT "votes_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

