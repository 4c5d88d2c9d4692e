import "server-only";
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
export const demoLiveCampaignName = "Demo live battles";
// The demo models that the launcher's local demo generators answer for in live battles (scripts/demo-generator.ts).
export const demoLiveModels = [
  { key: "qamar-70b", remoteModel: "arena-demo-generator-1" },
  { key: "nahla-13b", remoteModel: "arena-demo-generator-2" },
  { key: "atlas-7b", remoteModel: "arena-demo-generator-3" },
] as const;

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
  await seedDemoLive();
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

// Live battles in the demo: the launcher runs local demo generators (no network; ARENA_DEMO_GENERATOR_URL) and
// three demo models get an endpoint on them, labelled as demo generators (remote model arena-demo-generator-N).
// Their base URL follows the generators' port on every start; an endpoint an admin pointed elsewhere is left
// alone. The live campaign is created once and switched on: a live campaign never narrows the regular
// battles (its prompts are written by annotators), so a new user can try /live at once.
async function seedDemoLive() {
  const baseUrl = env("ARENA_DEMO_GENERATOR_URL");
  if (!baseUrl) return;
  const models = await db.aiModel.findMany({ where: { key: { in: demoLiveModels.map((m) => m.key) } }, select: { id: true, key: true, endpoint: { select: { remoteModel: true } } } });
  for (const model of models) {
    const remoteModel = demoLiveModels.find((m) => m.key === model.key)!.remoteModel;
    if (!model.endpoint) {
      await db.modelEndpoint.create({ data: { modelId: model.id, baseUrl, remoteModel, credentialKind: "none", concurrency: 16, timeoutMs: 30_000, maxTokens: 512 } });
    } else if (model.endpoint.remoteModel.startsWith("arena-demo-generator")) {
      await db.modelEndpoint.update({ where: { modelId: model.id }, data: { baseUrl } });
    }
  }
  if (models.length < 2 || (await db.campaign.findUnique({ where: { name: demoLiveCampaignName }, select: { id: true } }))) return;
  await db.campaign.create({
    data: { name: demoLiveCampaignName, active: true, live: true, liveTurnLimit: 3, targetVotes: 100, models: { create: models.map((m) => ({ modelId: m.id })) } },
  });
}
