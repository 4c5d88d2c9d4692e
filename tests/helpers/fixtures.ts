import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { formatIssue } from "@/lib/import/format-issue";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import type { CurrentUser } from "@/lib/server/auth/session";
import type { Role } from "@/lib/validation/auth";
import type { SampleIds } from "../../e2e/helpers/access-table";

export const miniSetFile = path.join(import.meta.dirname, "..", "fixtures", "mini-set.jsonl");

export async function importMiniSet(setName = `mini-${randomBytes(3).toString("hex")}`) {
  const { preview, result } = await importPromptFile({ body: await readFile(miniSetFile), fileName: "mini-set.jsonl", setName });
  if (!result) throw new Error(preview.errors.items.map((e) => formatIssue(e)).join("; "));
  return result;
}

// A generated set of `prompts` prompts (alternately English and Arabic), each answered by the same `models`
// models: for tests that need more battles per annotator than the mini set gives (each prompt is issued to
// an annotator once).
export async function importGeneratedSet(prompts: number, models = 3, setName = `generated-${randomBytes(3).toString("hex")}`) {
  const lines = Array.from({ length: prompts }, (_, k) =>
    JSON.stringify({
      id: `g${k}`,
      language: k % 2 ? "ar" : "en",
      category: "generated",
      prompt: k % 2 ? `سؤال رقم ${k}` : `Question number ${k}`,
      responses: Object.fromEntries(Array.from({ length: models }, (_, m) => [`gen-${m}`, `Answer ${m} to question ${k}: ${"lorem ipsum ".repeat(1 + ((k + m) % 5))}`])),
    }),
  );
  const { preview, result } = await importPromptFile({ body: Buffer.from(lines.join("\n")), fileName: "generated.jsonl", setName });
  if (!result) throw new Error(preview.errors.items.map((e) => formatIssue(e)).join("; "));
  return result;
}

export async function makeUser(role: Role = "annotator", languages: ("ar" | "en")[] = ["ar", "en"]): Promise<CurrentUser> {
  const user = await db.user.create({
    data: { email: `${role}-${randomBytes(4).toString("hex")}@test.local`, role, languages },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, languages: user.languages, uiLocale: user.uiLocale };
}

// Removes every row the tests create (prompt data, votes, users and what points at them) so each test
// file starts from a known state.
export async function resetData() {
  // Rows that point at users, models or prompt sets go first.
  await db.apiToken.deleteMany();
  await db.generationJob.deleteMany();
  await db.modelEndpoint.deleteMany();
  await db.campaign.deleteMany();
  await db.auditLog.deleteMany();
  await db.importUpload.deleteMany();
  await db.goldPair.deleteMany();
  await db.pairScore.deleteMany();
  await db.vote.deleteMany();
  await db.battle.deleteMany();
  await db.response.deleteMany();
  await db.prompt.deleteMany();
  await db.promptSet.deleteMany();
  await db.aiModel.deleteMany();
  await db.user.deleteMany();
}

// A fingerprint of every row of every app table (rate-limit counters aside: they count refused
// attempts by design): equal before and after means a request wrote nothing, updates included.
// `only`: just those tables.
export async function snapshotTables(only?: readonly string[]): Promise<string> {
  const all = await db.$queryRaw<{ t: string }[]>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limit_buckets') ORDER BY 1`;
  const tables = only ? all.filter(({ t }) => only.includes(t)) : all;
  if (only && tables.length !== only.length) throw new Error(`snapshotTables: no table ${only.filter((t) => !all.some((a) => a.t === t)).join(", ")}`);
  const parts: string[] = [];
  for (const { t } of tables) {
    const [row] = await db.$queryRawUnsafe<{ h: string | null }[]>(`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM "${t}" x`);
    parts.push(`${t}:${row!.h}`);
  }
  return parts.join("\n");
}

// The rows the access-matrix and fuzz tests point routes and actions at: the mini set, a campaign over two
// of its models, a gold pair of them, an API token, a target user and one signed-in visitor per role.
export async function seedSampleRows(tag: string): Promise<{ ids: SampleIds; visitorIds: Record<"annotator" | "researcher" | "admin", string> }> {
  await importMiniSet();
  const promptSet = await db.promptSet.findFirstOrThrow();
  const prompt = await db.prompt.findFirstOrThrow({ where: { promptSetId: promptSet.id }, include: { responses: { select: { modelId: true } } } });
  const [model, otherModel] = prompt.responses.map((r) => r.modelId) as [string, string];
  const visitorIds = { annotator: (await makeUser("annotator")).id, researcher: (await makeUser("researcher")).id, admin: (await makeUser("admin")).id };
  const campaign = await db.campaign.create({
    data: { name: `${tag}-${randomBytes(3).toString("hex")}`, promptSets: { create: { promptSetId: promptSet.id } }, models: { create: [{ modelId: model }, { modelId: otherModel }] } },
  });
  const [low, high] = [model, otherModel].sort() as [string, string];
  const goldPair = await db.goldPair.create({ data: { promptId: prompt.id, modelLowId: low, modelHighId: high, betterModelId: model } });
  const apiToken = await db.apiToken.create({ data: { name: tag, tokenHash: randomBytes(32).toString("hex"), createdById: visitorIds.admin } });
  const user = await makeUser("annotator");
  // A finished generation job: one failed request (to retry) and one finished response (to add to the pool).
  const prompts = await db.prompt.findMany({ where: { promptSetId: promptSet.id }, select: { id: true }, take: 2, orderBy: { externalId: "asc" } });
  const generationModel = await db.aiModel.create({ data: { key: `${tag}-gen-${randomBytes(3).toString("hex")}`, displayName: "Generated" } });
  const generationJob = await db.generationJob.create({
    data: {
      promptSetId: promptSet.id,
      status: "done",
      items: {
        create: [
          { promptId: prompts[0]!.id, modelId: generationModel.id, status: "done", text: "A generated answer.", attempts: 1 },
          { promptId: prompts[1]!.id, modelId: generationModel.id, status: "failed", error: "HTTP 500", attempts: 6 },
        ],
      },
    },
  });
  const ids = {
    user: user.id, model, otherModel, promptSet: promptSet.id, prompt: prompt.id, campaign: campaign.id, goldPair: goldPair.id, apiToken: apiToken.id,
    generationJob: generationJob.id,
  };
  return { ids, visitorIds };
}
