import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { renameModelSchema } from "@/lib/validation/admin";
import type { z } from "zod";

// Changes the name shown to annotators after a vote and on the leaderboard; the key stays stable.
export async function renameModel(actorId: string, raw: z.input<typeof renameModelSchema>) {
  const input = renameModelSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const model = await tx.aiModel.findUnique({ where: { id: input.modelId }, select: { key: true, displayName: true } });
    if (!model) throw notFound("Model");
    if (model.displayName === input.displayName) return { id: input.modelId, displayName: input.displayName };
    await tx.aiModel.update({ where: { id: input.modelId }, data: { displayName: input.displayName } });
    await recordAudit(tx, {
      actorId,
      action: "model.renamed",
      target: `model:${model.key}`,
      details: { from: model.displayName, to: input.displayName },
    });
    return { id: input.modelId, displayName: input.displayName };
  });
}
