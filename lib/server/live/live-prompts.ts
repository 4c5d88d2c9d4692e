// The prompts annotators wrote in live battles, for admins: the latest ones of a live campaign, and
// re-categorising one (they arrive in category "live"). Only prompts of live battles can be changed here.
import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { contentHash } from "@/lib/server/import/content-hash";
import { livePromptCategorySchema } from "@/lib/validation/live";

export type LivePromptRow = { id: string; text: string; language: "ar" | "en"; category: string; createdAt: Date };

export async function listLivePrompts(campaignId: string, limit = 50): Promise<LivePromptRow[]> {
  return db.$queryRaw<LivePromptRow[]>`
    SELECT p.id::text, p.text, p.language::text AS language, p.category, p.created_at AS "createdAt"
    FROM prompts p JOIN battles b ON b.prompt_id = p.id
    WHERE b.live AND b.campaign_id = ${campaignId}::uuid
    ORDER BY p.created_at DESC, p.id LIMIT ${limit}`;
}

export async function setLivePromptCategory(actorId: string, raw: z.input<typeof livePromptCategorySchema>) {
  const input = livePromptCategorySchema.parse(raw);
  return db.$transaction(async (tx) => {
    const [prompt] = await tx.$queryRaw<{ id: string; language: "ar" | "en"; category: string; text: string }[]>`
      SELECT p.id::text, p.language::text AS language, p.category, p.text FROM prompts p
      WHERE p.id = ${input.promptId}::uuid AND EXISTS (SELECT 1 FROM battles b WHERE b.prompt_id = p.id AND b.live)
      FOR UPDATE`;
    if (!prompt) throw notFound("Live prompt");
    if (prompt.category === input.category) return { id: prompt.id, category: input.category };
    await tx.prompt.update({
      where: { id: prompt.id },
      data: { category: input.category, contentHash: contentHash(prompt.language, input.category, "", prompt.text) },
    });
    await recordAudit(tx, { actorId, action: "livePrompt.recategorised", target: `prompt:${prompt.id}`, details: { from: prompt.category, to: input.category } });
    return { id: prompt.id, category: input.category };
  });
}
