// Shared by the admin integration tests: model ids by key and direct vote rows with known content.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Language, Winner } from "@/lib/generated/prisma/enums";

export async function modelIdsByKey(): Promise<Record<string, string>> {
  const models = await db.aiModel.findMany({ select: { id: true, key: true } });
  return Object.fromEntries(models.map((m) => [m.key, m.id]));
}

// Records a vote on (prompt, A, B) as if the scheduler had issued it.
export async function castVote(annotatorId: string, promptId: string, modelAId: string, modelBId: string, winner: Winner = "model_a") {
  const prompt = await db.prompt.findUniqueOrThrow({ where: { id: promptId }, select: { language: true } });
  const [low, high] = [modelAId, modelBId].sort();
  const battle = await db.battle.create({
    data: {
      annotatorId, promptId, modelAId, modelBId, pairLowId: low!, pairHighId: high!,
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  await db.vote.create({
    data: {
      battleId: battle.id, annotatorId, promptId, modelAId, modelBId,
      language: prompt.language as Language, winner, timeTakenMs: 10_000,
    },
  });
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;
