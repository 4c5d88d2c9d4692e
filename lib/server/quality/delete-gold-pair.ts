import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { deleteGoldPairSchema } from "@/lib/validation/quality";

// Deleting a gold pair stops the scheduler issuing it; votes already cast on it are kept (they
// simply no longer count towards gold accuracy).
export async function deleteGoldPair(actorId: string, raw: z.input<typeof deleteGoldPairSchema>) {
  const input = deleteGoldPairSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const pair = await tx.goldPair.findUnique({
      where: { id: input.goldPairId },
      select: { betterModelId: true, modelLowId: true, modelHighId: true, prompt: { select: { externalId: true, promptSet: { select: { name: true } } } } },
    });
    if (!pair) throw notFound("Gold pair");
    const models = await tx.aiModel.findMany({ where: { id: { in: [pair.modelLowId, pair.modelHighId] } }, select: { id: true, key: true } });
    const key = (id: string) => models.find((m) => m.id === id)?.key ?? id;
    const worse = pair.betterModelId === pair.modelLowId ? pair.modelHighId : pair.modelLowId;
    await tx.goldPair.delete({ where: { id: input.goldPairId } });
    await recordAudit(tx, {
      actorId,
      action: "goldPair.deleted",
      target: `prompt:${pair.prompt.promptSet.name}/${pair.prompt.externalId}`,
      details: { better: key(pair.betterModelId), worse: key(worse) },
    });
    return { id: input.goldPairId };
  });
}
