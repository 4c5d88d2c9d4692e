import "server-only";
import { db } from "@/lib/db";

export type JobCounts = { total: number; pending: number; running: number; done: number; failed: number; cancelled: number; added: number; dropped: number };
export type JobSummary = {
  id: string;
  promptSetId: string;
  promptSetName: string;
  status: "running" | "done" | "cancelled";
  createdAt: Date;
  finishedAt: Date | null;
  committedAt: Date | null;
  models: string[];
  counts: JobCounts;
};
export type JobDetail = JobSummary & {
  // Finished responses per minute since the job started, and the seconds left at that rate (null: unknown).
  ratePerMinute: number | null;
  secondsLeft: number | null;
  latencyP50Ms: number | null;
  promptTokens: number;
  completionTokens: number;
  failures: { id: string; promptExternalId: string; model: string; attempts: number; error: string | null }[];
};

type CountRow = { job_id: string; status: string; n: number };

function toCounts(rows: CountRow[]): JobCounts {
  const counts: JobCounts = { total: 0, pending: 0, running: 0, done: 0, failed: 0, cancelled: 0, added: 0, dropped: 0 };
  for (const r of rows) {
    if (r.status in counts) counts[r.status as keyof JobCounts] += r.n;
    counts.total += r.n;
  }
  return counts;
}

async function summaries(where: { id?: string }): Promise<JobSummary[]> {
  const jobs = await db.generationJob.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, promptSetId: true, status: true, createdAt: true, finishedAt: true, committedAt: true, promptSet: { select: { name: true } } },
  });
  if (jobs.length === 0) return [];
  const ids = jobs.map((j) => j.id);
  const counts = await db.$queryRaw<CountRow[]>`
    SELECT job_id::text, status, count(*)::int AS n FROM generation_items WHERE job_id = ANY(${ids}::uuid[]) GROUP BY 1, 2`;
  const models = await db.$queryRaw<{ job_id: string; key: string }[]>`
    SELECT DISTINCT i.job_id::text, m.key FROM generation_items i JOIN models m ON m.id = i.model_id WHERE i.job_id = ANY(${ids}::uuid[]) ORDER BY 2`;
  return jobs.map((j) => ({
    id: j.id,
    promptSetId: j.promptSetId,
    promptSetName: j.promptSet.name,
    status: j.status as JobSummary["status"],
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
    committedAt: j.committedAt,
    models: models.filter((m) => m.job_id === j.id).map((m) => m.key),
    counts: toCounts(counts.filter((c) => c.job_id === j.id)),
  }));
}

export const listGenerationJobs = () => summaries({});

export async function getGenerationJob(id: string): Promise<JobDetail | null> {
  const [job] = await summaries({ id });
  if (!job) return null;
  const [stats] = await db.$queryRaw<{ p50: number | null; prompt_tokens: bigint | null; completion_tokens: bigint | null; first: Date | null; last: Date | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, sum(prompt_tokens) AS prompt_tokens,
           sum(completion_tokens) AS completion_tokens, min(finished_at) AS first, max(finished_at) AS last
    FROM generation_items WHERE job_id = ${id}::uuid AND status IN ('done', 'added', 'dropped')`;
  const failures = await db.$queryRaw<{ id: string; external_id: string; key: string; attempts: number; error: string | null }[]>`
    SELECT i.id::text, p.external_id, m.key, i.attempts, i.error
    FROM generation_items i JOIN prompts p ON p.id = i.prompt_id JOIN models m ON m.id = i.model_id
    WHERE i.job_id = ${id}::uuid AND i.status = 'failed' ORDER BY p.external_id, m.key LIMIT 200`;
  const finished = job.counts.done + job.counts.added + job.counts.dropped;
  const remaining = job.counts.pending + job.counts.running;
  const end = job.status === "running" ? new Date() : (job.finishedAt ?? new Date());
  const minutes = (end.getTime() - job.createdAt.getTime()) / 60_000;
  const ratePerMinute = finished > 0 && minutes > 0 ? finished / minutes : null;
  return {
    ...job,
    ratePerMinute,
    secondsLeft: job.status === "running" && ratePerMinute ? Math.round((remaining / ratePerMinute) * 60) : null,
    latencyP50Ms: stats?.p50 === null || stats?.p50 === undefined ? null : Math.round(Number(stats.p50)),
    promptTokens: Number(stats?.prompt_tokens ?? 0),
    completionTokens: Number(stats?.completion_tokens ?? 0),
    failures: failures.map((f) => ({ id: f.id, promptExternalId: f.external_id, model: f.key, attempts: f.attempts, error: f.error })),
  };
}

// The sets and the models with an endpoint, for the "start a job" form.
export async function generationChoices() {
  const [sets, models] = await Promise.all([
    db.promptSet.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, _count: { select: { prompts: true } } } }),
    db.aiModel.findMany({ where: { endpoint: { isNot: null } }, orderBy: { displayName: "asc" }, select: { id: true, key: true, displayName: true } }),
  ]);
  return { sets: sets.map((s) => ({ id: s.id, name: s.name, prompts: s._count.prompts })), models };
}
