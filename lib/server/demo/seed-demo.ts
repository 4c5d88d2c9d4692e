import { createReadStream } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/server/users/create-user";
import { demoAccounts, demoPassword } from "./demo-accounts";
import { demoGuidelinesAr, demoGuidelinesEn } from "./demo-guidelines";
import { formatIssue } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { env } from "@/lib/server/env";

// ARENA_DEMO_FILE lets a deployment seed its own prompt file in the same format.
export const demoPromptFile = env("ARENA_DEMO_FILE") ?? path.join(process.cwd(), "prisma", "demo", "prompts.jsonl");
export const demoSetName = "Demo: Arabic & English";
export const demoCampaignName = "Demo campaign";

// Idempotent: safe to run on every start. Creates the demo accounts and imports the demo prompt set.
export async function seedDemo(): Promise<{ accounts: number; prompts: number }> {
  const hash = await hashPassword(demoPassword);
  for (const account of demoAccounts) {
    await db.user.upsert({
      where: { email: account.email },
      update: {},
      create: { email: account.email, name: account.name, role: account.role, languages: account.languages, passwordHash: hash },
    });
  }
  // The same path as an admin's upload (stage → preview → commit), so the demo set gets pair scores too.
  const { preview, result } = await importPromptFile({ body: createReadStream(demoPromptFile), fileName: path.basename(demoPromptFile), setName: demoSetName });
  if (!result) {
    throw new Error(`The demo prompt file has errors: ${preview.errors.items.map((e) => formatIssue(e, "en")).join("; ")}`);
  }
  await seedDemoCampaign();
  return { accounts: demoAccounts.length, prompts: result.prompts };
}

// The demo campaign: the demo set and its models, with real guidelines in both languages and the default
// reason flags. Created switched off (a live campaign narrows every annotator's battles to its sets and
// models); an admin switches it on at Admin → Campaigns, and annotators then read its guidelines before
// their first battle. Created once: an admin's later edits are kept.
async function seedDemoCampaign() {
  if (await db.campaign.findUnique({ where: { name: demoCampaignName }, select: { id: true } })) return;
  const set = await db.promptSet.findUnique({ where: { name: demoSetName }, select: { id: true } });
  if (!set) return;
  const models = await db.response.findMany({ where: { prompt: { promptSetId: set.id } }, distinct: ["modelId"], select: { modelId: true } });
  await db.campaign.create({
    data: {
      name: demoCampaignName,
      targetVotes: 200,
      guidelinesAr: demoGuidelinesAr,
      guidelinesEn: demoGuidelinesEn,
      guidelinesUpdatedAt: new Date(),
      promptSets: { create: [{ promptSetId: set.id }] },
      models: { create: models.map((m) => ({ modelId: m.modelId })) },
    },
  });
}
