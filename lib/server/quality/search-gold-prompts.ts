import "server-only";
import { db } from "@/lib/db";
import { containsText } from "@/lib/server/text-filter";

export const promptSearchLimit = 20;

export type PromptChoice = {
  id: string;
  externalId: string;
  setName: string;
  language: string;
  text: string;
  // Models that answered this prompt: a gold pair needs two of them.
  models: { id: string; key: string; displayName: string }[];
  // Gold pairs already marked on this prompt, as "lowId:highId".
  goldPairs: string[];
  // Each model's response text, by model id: only for the chosen prompt (getGoldPrompt), so the admin
  // reads the two answers side by side before marking one better.
  responseTexts?: Record<string, string>;
};

const select = {
  id: true, externalId: true, language: true, text: true,
  promptSet: { select: { name: true } },
  responses: { select: { model: { select: { id: true, key: true, displayName: true } } }, orderBy: { model: { key: "asc" } } },
  goldPairs: { select: { modelLowId: true, modelHighId: true } },
} as const;

type Row = { id: string; externalId: string; language: string; text: string; promptSet: { name: string }; responses: { model: PromptChoice["models"][number] }[]; goldPairs: { modelLowId: string; modelHighId: string }[] };

function toChoice(p: Row): PromptChoice {
  return {
    id: p.id,
    externalId: p.externalId,
    setName: p.promptSet.name,
    language: p.language,
    text: p.text,
    models: p.responses.map((r) => r.model),
    goldPairs: p.goldPairs.map((g) => `${g.modelLowId}:${g.modelHighId}`),
  };
}

// Prompts whose external id or text contains the query, within one prompt set when given.
export async function searchGoldPrompts(input: { promptSetId?: string; query?: string }): Promise<PromptChoice[]> {
  if (!input.promptSetId && !input.query) return [];
  const prompts = await db.prompt.findMany({
    where: {
      ...(input.promptSetId ? { promptSetId: input.promptSetId } : {}),
      ...(input.query
        ? { OR: [{ externalId: containsText(input.query) }, { text: containsText(input.query) }] }
        : {}),
    },
    orderBy: [{ promptSet: { name: "asc" } }, { externalId: "asc" }],
    take: promptSearchLimit,
    select,
  });
  return prompts.map(toChoice);
}

export async function getGoldPrompt(promptId: string): Promise<PromptChoice | null> {
  const prompt = await db.prompt.findUnique({ where: { id: promptId }, select: { ...select, responses: { ...select.responses, select: { ...select.responses.select, text: true } } } });
  if (!prompt) return null;
  return { ...toChoice(prompt), responseTexts: Object.fromEntries(prompt.responses.map((r) => [r.model.id, r.text])) };
}

export async function listPromptSetsForGold() {
  return db.promptSet.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
