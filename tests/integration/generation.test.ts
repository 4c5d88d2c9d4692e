import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveEndpoint } from "@/lib/server/endpoints/save-endpoint";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { getGenerationJob } from "@/lib/server/generation/job-view";
import { cancelGeneration, retryGeneration, startGeneration } from "@/lib/server/generation/jobs";
import { commitGeneration, previewGeneration } from "@/lib/server/generation/pool";
import { GenerationWorker, type WorkerOptions } from "@/lib/server/generation/worker";
import { FakeOpenAI } from "../helpers/fake-openai";
import { makeUser, resetData } from "../helpers/fixtures";

// Batch generation against a local OpenAI-compatible server: jobs in Postgres that resume after a restart,
// per-endpoint concurrency across workers, retries with backoff, cancel, retry from the page, and the
// import's path (preview, identity flags, content hashes, dissimilarity scores) before responses join the pool.

let fake: FakeOpenAI;
const workers: GenerationWorker[] = [];
const fast: WorkerOptions = { backoffBaseMs: 50, busyPollMs: 100, idlePollMs: 200, leaseMarginMs: 300, log: () => {} };
const worker = (options: WorkerOptions = {}) => {
  const w = new GenerationWorker({ ...fast, ...options }).start();
  workers.push(w);
  return w;
};

async function waitFor<T>(what: string, probe: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const jobStatus = async (id: string) => (await db.generationJob.findUniqueOrThrow({ where: { id } })).status;
const itemCounts = async (jobId: string) => {
  const rows = await db.generationItem.groupBy({ by: ["status"], where: { jobId }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
};

// A set of prompts without responses (an import may now omit them).
async function importPromptsOnly(prompts: string[], setName = `gen-${Math.random().toString(36).slice(2, 8)}`) {
  const lines = prompts.map((prompt, k) => JSON.stringify({ id: `p${k}`, language: k % 2 ? "ar" : "en", category: "gen", prompt }));
  const { preview, result } = await importPromptFile({ body: Buffer.from(lines.join("\n")), fileName: "prompts.jsonl", setName });
  expect(preview.errors.total).toBe(0);
  expect(preview.responses).toBe(0);
  return result!.promptSetId;
}

// The name the endpoint serves under (not the model key: the fake echoes it, and a key in a response is flagged).
let served = 0;
async function endpointModel(adminId: string, key: string, options: { concurrency?: number; timeoutMs?: number } = {}) {
  const model = await db.aiModel.create({ data: { key, displayName: key } });
  await saveEndpoint(adminId, {
    modelId: model.id, baseUrl: fake.baseUrl, remoteModel: `served-${++served}`, credential: { kind: "none" },
    concurrency: options.concurrency ?? 4, timeoutMs: options.timeoutMs ?? 10_000, systemPromptAr: "أجب بالعربية.",
  });
  return model.id;
}

beforeAll(async () => {
  fake = await new FakeOpenAI().start();
});
afterAll(async () => {
  await fake.stop();
  await resetData();
});

describe("batch generation", () => {
  let adminId = "";
  beforeEach(async () => {
    await resetData();
    adminId = (await makeUser("admin")).id;
    fake.requests.length = 0;
    fake.queue = [];
    fake.fallback = "ok";
    fake.latencyMs = 0;
    fake.maxInFlight = 0;
    fake.aborted = 0;
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ abandon: true })));
    fake.releaseHanging();
  });

  it("answers every prompt, records latency and tokens, and adds the responses through the import's preview and writer", async () => {
    const setId = await importPromptsOnly(["What is 2 + 2?", "ما عاصمة مصر؟", "Are you ChatGPT?", "اكتب بيتًا من الشعر."]);
    const a = await endpointModel(adminId, "gen-a");
    const b = await endpointModel(adminId, "gen-b");
    const job = await startGeneration(adminId, { promptSetId: setId, modelIds: [a, b] });
    expect(job.items).toBe(8);
    worker();
    await waitFor("the job to finish", async () => (await jobStatus(job.id)) === "done");
    const detail = (await getGenerationJob(job.id))!;
    expect(detail.counts).toMatchObject({ total: 8, done: 8, failed: 0 });
    expect(detail.promptTokens).toBeGreaterThan(0);
    expect(detail.completionTokens).toBeGreaterThan(0);
    expect(detail.latencyP50Ms).not.toBeNull();
    // The Arabic system prompt went with the Arabic prompts only.
    const withSystem = fake.requests.filter((r) => r.system === "أجب بالعربية.").map((r) => r.prompt);
    expect(new Set(withSystem)).toEqual(new Set(["ما عاصمة مصر؟", "اكتب بيتًا من الشعر."]));
    expect(withSystem).toHaveLength(4);
    expect(fake.requests.filter((r) => r.system === null)).toHaveLength(4);
    // Nothing joins the pool before the admin confirms.
    expect(await db.response.count()).toBe(0);
    const preview = await previewGeneration(job.id);
    expect(preview).toMatchObject({ prompts: 4, responses: 8, changes: { responsesNew: 8, promptsUnchanged: 4, promptsNew: 0 } });
    // "Are you ChatGPT?" is echoed by the fake server: both of its answers name a model.
    expect(preview.flagged.items.map((f) => [f.id, f.model, f.phrase.toLowerCase()]).sort()).toEqual([["p2", "gen-a", "chatgpt"], ["p2", "gen-b", "chatgpt"]]);

    const result = await commitGeneration(adminId, { jobId: job.id, dropFlagged: true });
    expect(result).toMatchObject({ added: 6, dropped: 2, responsesNew: 6, pairScores: 3 });
    const stored = await db.response.findMany({ select: { text: true, contentHash: true } });
    expect(stored).toHaveLength(6);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.contentHash))).toBe(true);
    expect(await db.pairScore.count()).toBe(3);
    expect(await itemCounts(job.id)).toEqual({ added: 6, dropped: 2 });
    await expect(commitGeneration(adminId, { jobId: job.id })).rejects.toMatchObject({ code: "nothing_to_commit" });
    // A second job for the same models has nothing left to do (only prompts without a response).
    const again = await startGeneration(adminId, { promptSetId: setId, modelIds: [a] });
    expect(again.items).toBe(1);
  });

  it("keeps each endpoint's concurrency limit across two workers (measured at the server)", async () => {
    const setId = await importPromptsOnly(Array.from({ length: 10 }, (_, k) => `Question ${k}`));
    const a = await endpointModel(adminId, "gen-c", { concurrency: 2 });
    fake.latencyMs = 150;
    const job = await startGeneration(adminId, { promptSetId: setId, modelIds: [a] });
    worker();
    worker();
    await waitFor("the job to finish", async () => (await jobStatus(job.id)) === "done");
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBe(2);
  });

  it("retries 429, 5xx and timeouts with exponential backoff, then fails; a failure is retried from the page", async () => {
    const setId = await importPromptsOnly(["Only one prompt"]);
    const a = await endpointModel(adminId, "gen-d", { timeoutMs: 1000 });
    fake.queue = ["429", "500", "hang"];
    const job = await startGeneration(adminId, { promptSetId: setId, modelIds: [a] });
    worker({ backoffBaseMs: 300 });
    await waitFor("the job to finish", async () => (await jobStatus(job.id)) === "done");
    const item = await db.generationItem.findFirstOrThrow({ where: { jobId: job.id } });
    expect(item).toMatchObject({ status: "done", attempts: 4 });
    const times = fake.requests.map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Backoff 300 ms · 2^(attempt − 1), ±20%: at least 240, 480 and (after the 1 s timeout) 1000 + 960 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(240);
    expect(gaps[1]).toBeGreaterThanOrEqual(480);
    expect(gaps[2]).toBeGreaterThanOrEqual(1000 + 960);

    // Always failing: the item fails after maxAttempts and waits for the admin.
    const b = await endpointModel(adminId, "gen-e");
    fake.fallback = "500";
    const failing = await startGeneration(adminId, { promptSetId: setId, modelIds: [b] });
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    worker({ maxAttempts: 2 });
    await waitFor("the job to finish", async () => (await jobStatus(failing.id)) === "done");
    const detail = (await getGenerationJob(failing.id))!;
    expect(detail.counts).toMatchObject({ failed: 1, done: 0 });
    expect(detail.failures).toEqual([expect.objectContaining({ promptExternalId: "p0", model: "gen-e", attempts: 2, error: expect.stringContaining("500") })]);
    fake.fallback = "ok";
    await retryGeneration(adminId, { jobId: failing.id, itemId: detail.failures[0]!.id });
    await waitFor("the retried job to finish", async () => (await jobStatus(failing.id)) === "done" && (await itemCounts(failing.id)).done === 1);
    await expect(retryGeneration(adminId, { jobId: failing.id })).rejects.toMatchObject({ code: "nothing_to_retry" });
  });

  it("cancel aborts the requests in flight, writes nothing they return, and starts no more", async () => {
    const setId = await importPromptsOnly(Array.from({ length: 6 }, (_, k) => `Question ${k}`));
    const a = await endpointModel(adminId, "gen-f", { concurrency: 3 });
    fake.fallback = "hang";
    const job = await startGeneration(adminId, { promptSetId: setId, modelIds: [a] });
    const w = worker();
    await waitFor("three requests in flight", () => fake.inFlight === 3);
    await cancelGeneration(adminId, { jobId: job.id });
    w.wake();
    await waitFor("the requests to be aborted", () => fake.aborted === 3 && w.requestsInFlight === 0);
    expect(await itemCounts(job.id)).toEqual({ cancelled: 6 });
    expect(await db.generationItem.count({ where: { jobId: job.id, text: { not: null } } })).toBe(0);
    fake.fallback = "ok";
    expect(await new GenerationWorker(fast).runOnce()).toBe(0);
    expect(fake.requests).toHaveLength(3);
    await expect(cancelGeneration(adminId, { jobId: job.id })).rejects.toMatchObject({ code: "job_not_running" });
  });

  it("resumes after a restart: finished prompts are not asked again, abandoned ones are", async () => {
    const prompts = Array.from({ length: 6 }, (_, k) => `Question ${k}`);
    const setId = await importPromptsOnly(prompts);
    const a = await endpointModel(adminId, "gen-g", { concurrency: 2, timeoutMs: 1500 });
    fake.queue = ["ok", "ok"];
    fake.fallback = "hang";
    const job = await startGeneration(adminId, { promptSetId: setId, modelIds: [a] });
    const first = worker();
    await waitFor("two answers and two hanging requests", async () => (await itemCounts(job.id)).done === 2 && fake.inFlight === 2);
    // The process dies: its requests are gone, its rows still say "running" under a lease.
    workers.splice(workers.indexOf(first), 1);
    await first.stop({ abandon: true });
    expect(await itemCounts(job.id)).toEqual({ done: 2, running: 2, pending: 2 });
    fake.fallback = "ok";
    fake.releaseHanging();
    worker();
    await waitFor("the job to finish", async () => (await jobStatus(job.id)) === "done");
    expect(await itemCounts(job.id)).toEqual({ done: 6 });
    const asked = prompts.map((p) => fake.countFor(p));
    expect(asked.filter((n) => n === 1)).toHaveLength(4);
    expect(asked.filter((n) => n === 2)).toHaveLength(2);
    const done = await db.generationItem.findMany({ where: { jobId: job.id }, select: { attempts: true } });
    expect(done.map((d) => d.attempts).sort()).toEqual([1, 1, 1, 1, 2, 2]);
  });
});
