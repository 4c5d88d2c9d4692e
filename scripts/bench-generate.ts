// `npm run bench:generate`: batch generation throughput against the local OpenAI-compatible server
// (tests/helpers/fake-openai.ts) at an endpoint concurrency of 32: responses per second, and the arena's
// overhead per response (claiming, leasing, writing the answer back, finishing the job), i.e. the time each
// of the 32 slots spends per response beyond the upstream's own latency.
//
//   npm run bench:generate                                  1,000 responses (500 prompts × 2 models), 100 ms upstream
//   npm run bench:generate -- --prompts 1000 --latency 0    raw overhead: an upstream that answers at once
//
// Runs the worker in this process against a throwaway migrated Postgres database.
import { parseArgs } from "node:util";
import { FakeOpenAI } from "../tests/helpers/fake-openai";
import { createTestDatabase } from "../tests/setup/test-database";

const { values: args } = parseArgs({
  options: {
    prompts: { type: "string", default: "500" },
    models: { type: "string", default: "2" },
    concurrency: { type: "string", default: "32" },
    latency: { type: "string", default: "100" },
  },
});
const prompts = Number(args.prompts);
const modelCount = Number(args.models);
const concurrency = Number(args.concurrency);
const latencyMs = Number(args.latency);

const database = await createTestDatabase("arena_bench_gen");
process.env.DATABASE_URL = database.url;
process.env.DATABASE_POOL_MAX ??= "10";
const fake = await new FakeOpenAI().start();
fake.latencyMs = latencyMs;

try {
  const { db, closeDb } = await import("../lib/db");
  const { importPromptFile } = await import("../lib/server/import/import-prompt-file");
  const { saveEndpoint } = await import("../lib/server/endpoints/save-endpoint");
  const { startGeneration } = await import("../lib/server/generation/jobs");
  const { GenerationWorker } = await import("../lib/server/generation/worker");

  const admin = await db.user.create({ data: { email: "bench-admin@bench.local", role: "admin" } });
  const lines = Array.from({ length: prompts }, (_, k) =>
    JSON.stringify({ id: `p${k}`, language: k % 2 ? "ar" : "en", category: "bench", prompt: k % 2 ? `سؤال رقم ${k}: ما عاصمة الأردن؟` : `Question ${k}: what is the capital of Jordan?` }),
  );
  const { result } = await importPromptFile({ body: Buffer.from(lines.join("\n")), fileName: "bench.jsonl", setName: "bench-generate" });
  const modelIds: string[] = [];
  for (let m = 0; m < modelCount; m++) {
    const model = await db.aiModel.create({ data: { key: `bench-gen-${m}`, displayName: `Bench ${m}` } });
    modelIds.push(model.id);
    // The concurrency limit is per endpoint: the models share the 32 slots (each gets 32 / models).
    await saveEndpoint(admin.id, {
      modelId: model.id, baseUrl: fake.baseUrl, remoteModel: `served-${m}`, credential: { kind: "none" },
      concurrency: Math.max(1, Math.round(concurrency / modelCount)), timeoutMs: 30_000,
    });
  }
  const worker = new GenerationWorker({ busyPollMs: 50, idlePollMs: 200, log: () => {} });
  const started = performance.now();
  const { id: jobId } = await startGeneration(admin.id, { promptSetId: result!.promptSetId, modelIds, onlyMissing: false });
  worker.start();
  const total = prompts * modelCount;
  for (;;) {
    const job = await db.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } });
    if (job.status !== "running") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsedMs = performance.now() - started;
  await worker.stop();
  const counts = Object.fromEntries(
    (await db.generationItem.groupBy({ by: ["status"], where: { jobId }, _count: true })).map((r) => [r.status, r._count]),
  );
  const done = counts.done ?? 0;
  const slots = Math.max(1, Math.round(concurrency / modelCount)) * modelCount;
  const perResponseSlotMs = (elapsedMs * slots) / Math.max(1, done);
  console.log(
    JSON.stringify({
      responses: total,
      done,
      failed: counts.failed ?? 0,
      concurrency: slots,
      upstreamLatencyMs: latencyMs,
      maxInFlightSeen: fake.maxInFlight,
      seconds: +(elapsedMs / 1000).toFixed(2),
      responsesPerSecond: +(done / (elapsedMs / 1000)).toFixed(1),
      idealPerSecond: latencyMs > 0 ? +((slots * 1000) / latencyMs).toFixed(1) : null,
      overheadMsPerResponse: +(perResponseSlotMs - latencyMs).toFixed(1),
    }),
  );
  if (done !== total) process.exitCode = 1;
  await closeDb();
} finally {
  await fake.stop();
  await database.drop();
}
