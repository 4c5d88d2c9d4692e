import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { setModelStatusSchema } from "@/lib/validation/admin";
import { modelStatus } from "./list-models";
import type { z } from "zod";

// Hidden: paused, may come back. Retired: done for good (still reversible by an admin).
// Either way the scheduler stops issuing battles with the model; its past votes stay.
export async function setModelStatus(actorId: string, raw: z.input<typeof setModelStatusSchema>) {
  const input = setModelStatusSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const model = await tx.aiModel.findUnique({ where: { id: input.modelId }, select: { key: true, hidden: true, retired: true } });
    if (!model) throw notFound("Model");
    const from = modelStatus(model);
    if (from === input.status) return { id: input.modelId, status: from };
    await tx.aiModel.update({
      where: { id: input.modelId },
      data: { hidden: input.status === "hidden", retired: input.status === "retired" },
    });
    await recordAudit(tx, { actorId, action: "model.status_changed", target: `model:${model.key}`, details: { from, to: input.status } });
    return { id: input.modelId, status: input.status };
  });
}
