import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { createGoldPairSchema } from "@/lib/validation/quality";

export const goldPairExists = () => new AppError(409, "gold_pair_exists", "This prompt and model pair is already a gold pair.");

// Marks a prompt + model pair as gold, with the better model known. Both models must have answered
// the prompt (a gold battle shows their responses); one gold pair per prompt and unordered pair.
export async function createGoldPair(actorId: string, raw: z.input<typeof createGoldPairSchema>) {
  const input = createGoldPairSchema.parse(raw);
  const [low, high] = [input.betterModelId, input.worseModelId].sort() as [string, string];
  try {
    return await db.$transaction(async (tx) => {
      const prompt = await tx.prompt.findUnique({
        where: { id: input.promptId },
        select: { externalId: true, promptSet: { select: { name: true } }, responses: { where: { modelId: { in: [low, high] } }, select: { model: { select: { id: true, key: true } } } } },
      });
      if (!prompt) throw notFound("Prompt");
      const answered = new Map(prompt.responses.map((r) => [r.model.id, r.model.key]));
      if (!answered.has(low) || !answered.has(high)) {
        throw new AppError(422, "model_not_answered", "Both models must have answered this prompt.");
      }
      const pair = await tx.goldPair.create({
        data: { promptId: input.promptId, modelLowId: low, modelHighId: high, betterModelId: input.betterModelId },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "goldPair.created",
        target: `prompt:${prompt.promptSet.name}/${prompt.externalId}`,
        details: { better: answered.get(input.betterModelId)!, worse: answered.get(input.worseModelId)! },
      });
      return pair;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw goldPairExists();
    throw error;
  }
}
