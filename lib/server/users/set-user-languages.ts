import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { setLanguagesSchema } from "@/lib/validation/admin";
import type { z } from "zod";

// The languages an annotator judges; the scheduler issues prompts in these only.
export async function setUserLanguages(actorId: string, raw: z.input<typeof setLanguagesSchema>) {
  const input = setLanguagesSchema.parse(raw);
  const languages = [...new Set(input.languages)].sort();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, languages: true } });
    if (!user) throw notFound("User");
    const before = [...user.languages].sort();
    if (before.join() === languages.join()) return { id: input.userId, languages };
    await tx.user.update({ where: { id: input.userId }, data: { languages } });
    await recordAudit(tx, { actorId, action: "user.languages_changed", target: `user:${user.email}`, details: { from: before, to: languages } });
    return { id: input.userId, languages };
  });
}
