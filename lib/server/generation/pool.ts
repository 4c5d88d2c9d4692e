// Generated responses join the pool the way imported ones do: the import library compares them with the
// stored set (content hashes: new, changed, unchanged), flags responses that reveal their model, and writes
// them with their dissimilarity scores (lib/server/import). Nothing joins the pool before the admin has seen
// this preview and confirmed.
import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { identityDetector } from "@/lib/import/identity";
import { emptyChanges, previewListLimit, type ChangeCounts, type FlaggedResponse } from "@/lib/import/preview";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { countChanges, importBatchSize, loadExisting, writePromptBatch, type DbClient, type SourceRow } from "@/lib/server/import/import-prompt-set";
import { screenIdentity } from "@/lib/server/import/screen-identity";
import { commitGenerationSchema } from "@/lib/validation/endpoints";
import type { PromptRow } from "@/lib/validation/prompt-row";

export type GenerationPreview = {
  prompts: number;
  responses: number;
  changes: ChangeCounts;
  flagged: { total: number; items: FlaggedResponse[] };
};

type Batch = { rows: SourceRow[]; generated: Map<string, Map<string, { itemId: string; text: string }>> };

// The job's finished, not yet added responses, as import rows (the prompt as stored, its stored responses and
// the generated ones), a batch of prompts at a time.
async function* generatedBatches(client: DbClient, jobId: string): AsyncGenerator<Batch> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const prompts = await client.$queryRaw<{ id: string; external_id: string; language: "ar" | "en"; category: string; tags: string[]; text: string; priority: number | null }[]>`
      SELECT p.id::text, p.external_id, p.language::text AS language, p.category, p.tags, p.text, p.priority
      FROM prompts p
      WHERE p.id > ${after}::uuid AND p.id IN (SELECT prompt_id FROM generation_items WHERE job_id = ${jobId}::uuid AND status = 'done')
      ORDER BY p.id LIMIT ${importBatchSize}`;
    if (prompts.length === 0) return;
    after = prompts[prompts.length - 1]!.id;
    const ids = prompts.map((p) => p.id);
    const stored = await client.$queryRaw<{ prompt_id: string; key: string; text: string }[]>`
      SELECT r.prompt_id::text, m.key, r.text FROM responses r JOIN models m ON m.id = r.model_id WHERE r.prompt_id = ANY(${ids}::uuid[])`;
    const done = await client.$queryRaw<{ id: string; prompt_id: string; key: string; text: string }[]>`
      SELECT i.id::text, i.prompt_id::text, m.key, i.text FROM generation_items i JOIN models m ON m.id = i.model_id
      WHERE i.job_id = ${jobId}::uuid AND i.status = 'done' AND i.prompt_id = ANY(${ids}::uuid[])`;
    // By the prompt's external id (the import rows' id).
    const externalId = new Map(prompts.map((p) => [p.id, p.external_id]));
    const generated: Batch["generated"] = new Map();
    for (const d of done) {
      const key = externalId.get(d.prompt_id)!;
      if (!generated.has(key)) generated.set(key, new Map());
      generated.get(key)!.set(d.key, { itemId: d.id, text: d.text });
    }
    const rows = prompts.map((p, index): SourceRow => {
      const responses: Record<string, string> = {};
      for (const s of stored) if (s.prompt_id === p.id) responses[s.key] = s.text;
      for (const [key, g] of generated.get(p.external_id) ?? []) responses[key] = g.text;
      const row: PromptRow = { id: p.external_id, language: p.language, category: p.category, tags: p.tags, prompt: p.text, responses, ...(p.priority === null ? {} : { priority: p.priority }) };
      return { line: index + 1, row };
    });
    yield { rows, generated };
  }
}

async function jobSet(client: DbClient, jobId: string) {
  const [job] = await client.$queryRaw<{ prompt_set_id: string; set_name: string }[]>`
    SELECT j.prompt_set_id::text, s.name AS set_name FROM generation_jobs j JOIN prompt_sets s ON s.id = j.prompt_set_id WHERE j.id = ${jobId}::uuid`;
  if (!job) throw notFound("Job");
  return job;
}

async function detectorFor(client: DbClient, setId: string) {
  const keys = await client.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT m.key FROM models m WHERE m.id IN (
      SELECT r.model_id FROM responses r JOIN prompts p ON p.id = r.prompt_id WHERE p.prompt_set_id = ${setId}::uuid
      UNION SELECT model_id FROM model_endpoints)`;
  return identityDetector(keys.map((k) => k.key));
}

// Flags among the generated responses of one row only (the stored ones were screened when they came in).
function screenGenerated(row: SourceRow, generated: Map<string, { itemId: string; text: string }>, detect: ReturnType<typeof identityDetector>) {
  const own: PromptRow = { ...row.row, responses: Object.fromEntries([...generated].map(([key, g]) => [key, g.text])) };
  return screenIdentity(row.line, own, detect).flags;
}

export async function previewGeneration(jobId: string): Promise<GenerationPreview> {
  const job = await jobSet(db, jobId);
  const detect = await detectorFor(db, job.prompt_set_id);
  const preview: GenerationPreview = { prompts: 0, responses: 0, changes: emptyChanges(), flagged: { total: 0, items: [] } };
  for await (const { rows, generated } of generatedBatches(db, jobId)) {
    const existing = await loadExisting(db, job.prompt_set_id, rows);
    // Only the generated responses are counted as changes; the stored ones ride along unchanged.
    const own = rows.map((r) => ({ r, mine: generated.get(r.row.id) ?? new Map<string, { itemId: string; text: string }>() }));
    countChanges(own.map(({ r, mine }) => ({ ...r, row: { ...r.row, responses: Object.fromEntries([...mine].map(([k, g]) => [k, g.text])) } })), existing, preview.changes);
    for (const { r, mine } of own) {
      preview.prompts++;
      preview.responses += mine.size;
      const flags = screenGenerated(r, mine, detect);
      preview.flagged.total += flags.length;
      for (const f of flags) if (preview.flagged.items.length < previewListLimit) preview.flagged.items.push(f);
    }
  }
  return preview;
}

// Adds the job's finished responses to the pool in one transaction, through the import's writer (content
// hashes, dissimilarity scores). With dropFlagged, responses that reveal their model are left out (and
// marked dropped).
export async function commitGeneration(actorId: string, raw: z.input<typeof commitGenerationSchema>) {
  const input = commitGenerationSchema.parse(raw);
  return db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM generation_jobs WHERE id = ${input.jobId}::uuid FOR UPDATE`;
      if (!locked) throw notFound("Job");
      const job = await jobSet(tx, input.jobId);
      const detect = await detectorFor(tx, job.prompt_set_id);
      const keys = await tx.$queryRaw<{ id: string; key: string }[]>`SELECT id::text, key FROM models`;
      const modelIdByKey = new Map(keys.map((k) => [k.key, k.id]));
      const totals = { responsesNew: 0, responsesChanged: 0, pairScores: 0, dropped: 0, added: 0 };
      const added: string[] = [];
      const dropped: string[] = [];
      // Collected first: writing changes which items are 'done'.
      const batches: Batch[] = [];
      for await (const batch of generatedBatches(tx, input.jobId)) batches.push(batch);
      for (const { rows, generated } of batches) {
        const write: SourceRow[] = [];
        for (const r of rows) {
          const mine = generated.get(r.row.id);
          if (!mine) continue;
          const flagged = new Set(input.dropFlagged ? screenGenerated(r, mine, detect).map((f) => f.model) : []);
          const responses = { ...r.row.responses };
          for (const [key, g] of mine) {
            if (flagged.has(key)) {
              delete responses[key];
              dropped.push(g.itemId);
            } else added.push(g.itemId);
          }
          write.push({ ...r, row: { ...r.row, responses } });
        }
        const written = await writePromptBatch(tx, job.prompt_set_id, modelIdByKey, write);
        totals.responsesNew += written.responsesNew;
        totals.responsesChanged += written.responsesChanged;
        totals.pairScores += written.pairScores;
      }
      if (added.length + dropped.length === 0) throw new AppError(409, "nothing_to_commit", "No finished responses are waiting to be added.");
      await tx.$executeRaw`UPDATE generation_items SET status = 'added' WHERE id = ANY(${added}::uuid[])`;
      await tx.$executeRaw`UPDATE generation_items SET status = 'dropped' WHERE id = ANY(${dropped}::uuid[])`;
      await tx.$executeRaw`UPDATE generation_jobs SET committed_at = now() WHERE id = ${input.jobId}::uuid`;
      totals.added = added.length;
      totals.dropped = dropped.length;
      await recordAudit(tx, { actorId, action: "generation.committed", target: `promptSet:${job.set_name}`, details: { jobId: input.jobId, ...totals } });
      return { jobId: input.jobId, ...totals };
    },
    { timeout: 10 * 60 * 1000, maxWait: 30_000 },
  );
}
