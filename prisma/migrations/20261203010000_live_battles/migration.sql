-- AlterTable
ALTER TABLE "battles" ADD COLUMN     "identity_leak" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "live" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "live_status" TEXT;

-- AlterTable
ALTER TABLE "votes" ADD COLUMN     "identity_leak" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "live" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "live_turn_limit" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "live_turns" (
    "id" UUID NOT NULL,
    "battle_id" UUID NOT NULL,
    "turn" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "model_id" UUID NOT NULL,
    "user_text" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'streaming',
    "error" TEXT,
    "ttft_ms" INTEGER,
    "latency_ms" INTEGER,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "live_turns_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "live_turns_model_id_status_idx" ON "live_turns"("model_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "live_turns_battle_id_turn_side_key" ON "live_turns"("battle_id", "turn", "side");

-- AddForeignKey
ALTER TABLE "live_turns" ADD CONSTRAINT "live_turns_battle_id_fkey" FOREIGN KEY ("battle_id") REFERENCES "battles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "live_turns" ADD CONSTRAINT "live_turns_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

