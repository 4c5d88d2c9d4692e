import { db } from "@/lib/db";
import type { PromptRow } from "@/lib/validation/prompt-row";
import { contentHash } from "./content-hash";

export type ImportResult = {
  promptSetId: string;
  prompts: number;
  promptsCreated: number;
  promptsChanged: number;
  responsesCreated: number;
  responsesChanged: number;
};

function promptHash(row: PromptRow): string {
  return contentHash(row.language, row.category, row.tags.join("\u001f"), row.prompt);
}

// Writes a validated prompt set in one transaction: all of it or none of it. Re-importing the
// same rows changes nothing; a prompt or response whose content hash differs is updated in place.
export async function importPromptSet(setName: string, rows: PromptRow[]): Promise<ImportResult> {
  return db.$transaction(
    async (tx) => {
      const set = await tx.promptSet.upsert({ where: { name: setName }, update: {}, create: { name: setName } });

      const modelKeys = [...new Set(rows.flatMap((r) => Object.keys(r.responses)))];
      await tx.aiModel.createMany({ data: modelKeys.map((key) => ({ key, displayName: key })), skipDuplicates: true });
      const models = await tx.aiModel.findMany({ where: { key: { in: modelKeys } }, select: { id: true, key: true } });
      const modelId = new Map(models.map((m) => [m.key, m.id]));

      const existing = await tx.prompt.findMany({ where: { promptSetId: set.id }, select: { id: true, externalId: true, contentHash: true } });
      const byExternalId = new Map(existing.map((p) => [p.externalId, p]));
      const fresh = rows.filter((r) => !byExternalId.has(r.id));
      const changed = rows.filter((r) => {
        const old = byExternalId.get(r.id);
        return old !== undefined && old.contentHash !== promptHash(r);
      });
      await tx.prompt.createMany({
        data: fresh.map((r) => ({
          promptSetId: set.id, externalId: r.id, language: r.language, category: r.category, tags: r.tags, text: r.prompt, contentHash: promptHash(r),
        })),
      });
      for (const r of changed) {
        await tx.prompt.update({
          where: { id: byExternalId.get(r.id)!.id },
          data: { language: r.language, category: r.category, tags: r.tags, text: r.prompt, contentHash: promptHash(r) },
        });
      }

      const prompts = await tx.prompt.findMany({ where: { promptSetId: set.id, externalId: { in: rows.map((r) => r.id) } }, select: { id: true, externalId: true } });
      const promptId = new Map(prompts.map((p) => [p.externalId, p.id]));
      const oldResponses = await tx.response.findMany({ where: { promptId: { in: prompts.map((p) => p.id) } }, select: { id: true, promptId: true, modelId: true, contentHash: true } });
      const responseKey = (p: string, m: string) => `${p}/${m}`;
      const oldByKey = new Map(oldResponses.map((r) => [responseKey(r.promptId, r.modelId), r]));

      const toCreate: { promptId: string; modelId: string; text: string; contentHash: string }[] = [];
      const toUpdate: { id: string; text: string; contentHash: string }[] = [];
      for (const r of rows) {
        const pid = promptId.get(r.id)!;
        for (const [key, text] of Object.entries(r.responses)) {
          const mid = modelId.get(key)!;
          const hash = contentHash(text);
          const old = oldByKey.get(responseKey(pid, mid));
          if (!old) toCreate.push({ promptId: pid, modelId: mid, text, contentHash: hash });
          else if (old.contentHash !== hash) toUpdate.push({ id: old.id, text, contentHash: hash });
        }
      }
      await tx.response.createMany({ data: toCreate });
      for (const u of toUpdate) await tx.response.update({ where: { id: u.id }, data: { text: u.text, contentHash: u.contentHash } });

      return {
        promptSetId: set.id,
        prompts: rows.length,
        promptsCreated: fresh.length,
        promptsChanged: changed.length,
        responsesCreated: toCreate.length,
        responsesChanged: toUpdate.length,
      };
    },
    { timeout: 10 * 60 * 1000, maxWait: 30_000 },
  );
}
