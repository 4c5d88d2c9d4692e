// npm run bench:scheduler-scale: the scheduler with many models, on real Postgres. Loads 200 models and 5,000
// prompts, each answered by 8 of the models (28 pairs per prompt: 140,000 prompt + pair entries that can be
// issued, each with a pair_scores row), and 200,000 synthetic votes between all 19,900 model pairs; then 20
// fresh annotators issue and vote. Phase 2 adds what the reported import added (200 prompts, each answered
// by 2 of 400 new models: a 34 KB file) and does the same again.
// Prints, per phase: the cold first issue (catalogue + weights loaded), issue p50/p99, the longest
// event-loop stall (background cache refreshes run on the same thread as requests), RSS and heap after
// warming, and the process's peak RSS; then one JSON line.
//   BENCH_MODELS (200), BENCH_PROMPTS (5000), BENCH_MODELS_PER_PROMPT (8), BENCH_VOTES (200000), BENCH_ISSUES (25 per annotator)
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createTestDatabase } from "../tests/setup/test-database";
import { insertSyntheticVotes } from "./synthetic-votes";

const modelCount = Number(process.env.BENCH_MODELS ?? 200);
const promptCount = Number(process.env.BENCH_PROMPTS ?? 5000);
const modelsPerPrompt = Number(process.env.BENCH_MODELS_PER_PROMPT ?? 8);
const voteCount = Number(process.env.BENCH_VOTES ?? 200_000);
const issuesPerAnnotator = Number(process.env.BENCH_ISSUES ?? 25);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round1 = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

try {
  const { db } = await import("../lib/db");
  const { issueBattle } = await import("../lib/server/battles/issue-battle");
  const { recordVote } = await import("../lib/server/votes/record-vote");
  const { clearSchedulerCache } = await import("../lib/server/battles/scheduler-state");
  const sql = (s: string) => db.$executeRawUnsafe(s);
  const loadStart = performance.now();
  await sql(`INSERT INTO models (id, key, display_name) SELECT gen_random_uuid(), 'model-' || lpad(i::text, 4, '0'), 'Model ' || i FROM generate_series(0, ${modelCount - 1}) i`);
  await sql(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'bench')`);
  await sql(`
    INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash)
    SELECT gen_random_uuid(), (SELECT id FROM prompt_sets), 'p' || lpad(i::text, 5, '0'), (CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language",
      'cat' || (i % 5), ARRAY['culturally-agnostic'], 'prompt ' || i, md5(i::text)
    FROM generate_series(0, ${promptCount - 1}) i`);
  // Prompt i is answered by models (7i + 25k) mod M, k < modelsPerPrompt: distinct, and spread over every model.
  await sql(`
    CREATE TABLE bench_answers AS
    SELECT p.id AS prompt_id, m.id AS model_id, m.key, p.external_id
    FROM (SELECT id, external_id, substr(external_id, 2)::int AS i FROM prompts) p
    CROSS JOIN generate_series(0, ${modelsPerPrompt - 1}) k
    JOIN (SELECT id, key, (row_number() OVER (ORDER BY key)) - 1 AS i FROM models) m ON m.i = (7 * p.i + 25 * k) % ${modelCount}`);
  await sql(`
    INSERT INTO responses (id, prompt_id, model_id, text, content_hash)
    SELECT gen_random_uuid(), prompt_id, model_id, repeat('response of ' || key || ' to ' || external_id || '. ', 15), md5(prompt_id::text || model_id::text)
    FROM bench_answers`);
  await sql(`DROP TABLE bench_answers`);
  await sql(`
    INSERT INTO pair_scores (prompt_id, model_low_id, model_high_id, dissimilarity)
    SELECT r1.prompt_id, r1.model_id, r2.model_id, random() FROM responses r1 JOIN responses r2 ON r2.prompt_id = r1.prompt_id AND r1.model_id < r2.model_id`);
  await sql(`INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'bench' || i || '@bench.local', 'annotator' FROM generate_series(0, 9) i`);
  await insertSyntheticVotes(sql, voteCount);
  const loadMs = Math.round(performance.now() - loadStart);
  const [counts] = await db.$queryRawUnsafe<{ responses: bigint; pair_scores: bigint; votes: bigint }[]>(
    `SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM pair_scores) AS pair_scores, (SELECT count(*) FROM votes) AS votes`,
  );
  console.log(`loaded ${modelCount} models, ${promptCount} prompts, ${counts!.responses} responses, ${counts!.pair_scores} pair scores, ${counts!.votes} votes in ${loadMs} ms`);

  let freshUsers = 0;
  async function phase(name: string) {
    clearSchedulerCache();
    await sql(`INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'fresh' || i || '@bench.local', 'annotator' FROM generate_series(${freshUsers}, ${freshUsers + 19}) i`);
    freshUsers += 20;
    const users = (await db.user.findMany({ where: { email: { startsWith: "fresh" } }, orderBy: { email: "asc" } }))
      .slice(-20)
      .map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, languages: u.languages, uiLocale: u.uiLocale }));
    global.gc?.();
    const before = process.memoryUsage();
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    let t = performance.now();
    const first = await issueBattle(users[0]!);
    const coldMs = round1(performance.now() - t);
    if (first) await recordVote(users[0]!.id, { battleId: first.id, winner: "tie", timeTakenMs: 20_000 });
    const warm = process.memoryUsage();
    const issue: number[] = [];
    let empty = 0;
    for (let round = 0; round < issuesPerAnnotator; round++) {
      for (const user of users) {
        t = performance.now();
        const view = await issueBattle(user);
        issue.push(performance.now() - t);
        if (!view) {
          empty++;
          continue;
        }
        await recordVote(user.id, { battleId: view.id, winner: round % 2 ? "model_a" : "model_b", timeTakenMs: 20_000 });
      }
    }
    stalls.disable();
    issue.sort((a, b) => a - b);
    const result = {
      phase: name,
      issues: issue.length,
      emptyResults: empty,
      coldFirstIssueMs: coldMs,
      issueP50Ms: round1(percentile(issue, 50)),
      issueP99Ms: round1(percentile(issue, 99)),
      longestEventLoopStallMs: round1(stalls.max / 1e6),
      rssBeforeMb: mb(before.rss),
      rssWarmMb: mb(warm.rss),
      heapWarmMb: mb(warm.heapUsed),
      heapGrowthMb: mb(warm.heapUsed - before.heapUsed),
      peakRssMb: peakRssMb(),
    };
    console.log(
      `${name.padEnd(26)} issue p50 ${result.issueP50Ms} ms  p99 ${result.issueP99Ms} ms  (cold first ${coldMs} ms, longest stall ${result.longestEventLoopStallMs} ms)  ` +
        `RSS ${result.rssBeforeMb} → ${result.rssWarmMb} MB  heap ${result.heapWarmMb} MB (+${result.heapGrowthMb})  peak RSS ${result.peakRssMb} MB`,
    );
    return result;
  }

  const base = await phase(`${modelCount} models`);
  // The reported import: 200 prompts, 400 new models, two answers each (34 KB).
  await sql(`INSERT INTO models (id, key, display_name) SELECT gen_random_uuid(), 'new-' || lpad(i::text, 4, '0'), 'New ' || i FROM generate_series(0, 399) i`);
  await sql(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'many models')`);
  await sql(`
    INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
    SELECT gen_random_uuid(), (SELECT id FROM prompt_sets WHERE name = 'many models'), 'n' || i, 'en', 'c', 'new prompt ' || i, md5('n' || i)
    FROM generate_series(0, 199) i`);
  await sql(`
    INSERT INTO responses (id, prompt_id, model_id, text, content_hash)
    SELECT gen_random_uuid(), p.id, m.id, 'short answer ' || m.key, md5(p.id::text || m.id::text)
    FROM (SELECT id, substr(external_id, 2)::int AS i FROM prompts WHERE external_id LIKE 'n%') p
    JOIN (SELECT id, key, (row_number() OVER (ORDER BY key)) - 1 AS i FROM models WHERE key LIKE 'new-%') m ON m.i IN (2 * p.i, 2 * p.i + 1)`);
  await sql(`
    INSERT INTO pair_scores (prompt_id, model_low_id, model_high_id, dissimilarity)
    SELECT r1.prompt_id, r1.model_id, r2.model_id, random() FROM responses r1 JOIN responses r2 ON r2.prompt_id = r1.prompt_id AND r1.model_id < r2.model_id
    WHERE r1.prompt_id IN (SELECT id FROM prompts WHERE external_id LIKE 'n%')`);
  const withImport = await phase(`+ 400 new models (import)`);
  console.log(JSON.stringify({ bench: "scheduler-scale", models: modelCount, prompts: promptCount, modelsPerPrompt, votes: Number(counts!.votes), loadMs, phases: [base, withImport] }));
  await db.$disconnect();
} finally {
  await database.drop();
}
