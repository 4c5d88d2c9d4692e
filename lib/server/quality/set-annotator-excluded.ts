import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { setAnnotatorExcludedSchema } from "@/lib/validation/quality";

// Excluding an annotator only flips a flag: their votes stay in the database (exports and the
// "include excluded" filter still see them); the leaderboard's cache key includes the set of
// excluded annotators, so rankings change on the next read.
export async function setAnnotatorExcluded(actorId: string, raw: z.input<typeof setAnnotatorExcludedSchema>) {
  const input = setAnnotatorExcludedSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, excludedFromRankings: true } });
    if (!user) throw notFound("Annotator");
    if (user.excludedFromRankings !== input.excluded) {
      await tx.user.update({ where: { id: input.userId }, data: { excludedFromRankings: input.excluded } });
      const votes = await tx.vote.count({ where: { annotatorId: input.userId } });
      await recordAudit(tx, {
        actorId,
        action: input.excluded ? "annotator.excluded" : "annotator.included",
        target: `user:${user.email}`,
        details: { votes },
      });
    }
    return { userId: input.userId, excluded: input.excluded };
  });
}
