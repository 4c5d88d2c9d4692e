// npm run bench:issue: times issueBattle (and recordVote) on real Postgres with 1,000,000 stored votes.
// Loads the same synthetic data as bench:leaderboard (50 models, 200 prompts, 10 annotators holding the
// 1M votes, i.e. 40% of their prompt + pair space already seen) plus every model's response to every
// prompt and a dissimilarity score per prompt + pair (245,000 pair_scores rows), then issues battles for
// the 10 heavy annotators and 20 fresh ones, voting after each. Phase 2 repeats with a live campaign
// (all models and the set, goldRate 0.1, overlapRate 0.1, 500 gold pairs).
// Prints p50/p95 per phase and one JSON line.
import { createTestDatabase } from "../tests/setup/test-database";
import { insertSyntheticVotes } from "./synthetic-votes";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = 50;
const issuesPerAnnotator = Number(process.env.BENCH_ISSUES ?? 30);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round1 = (x: number) => Math.round(x * 10) / 10;

try {
  const { db, closeDb } = await import("../lib/db");
  const { issueBattle } = await import("../lib/server/battles/issue-battle");
  const { recordVote } = await import("../lib/server/votes/record-vote");
  const { clearSchedulerCache } = await import("../lib/server/battles/scheduler-state");
  const loadStart = performance.now();
  const sql = (s: string) => db.$executeRawUnsafe(s);
  await sql(`INSERT INTO models (id, key, display_name) SELECT gen_random_uuid(), 'model-' || lpad(i::text, 3, '0'), 'Model ' || i FROM generate_series(0, ${modelCount - 1}) i`);
  await sql(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'bench')`);
  await sql(`
    INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash)
    SELECT gen_random_uuid(), (SELECT id FROM prompt_sets), 'p' || i, (CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language",
      'cat' || (i % 5), ARRAY['culturally-agnostic'], 'prompt ' || i, md5(i::text)
    FROM generate_series(0, 199) i`);
  await sql(`
    INSERT INTO responses (id, prompt_id, model_id, text, content_hash)
    SELECT gen_random_uuid(), p.id, m.id, repeat('response of ' || m.key || ' to ' || p.external_id || '. ', 15), md5(p.id::text || m.id::text)
    FROM prompts p CROSS JOIN models m`);
  await sql(`
    INSERT INTO pair_scores (prompt_id, model_low_id, model_high_id, dissimilarity)
    SELECT r1.prompt_id, r1.model_id, r2.model_id, random() FROM responses r1 JOIN responses r2 ON r2.prompt_id = r1.prompt_id AND r1.model_id < r2.model_id`);
  await sql(`INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'bench' || i || '@bench.local', 'annotator' FROM generate_series(0, 9) i`);
  await sql(`INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'fresh' || i || '@bench.local', 'annotator' FROM generate_series(0, 19) i`);
  await insertSyntheticVotes(sql, voteCount);
  const loadMs = Math.round(performance.now() - loadStart);

  const users = (await db.user.findMany({ orderBy: { email: "asc" } })).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, languages: u.languages, uiLocale: u.uiLocale }));
  async function phase(name: string) {
    clearSchedulerCache();
    let t = performance.now();
    const first = await issueBattle(users[0]!);
    const coldMs = round1(performance.now() - t);
    if (first) await recordVote(users[0]!.id, { battleId: first.id, winner: "tie" });
    const issue: number[] = [];
    const vote: number[] = [];
    let gold = 0;
    let overlap = 0;
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
        t = performance.now();
        await recordVote(user.id, { battleId: view.id, winner: round % 2 ? "model_a" : "model_b", timeTakenMs: 20_000 });
        vote.push(performance.now() - t);
      }
    }
    const tagged = await db.battle.groupBy({ by: ["isGold"], where: { issuedAt: { gt: new Date(Date.now() - 3600_000) } }, _count: true });
    gold = tagged.find((r) => r.isGold)?._count ?? 0;
    overlap = await db.battle.count({ where: { overlapOfId: { not: null } } });
    issue.sort((a, b) => a - b);
    vote.sort((a, b) => a - b);
    const result = { phase: name, issues: issue.length, coldFirstIssueMs: coldMs, issueP50Ms: round1(percentile(issue, 50)), issueP95Ms: round1(percentile(issue, 95)), voteP50Ms: round1(percentile(vote, 50)), voteP95Ms: round1(percentile(vote, 95)), goldBattlesSoFar: gold, overlapBattlesSoFar: overlap, emptyResults: empty };
    console.log(`${name.padEnd(12)} issues ${result.issues}  issue p50 ${result.issueP50Ms} ms  p95 ${result.issueP95Ms} ms  (cold first ${coldMs} ms)  vote p50 ${result.voteP50Ms} ms  p95 ${result.voteP95Ms} ms`);
    return result;
  }
  const votesStored = await db.vote.count();
  console.log(`loaded ${votesStored} votes in ${loadMs} ms`);
  const noCampaign = await phase("no campaign");
  const set = await db.promptSet.findFirstOrThrow();
  const models = await db.aiModel.findMany({ select: { id: true } });
  await db.campaign.create({
    data: { name: "bench", active: true, goldRate: 0.1, overlapRate: 0.1, targetVotes: 1000, promptSets: { create: [{ promptSetId: set.id }] }, models: { create: models.map((m) => ({ modelId: m.id })) } },
  });
  await sql(`INSERT INTO gold_pairs (id, prompt_id, model_low_id, model_high_id, better_model_id)
    SELECT gen_random_uuid(), prompt_id, model_low_id, model_high_id, model_low_id FROM pair_scores ORDER BY md5(prompt_id::text || model_low_id::text || model_high_id::text) LIMIT 500`);
  const withCampaign = await phase("campaign");
  console.log(JSON.stringify({ bench: "issue", votes: votesStored, loadMs, annotators: users.length, phases: [noCampaign, withCampaign] }));
  await closeDb();
} finally {
  await database.drop();
}
