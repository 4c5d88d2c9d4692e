// The batch generation worker. Work lives in Postgres (generation_items), so jobs survive restarts and any
// number of app instances can run workers side by side:
// - an item is claimed with FOR UPDATE SKIP LOCKED and leased (locked_until = now + endpoint timeout +
//   margin); a lease that runs out (the process died mid-request) makes the item claimable again, so a
//   restarted server resumes where the jobs stopped, and finished items are never requested again;
// - per endpoint, claims run under a transaction-scoped advisory lock on the model and take only as many
//   items as the endpoint's concurrency leaves free counting every live lease, so the limit holds across
//   instances;
// - 429, 5xx, timeouts and dropped connections are retried with exponential backoff (next_attempt_at;
//   Retry-After when the endpoint sends one) up to maxAttempts, then the item fails and the admin can retry;
// - a cancelled job's requests in flight are aborted, and nothing they return is written.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { ModelEndpoint } from "@/lib/generated/prisma/client";
import { classifyFailure, complete } from "@/lib/server/endpoints/client";
import { generationSignal } from "./signal";

export type WorkerOptions = {
  // First retry delay; doubled per attempt (with ±20% jitter), capped at maxBackoffMs.
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  // Added to the endpoint timeout to form the lease.
  leaseMarginMs?: number;
  // How often to look for work while some is due soon, and while there is none.
  busyPollMs?: number;
  idlePollMs?: number;
  log?: (line: string) => void;
};

type Claimed = { id: string; job_id: string; language: "ar" | "en"; text: string; attempts: number };
type InFlight = { jobId: string; controller: AbortController };

export const generationDefaults = { backoffBaseMs: 2000, maxBackoffMs: 120_000, maxAttempts: 6, leaseMarginMs: 30_000, busyPollMs: 1000, idlePollMs: 30_000 };

export class GenerationWorker {
  readonly id = randomUUID();
  private readonly options: Required<Omit<WorkerOptions, "log">> & { log: (line: string) => void };
  private readonly inFlight = new Map<string, InFlight>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly onWake = () => this.wakeUp?.();

  constructor(options: WorkerOptions = {}) {
    this.options = { ...generationDefaults, log: (line) => console.log(line), ...options };
  }

  start(): this {
    if (this.loop) return this;
    generationSignal.on("wake", this.onWake);
    this.loop = this.run();
    return this;
  }

  wake() {
    this.wakeUp?.();
  }

  // Stops claiming. `abandon`: also abort the requests in flight without writing anything, as a crash
  // would leave them (tests simulate a restart with it); otherwise wait for them to finish.
  async stop({ abandon = false } = {}) {
    this.stopped = true;
    generationSignal.off("wake", this.onWake);
    if (abandon) this.abandoned = true;
    if (abandon) for (const f of this.inFlight.values()) f.controller.abort();
    this.wakeUp?.();
    await this.loop;
    await Promise.allSettled(this.running);
  }

  // One pass without the loop (tests): abort cancelled requests, claim what is due; returns the claimed count.
  async runOnce(): Promise<number> {
    await this.abortCancelled();
    return this.claimAll();
  }

  get requestsInFlight() {
    return this.inFlight.size;
  }

  private abandoned = false;
  private running = new Set<Promise<void>>();

  private async run() {
    let failures = 0;
    while (!this.stopped) {
      let delay = this.options.idlePollMs;
      try {
        await this.abortCancelled();
        const claimed = await this.claimAll();
        const due = await this.nextDueInMs();
        // Due work that could not be claimed waits for a free slot: a finishing request wakes the loop.
        delay = claimed > 0 ? 0 : due === null ? this.options.idlePollMs : due > 0 ? Math.max(Math.min(due, this.options.busyPollMs), 20) : this.options.busyPollMs;
        if (this.inFlight.size > 0) delay = Math.min(delay, this.options.busyPollMs);
        failures = 0;
      } catch (error) {
        // The database is down or restarting: try again later, quietly (one line per failure streak).
        if (failures++ === 0) this.options.log(`[generation] worker paused: ${error instanceof Error ? error.message : String(error)}`);
        delay = Math.min(1000 * 2 ** Math.min(failures, 5), 30_000);
      }
      if (this.stopped || delay === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref?.();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  // Milliseconds until the next pending item of a running job is due (null: none at all).
  private async nextDueInMs(): Promise<number | null> {
    const [row] = await db.$queryRaw<{ due: number | null }[]>`
      SELECT EXTRACT(EPOCH FROM (min(LEAST(CASE WHEN i.status = 'pending' THEN i.next_attempt_at END,
                                            CASE WHEN i.status = 'running' THEN i.locked_until END)) - now())) * 1000 AS due
      FROM generation_items i JOIN generation_jobs j ON j.id = i.job_id
      WHERE j.status = 'running' AND i.status IN ('pending', 'running')`;
    return row?.due === null || row?.due === undefined ? null : Math.max(0, Number(row.due));
  }

  // Aborts this worker's requests whose job was cancelled meanwhile.
  private async abortCancelled() {
    if (this.inFlight.size === 0) return;
    const jobIds = [...new Set([...this.inFlight.values()].map((f) => f.jobId))];
    const live = new Set(
      (await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM generation_jobs WHERE id = ANY(${jobIds}::uuid[]) AND status = 'running'`).map((r) => r.id),
    );
    for (const f of this.inFlight.values()) if (!live.has(f.jobId)) f.controller.abort();
  }

  private async claimAll(): Promise<number> {
    // Jobs whose last item finished in a process that stopped before marking them.
    await db.$executeRaw`
      UPDATE generation_jobs j SET status = 'done', finished_at = now()
      WHERE j.status = 'running' AND NOT EXISTS (SELECT 1 FROM generation_items i WHERE i.job_id = j.id AND i.status IN ('pending', 'running'))`;
    // Endpoints with due work.
    const models = await db.$queryRaw<{ model_id: string }[]>`
      SELECT DISTINCT i.model_id::text FROM generation_items i JOIN generation_jobs j ON j.id = i.job_id
      WHERE j.status = 'running'
        AND ((i.status = 'pending' AND i.next_attempt_at <= now()) OR (i.status = 'running' AND i.locked_until < now()))`;
    let claimed = 0;
    for (const { model_id } of models) {
      if (this.stopped) break;
      claimed += await this.claimFor(model_id);
    }
    return claimed;
  }

  private async claimFor(modelId: string): Promise<number> {
    const { endpoint, items } = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('generation:' || ${modelId}))`;
      const endpoint = await tx.modelEndpoint.findUnique({ where: { modelId } });
      if (!endpoint) {
        // The endpoint was removed after the job started: its items cannot run.
        await tx.$executeRaw`
          UPDATE generation_items SET status = 'failed', error = 'The model has no endpoint any more.', locked_until = NULL, finished_at = now()
          WHERE model_id = ${modelId}::uuid AND status IN ('pending', 'running')
            AND job_id IN (SELECT id FROM generation_jobs WHERE status = 'running')`;
        return { endpoint: null, items: [] as Claimed[] };
      }
      const [{ busy }] = await tx.$queryRaw<{ busy: number }[]>`
        SELECT count(*)::int AS busy FROM generation_items WHERE model_id = ${modelId}::uuid AND status = 'running' AND locked_until >= now()`;
      const free = endpoint.concurrency - busy;
      if (free <= 0) return { endpoint, items: [] as Claimed[] };
      const lease = endpoint.timeoutMs + this.options.leaseMarginMs;
      const items = await tx.$queryRaw<Claimed[]>`
        WITH picked AS (
          SELECT i.id FROM generation_items i JOIN generation_jobs j ON j.id = i.job_id
          WHERE i.model_id = ${modelId}::uuid AND j.status = 'running'
            AND ((i.status = 'pending' AND i.next_attempt_at <= now()) OR (i.status = 'running' AND i.locked_until < now()))
          ORDER BY i.next_attempt_at, i.id
          LIMIT ${free}
          FOR UPDATE OF i SKIP LOCKED
        )
        UPDATE generation_items g SET status = 'running', attempts = g.attempts + 1,
               locked_until = now() + make_interval(secs => ${lease / 1000}::float8)
        FROM picked, prompts p
        WHERE g.id = picked.id AND p.id = g.prompt_id
        RETURNING g.id::text, g.job_id::text, p.language::text AS language, p.text, g.attempts`;
      return { endpoint, items };
    });
    if (!endpoint) return 0;
    for (const item of items) this.launch(endpoint, item);
    return items.length;
  }

  private launch(endpoint: ModelEndpoint, item: Claimed) {
    const controller = new AbortController();
    this.inFlight.set(item.id, { jobId: item.job_id, controller });
    const task = this.call(endpoint, item, controller.signal)
      .catch((error) => this.options.log(`[generation] item ${item.id}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.inFlight.delete(item.id);
        this.running.delete(task);
        this.wakeUp?.();
      });
    this.running.add(task);
  }

  private async call(endpoint: ModelEndpoint, item: Claimed, signal: AbortSignal) {
    try {
      const result = await complete(endpoint, { language: item.language, text: item.text }, { signal });
      if (this.abandoned) return;
      // Written only while this item is still ours and running (a cancel in between wins).
      await db.$executeRaw`
        UPDATE generation_items SET status = 'done', text = ${result.text}, latency_ms = ${result.latencyMs},
               prompt_tokens = ${result.promptTokens}, completion_tokens = ${result.completionTokens},
               error = NULL, locked_until = NULL, finished_at = now()
        WHERE id = ${item.id}::uuid AND status = 'running'`;
    } catch (error) {
      if (this.abandoned) return;
      const failure = classifyFailure(error);
      if (failure.code === "aborted") return;
      const retry = failure.retryable && item.attempts < this.options.maxAttempts;
      if (retry) {
        const exponential = Math.min(this.options.backoffBaseMs * 2 ** (item.attempts - 1), this.options.maxBackoffMs);
        const delay = Math.max(failure.retryAfterMs ?? 0, Math.round(exponential * (0.8 + Math.random() * 0.4)));
        await db.$executeRaw`
          UPDATE generation_items SET status = 'pending', error = ${failure.message}, locked_until = NULL,
                 next_attempt_at = now() + make_interval(secs => ${delay / 1000}::float8)
          WHERE id = ${item.id}::uuid AND status = 'running'`;
      } else {
        await db.$executeRaw`
          UPDATE generation_items SET status = 'failed', error = ${failure.message}, locked_until = NULL, finished_at = now()
          WHERE id = ${item.id}::uuid AND status = 'running'`;
      }
    } finally {
      if (!this.abandoned) await finishJobIfComplete(item.job_id).catch(() => {});
    }
  }
}

// A running job with nothing pending or running left is done (its failures stay, to retry).
export async function finishJobIfComplete(jobId: string) {
  await db.$executeRaw`
    UPDATE generation_jobs SET status = 'done', finished_at = now()
    WHERE id = ${jobId}::uuid AND status = 'running'
      AND NOT EXISTS (SELECT 1 FROM generation_items WHERE job_id = ${jobId}::uuid AND status IN ('pending', 'running'))`;
}

// The one worker of a server process, started by instrumentation.ts (unless ARENA_GENERATION_WORKER=0).
const globalForWorker = globalThis as unknown as { arenaGenerationWorker?: GenerationWorker };
export function startServerGenerationWorker(): GenerationWorker {
  globalForWorker.arenaGenerationWorker ??= new GenerationWorker().start();
  return globalForWorker.arenaGenerationWorker;
}
