-- Model endpoints (OpenAI-compatible chat-completions APIs) and batch generation jobs.
CREATE TABLE "model_endpoints" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "base_url" TEXT NOT NULL,
    "remote_model" TEXT NOT NULL,
    "credential_kind" TEXT NOT NULL DEFAULT 'none',
    "api_key_env" TEXT,
    "api_key_secret" BYTEA,
    "temperature" DOUBLE PRECISION,
    "max_tokens" INTEGER,
    "system_prompt_ar" TEXT,
    "system_prompt_en" TEXT,
    "concurrency" INTEGER NOT NULL DEFAULT 4,
    "timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_endpoints_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "model_endpoints_model_id_key" ON "model_endpoints"("model_id");

ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "generation_jobs" (
    "id" UUID NOT NULL,
    "prompt_set_id" UUID NOT NULL,
    "created_by_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "committed_at" TIMESTAMP(3),

    CONSTRAINT "generation_jobs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "generation_jobs_status_idx" ON "generation_jobs"("status");

ALTER TABLE "generation_jobs" ADD CONSTRAINT "generation_jobs_prompt_set_id_fkey" FOREIGN KEY ("prompt_set_id") REFERENCES "prompt_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "generation_items" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMP(3),
    "text" TEXT,
    "latency_ms" INTEGER,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "error" TEXT,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "generation_items_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "generation_items_job_id_prompt_id_model_id_key" ON "generation_items"("job_id", "prompt_id", "model_id");
CREATE INDEX "generation_items_status_model_id_idx" ON "generation_items"("status", "model_id");

ALTER TABLE "generation_items" ADD CONSTRAINT "generation_items_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "generation_items" ADD CONSTRAINT "generation_items_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "generation_items" ADD CONSTRAINT "generation_items_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
