// Compares a batch of validated rows with the prompt set already in the database, and writes a batch
// inside the import's transaction with bulk statements (INSERT … SELECT FROM unnest(...)): a handful of
// round trips per batch of rows, never one per row.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { db } from "@/lib/db";
import type { ChangeCounts } from "@/lib/import/preview";
import { dissimilarityMatrix } from "@/lib/import/dissimilarity";
import type { PromptRow } from "@/lib/validation/prompt-row";
import { promptHash, responseHash } from "./content-hash";
import { styleColumns } from "./style-features";

export type DbClient = Prisma.TransactionClient | typeof db;
export type SourceRow = { line: number; row: PromptRow };

// Rows are read, compared and written this many at a time: memory stays flat whatever the file size.
export const importBatchSize = 1000;

type ExistingResponse = { id: string; hash: string };
export type ExistingPrompt = { id: string; hash: string; hasScores: boolean; responses: Map<string, ExistingResponse> };

// The stored prompts (with their responses by model key) that share an id with rows of this batch.
export async function loadExisting(client: DbClient, setId: string | null, rows: SourceRow[]): Promise<Map<string, ExistingPrompt>> {
  const existing = new Map<string, ExistingPrompt>();
  if (!setId || rows.length === 0) return existing;
  const ids = rows.map((r) => r.row.id);
  const prompts = await client.$queryRaw<{ id: string; external_id: string; content_hash: string; has_scores: boolean }[]>`
    SELECT p.id::text, p.external_id, p.content_hash, EXISTS (SELECT 1 FROM pair_scores s WHERE s.prompt_id = p.id) AS has_scores
    FROM prompts p WHERE p.prompt_set_id = ${setId}::uuid AND p.external_id = ANY(${ids}::text[])`;
  if (prompts.length === 0) return existing;
  const byId = new Map<string, ExistingPrompt>();
  for (const p of prompts) {
    const entry = { id: p.id, hash: p.content_hash, hasScores: p.has_scores, responses: new Map() };
    existing.set(p.external_id, entry);
    byId.set(p.id, entry);
  }
  const responses = await client.$queryRaw<{ id: string; prompt_id: string; key: string; content_hash: string }[]>`
    SELECT r.id::text, r.prompt_id::text, m.key, r.content_hash
    FROM responses r JOIN models m ON m.id = r.model_id
    WHERE r.prompt_id = ANY(${[...byId.keys()]}::uuid[])`;
  for (const r of responses) byId.get(r.prompt_id)!.responses.set(r.key, { id: r.id, hash: r.content_hash });
  return existing;
}

// New, changed and unchanged prompts and responses of one batch (a response counts by prompt id + model).
export function countChanges(rows: SourceRow[], existing: Map<string, ExistingPrompt>, into: ChangeCounts): ChangeCounts {
  for (const { row } of rows) {
    const old = existing.get(row.id);
    if (!old) into.promptsNew++;
    else if (old.hash !== promptHash(row)) into.promptsChanged++;
    else into.promptsUnchanged++;
    for (const [key, text] of Object.entries(row.responses)) {
      const oldResponse = old?.responses.get(key);
      if (!oldResponse) into.responsesNew++;
      else if (oldResponse.hash !== responseHash(text)) into.responsesChanged++;
      else into.responsesUnchanged++;
    }
  }
  return into;
}

// Writes one batch: new prompts and responses inserted, changed ones updated in place, unchanged ones left
// alone; pair scores recomputed for every prompt that gained or changed a response (or has none yet).
export async function writePromptBatch(
  tx: Prisma.TransactionClient,
  setId: string,
  modelIdByKey: Map<string, string>,
  rows: SourceRow[],
): Promise<ChangeCounts & { pairScores: number }> {
  const existing = await loadExisting(tx, setId, rows);
  const counts = countChanges(rows, existing, { promptsNew: 0, promptsChanged: 0, promptsUnchanged: 0, responsesNew: 0, responsesChanged: 0, responsesUnchanged: 0 });

  const newPrompts: { id: string; row: PromptRow; hash: string }[] = [];
  const changedPrompts: { id: string; row: PromptRow; hash: string }[] = [];
  const newResponses: { id: string; promptId: string; modelId: string; text: string; hash: string }[] = [];
  const changedResponses: { id: string; text: string; hash: string }[] = [];
  const scorePrompts: { promptId: string; row: PromptRow }[] = [];

  for (const { row } of rows) {
    const old = existing.get(row.id);
    const promptId = old?.id ?? randomUUID();
    const hash = promptHash(row);
    if (!old) newPrompts.push({ id: promptId, row, hash });
    else if (old.hash !== hash) changedPrompts.push({ id: promptId, row, hash });
    let responsesTouched = !old || !old.hasScores;
    for (const [key, text] of Object.entries(row.responses)) {
      const oldResponse = old?.responses.get(key);
      const textHash = responseHash(text);
      if (!oldResponse) newResponses.push({ id: randomUUID(), promptId, modelId: modelIdByKey.get(key)!, text, hash: textHash });
      else if (oldResponse.hash !== textHash) changedResponses.push({ id: oldResponse.id, text, hash: textHash });
      else continue;
      responsesTouched = true;
    }
    if (responsesTouched) scorePrompts.push({ promptId, row });
  }

  const promptColumns = (list: typeof newPrompts) => ({
    ids: list.map((p) => p.id),
    externalIds: list.map((p) => p.row.id),
    languages: list.map((p) => p.row.language),
    categories: list.map((p) => p.row.category),
    tags: list.map((p) => JSON.stringify(p.row.tags)),
    texts: list.map((p) => p.row.prompt),
    hashes: list.map((p) => p.hash),
    priorities: list.map((p) => p.row.priority ?? null),
  });
  if (newPrompts.length) {
    const c = promptColumns(newPrompts);
    await tx.$executeRaw`
      INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash, priority)
      SELECT u.id, ${setId}::uuid, u.external_id, u.language::"Language", u.category,
             ARRAY(SELECT json_array_elements_text(u.tags::json)), u.text, u.hash, u.priority
      FROM unnest(${c.ids}::uuid[], ${c.externalIds}::text[], ${c.languages}::text[], ${c.categories}::text[],
                  ${c.tags}::text[], ${c.texts}::text[], ${c.hashes}::text[], ${c.priorities}::float8[])
        AS u(id, external_id, language, category, tags, text, hash, priority)`;
  }
  if (changedPrompts.length) {
    const c = promptColumns(changedPrompts);
    await tx.$executeRaw`
      UPDATE prompts p SET language = u.language::"Language", category = u.category,
             tags = ARRAY(SELECT json_array_elements_text(u.tags::json)), text = u.text, content_hash = u.hash, priority = u.priority
      FROM unnest(${c.ids}::uuid[], ${c.languages}::text[], ${c.categories}::text[], ${c.tags}::text[], ${c.texts}::text[],
                  ${c.hashes}::text[], ${c.priorities}::float8[])
        AS u(id, language, category, tags, text, hash, priority)
      WHERE p.id = u.id`;
  }
  if (newResponses.length) {
    const style = styleColumns(newResponses.map((r) => r.text));
    await tx.$executeRaw`
      INSERT INTO responses (id, prompt_id, model_id, text, content_hash, style_tokens, style_headers, style_lists, style_bold)
      SELECT * FROM unnest(${newResponses.map((r) => r.id)}::uuid[], ${newResponses.map((r) => r.promptId)}::uuid[],
                           ${newResponses.map((r) => r.modelId)}::uuid[], ${newResponses.map((r) => r.text)}::text[],
                           ${newResponses.map((r) => r.hash)}::text[], ${style.tokens}::int[], ${style.headers}::int[],
                           ${style.lists}::int[], ${style.bold}::int[])`;
  }
  if (changedResponses.length) {
    const style = styleColumns(changedResponses.map((r) => r.text));
    await tx.$executeRaw`
      UPDATE responses r SET text = u.text, content_hash = u.hash, style_tokens = u.tokens, style_headers = u.headers,
             style_lists = u.lists, style_bold = u.bold
      FROM unnest(${changedResponses.map((r) => r.id)}::uuid[], ${changedResponses.map((r) => r.text)}::text[],
                  ${changedResponses.map((r) => r.hash)}::text[], ${style.tokens}::int[], ${style.headers}::int[],
                  ${style.lists}::int[], ${style.bold}::int[]) AS u(id, text, hash, tokens, headers, lists, bold)
      WHERE r.id = u.id`;
  }

  const scores = pairScores(scorePrompts, modelIdByKey);
  if (scorePrompts.length) {
    await tx.$executeRaw`DELETE FROM pair_scores WHERE prompt_id = ANY(${scorePrompts.map((p) => p.promptId)}::uuid[])`;
  }
  if (scores.promptIds.length) {
    await tx.$executeRaw`
      INSERT INTO pair_scores (prompt_id, model_low_id, model_high_id, dissimilarity)
      SELECT * FROM unnest(${scores.promptIds}::uuid[], ${scores.lowIds}::uuid[], ${scores.highIds}::uuid[], ${scores.values}::float8[])`;
  }
  return { ...counts, pairScores: scores.promptIds.length };
}

// One dissimilarity per model pair of each prompt, the pair ordered by model id (uuid string order, as
// battles.pair_low_id / pair_high_id).
function pairScores(prompts: { promptId: string; row: PromptRow }[], modelIdByKey: Map<string, string>) {
  const out = { promptIds: [] as string[], lowIds: [] as string[], highIds: [] as string[], values: [] as number[] };
  for (const { promptId, row } of prompts) {
    const responses = Object.entries(row.responses)
      .map(([key, text]) => ({ modelId: modelIdByKey.get(key)!, text }))
      .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
    const scores = dissimilarityMatrix(responses.map((r) => r.text));
    for (let i = 0; i < responses.length; i++) {
      for (let j = i + 1; j < responses.length; j++) {
        out.promptIds.push(promptId);
        out.lowIds.push(responses[i]!.modelId);
        out.highIds.push(responses[j]!.modelId);
        out.values.push(scores[i]![j]!);
      }
    }
  }
  return out;
}
