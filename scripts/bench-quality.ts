// npm run bench:quality: loads synthetic votes (default 1,000,000 over 50 models, 200 prompts and
// 100 annotators, with every prompt + pair voted on by several annotators: the worst case for the
// shared-items query) into a throwaway Postgres database and times the annotators page's data.
import { createTestDatabase } from "../tests/setup/test-database";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = 50;
const annotatorCount = Number(process.env.BENCH_ANNOTATORS ?? 100);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

try {
  const { db, closeDb } = await import("../lib/db");
  const { getAnnotatorQuality } = await import("../lib/server/quality/get-annotator-quality");
  const { listSharedItems } = await import("../lib/server/quality/list-shared-items");
  const { annotatorAgreement, overallAlpha } = await import("../lib/quality/agreement");

  const loadStart = performance.now();
  for (const sql of [
    `INSERT INTO models (id, key, display_name) SELECT gen_random_uuid(), 'model-' || i, 'Model ' || i FROM generate_series(0, ${modelCount - 1}) i`,
    `INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'bench')`,
    `INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
       SELECT gen_random_uuid(), (SELECT id FROM prompt_sets), 'p' || i, (CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language", 'c', 'prompt ' || i, md5(i::text)
       FROM generate_series(0, 199) i`,
    `INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'bench' || i || '@bench.local', 'annotator' FROM generate_series(0, ${annotatorCount - 1}) i`,
    `CREATE TABLE mi AS SELECT id, (row_number() OVER (ORDER BY key)) - 1 AS i FROM models`,
    `CREATE TABLE pi AS SELECT id, language, (row_number() OVER (ORDER BY external_id)) - 1 AS i FROM prompts`,
    `CREATE TABLE ui AS SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS i FROM users`,
    `CREATE TABLE pairs AS SELECT a.id AS aid, b.id AS bid, (row_number() OVER (ORDER BY a.i, b.i)) - 1 AS k FROM mi a JOIN mi b ON a.i < b.i`,
    // Vote n: pair n mod P, prompt (n / P) mod 200; the n-th repeat of a prompt + pair goes to another annotator.
    `CREATE TABLE g AS SELECT s AS n, s % 1225 AS k, (s / 1225) % 200 AS pr, (s + (s / 245000) * 7) % ${annotatorCount} AS an, random() AS r FROM generate_series(0, ${voteCount - 1}) s`,
    `INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, expires_at, is_gold)
       SELECT md5('b' || g.n)::uuid, ui.id, pi.id, pairs.aid, pairs.bid, LEAST(pairs.aid, pairs.bid), GREATEST(pairs.aid, pairs.bid), now(), g.n % 50 = 0
       FROM g JOIN pairs ON pairs.k = g.k JOIN pi ON pi.i = g.pr JOIN ui ON ui.i = g.an ON CONFLICT DO NOTHING`,
    `INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, time_taken_ms, flagged_fast, is_gold)
       SELECT md5('v' || b.id::text)::uuid, b.id, b.annotator_id, b.prompt_id, b.model_a_id, b.model_b_id, 'en',
         (CASE WHEN random() < 0.15 THEN 'tie' WHEN random() < 0.6 THEN 'model_a' ELSE 'model_b' END)::"Winner",
         (1000 + random() * 30000)::int, random() < 0.05, b.is_gold
       FROM battles b`,
    `INSERT INTO gold_pairs (id, prompt_id, model_low_id, model_high_id, better_model_id)
       SELECT DISTINCT ON (prompt_id, pair_low_id, pair_high_id) gen_random_uuid(), prompt_id, pair_low_id, pair_high_id, pair_low_id FROM battles WHERE is_gold`,
    `DROP TABLE g, pairs, mi, pi, ui`,
    `ANALYZE`,
  ]) {
    await db.$executeRawUnsafe(sql);
  }
  const loadMs = Math.round(performance.now() - loadStart);
  const votes = await db.vote.count();

  const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
    const t = performance.now();
    const value = await f();
    return [Math.round(performance.now() - t), value];
  };
  const [sharedMs, shared] = await time(() => listSharedItems());
  const mathStart = performance.now();
  annotatorAgreement(shared);
  const alpha = overallAlpha(shared);
  const mathMs = Math.round(performance.now() - mathStart);
  const [firstMs] = await time(() => getAnnotatorQuality());
  // Unchanged votes: the vote-derived part is cached; an exclusion click does not invalidate it.
  await db.$executeRawUnsafe(`UPDATE users SET excluded_from_rankings = true WHERE email = 'bench1@bench.local'`);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push((await time(() => getAnnotatorQuality()))[0]);
  runs.sort((a, b) => a - b);
  console.log(`votes ${votes.toLocaleString("en-US")} · annotators ${annotatorCount} · loaded in ${loadMs} ms`);
  console.log(`shared items: ${shared.length.toLocaleString("en-US")} (SQL ${sharedMs} ms); kappa + alpha math ${mathMs} ms; alpha ${alpha.alpha?.toFixed(3)}`);
  console.log(`annotators page data (stats + gold + agreement): computed ${firstMs} ms; after an exclusion, cached: median of 5 = ${runs[2]} ms`);
  console.log(JSON.stringify({ votes, annotators: annotatorCount, sharedItems: shared.length, sharedSqlMs: sharedMs, agreementMathMs: mathMs, pageDataComputedMs: firstMs, pageDataCachedMedianMs: runs[2] }));
  await closeDb();
} finally {
  await database.drop();
}
