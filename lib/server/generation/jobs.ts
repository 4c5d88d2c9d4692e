import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { jobSchema, retryGenerationSchema, startGenerationSchema } from "@/lib/validation/endpoints";
import { wakeGenerationWorkers } from "./signal";

// Starts a job: one item per prompt of the set and chosen model (by default only where that model has no
// response yet). Every chosen model needs an endpoint.
export async function startGeneration(actorId: string, raw: z.input<typeof startGenerationSchema>) {
  const input = startGenerationSchema.parse(raw);
  const modelIds = [...new Set(input.modelIds)];
  const job = await db.$transaction(async (tx) => {
    const set = await tx.promptSet.findUnique({ where: { id: input.promptSetId }, select: { id: true, name: true } });
    if (!set) throw notFound("Prompt set");
    const models = await tx.aiModel.findMany({ where: { id: { in: modelIds } }, select: { id: true, key: true, endpoint: { select: { id: true } } } });
    if (models.length !== modelIds.length) throw new AppError(404, "unknown_model", "One of the chosen models no longer exists.");
    const without = models.filter((m) => !m.endpoint).map((m) => m.key);
    if (without.length) throw new AppError(422, "endpoint_missing", `These models have no endpoint: ${without.join(", ")}.`, { models: without });
    const job = await tx.generationJob.create({ data: { promptSetId: set.id, createdById: actorId }, select: { id: true } });
    const items = await tx.$executeRaw`
      INSERT INTO generation_items (id, job_id, prompt_id, model_id)
      SELECT gen_random_uuid(), ${job.id}::uuid, p.id, m.id
      FROM prompts p CROSS JOIN unnest(${modelIds}::uuid[]) AS m(id)
      WHERE p.prompt_set_id = ${set.id}::uuid
        AND (${!input.onlyMissing} OR NOT EXISTS (SELECT 1 FROM responses r WHERE r.prompt_id = p.id AND r.model_id = m.id))`;
    if (items === 0) throw new AppError(422, "nothing_to_generate", "Every chosen model already answered every prompt of this set.");
    await recordAudit(tx, {
      actorId,
      action: "generation.started",
      target: `promptSet:${set.name}`,
      details: { jobId: job.id, models: models.map((m) => m.key), items, onlyMissing: input.onlyMissing },
    });
    return { id: job.id, items };
  });
  wakeGenerationWorkers();
  return job;
}

// Stops a job: nothing pending is started, requests in flight are aborted by their worker, and what they
// return is not written. Finished responses are kept (they can still be added to the pool).
export async function cancelGeneration(actorId: string, raw: z.input<typeof jobSchema>) {
  const input = jobSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM generation_jobs WHERE id = ${input.jobId}::uuid FOR UPDATE`;
    if (!job) throw notFound("Job");
    if (job.status !== "running") throw new AppError(409, "job_not_running", "This job is not running.");
    await tx.$executeRaw`UPDATE generation_jobs SET status = 'cancelled', finished_at = now() WHERE id = ${input.jobId}::uuid`;
    const cancelled = await tx.$executeRaw`
      UPDATE generation_items SET status = 'cancelled', locked_until = NULL, finished_at = now()
      WHERE job_id = ${input.jobId}::uuid AND status IN ('pending', 'running')`;
    await recordAudit(tx, { actorId, action: "generation.cancelled", target: `generationJob:${input.jobId}`, details: { itemsCancelled: cancelled } });
    return { jobId: input.jobId, cancelled };
  });
}

// Puts failed items (one, or all of the job's) back in the queue with a fresh attempt budget; a finished or
// cancelled job runs again for them.
export async function retryGeneration(actorId: string, raw: z.input<typeof retryGenerationSchema>) {
  const input = retryGenerationSchema.parse(raw);
  const result = await db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ status: string; committed: boolean }[]>`
      SELECT status, committed_at IS NOT NULL AS committed FROM generation_jobs WHERE id = ${input.jobId}::uuid FOR UPDATE`;
    if (!job) throw notFound("Job");
    const retried = await tx.$executeRaw`
      UPDATE generation_items SET status = 'pending', attempts = 0, next_attempt_at = now(), error = NULL, finished_at = NULL
      WHERE job_id = ${input.jobId}::uuid AND status = 'failed'
        AND (${input.itemId ?? null}::uuid IS NULL OR id = ${input.itemId ?? null}::uuid)`;
    if (retried === 0) throw new AppError(409, "nothing_to_retry", "There is no failed request to retry.");
    await tx.$executeRaw`UPDATE generation_jobs SET status = 'running', finished_at = NULL WHERE id = ${input.jobId}::uuid`;
    await recordAudit(tx, { actorId, action: "generation.retried", target: `generationJob:${input.jobId}`, details: { items: retried, itemId: input.itemId ?? null } });
    return { jobId: input.jobId, retried };
  });
  wakeGenerationWorkers();
  return result;
}
