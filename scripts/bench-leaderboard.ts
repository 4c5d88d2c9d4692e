// npm run bench:leaderboard: loads 1,000,000 synthetic votes over 50 models (known strengths) into a
// throwaway Postgres database and times the leaderboard request: first (computed) and cached.
import { createTestDatabase } from "../tests/setup/test-database";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = Number(process.env.BENCH_MODELS ?? 50);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

try {
  const { db } = await import("../lib/db");
  const { getLeaderboard, getEloRatings, clearLeaderboardCache } = await import("../lib/server/research/get-leaderboard");
  const { leaderboardFiltersSchema } = await import("../lib/validation/leaderboard-filters");

  const loadStart = performance.now();
  await db.$executeRawUnsafe(`
    INSERT INTO models (id, key, display_name)
    SELECT gen_random_uuid(), 'model-' || lpad(i::text, 3, '0'), 'Model ' || i FROM generate_series(0, ${modelCount - 1}) i`);
  await db.$executeRawUnsafe(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'bench')`);
  await db.$executeRawUnsafe(`
    INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash)
    SELECT gen_random_uuid(), (SELECT id FROM prompt_sets), 'p' || i, (CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language",
      'cat' || (i % 5), ARRAY[CASE WHEN i % 3 = 0 THEN 'culturally-sensitive' ELSE 'culturally-agnostic' END], 'prompt ' || i, md5(i::text)
    FROM generate_series(0, 199) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'bench' || i || '@bench.local', 'annotator' FROM generate_series(0, 9) i`);
  // Index tables (plain tables: temporary ones would live on one pooled connection only).
  for (const sql of [
    `CREATE TABLE mi AS SELECT id, (row_number() OVER (ORDER BY key)) - 1 AS i FROM models`,
    `CREATE TABLE pi AS SELECT id, language, (row_number() OVER (ORDER BY external_id)) - 1 AS i FROM prompts`,
    `CREATE TABLE ui AS SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS i FROM users`,
    `CREATE TABLE pairs AS SELECT a.i AS ai, b.i AS bi, a.id AS aid, b.id AS bid, (row_number() OVER (ORDER BY a.i, b.i)) - 1 AS k FROM mi a JOIN mi b ON a.i < b.i`,
  ]) {
    await db.$executeRawUnsafe(sql);
  }
  const pairCount = (modelCount * (modelCount - 1)) / 2;
  await db.$executeRawUnsafe(`
    CREATE TABLE g AS
    SELECT s AS n, s % ${pairCount} AS k, (s / ${pairCount}) % 200 AS pr, s / (${pairCount} * 200) AS an, random() AS r, random() AS side
    FROM generate_series(0, ${voteCount - 1}) s`);
  await db.$executeRawUnsafe(`
    INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, issued_at, expires_at)
    SELECT md5('b' || g.n)::uuid, ui.id, pi.id,
      CASE WHEN g.side < 0.5 THEN pairs.aid ELSE pairs.bid END, CASE WHEN g.side < 0.5 THEN pairs.bid ELSE pairs.aid END,
      LEAST(pairs.aid, pairs.bid), GREATEST(pairs.aid, pairs.bid),
      now() - interval '30 days' + (g.n * interval '2 seconds'), now() + interval '1 day'
    FROM g JOIN pairs ON pairs.k = g.k JOIN pi ON pi.i = g.pr JOIN ui ON ui.i = g.an`);
  // Strength of model i is 1000 + 8·i: P(a beats b) from the rating gap; 10% ties, 3% both bad.
  await db.$executeRawUnsafe(`
    INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, time_taken_ms, created_at)
    SELECT md5('v' || g.n)::uuid, md5('b' || g.n)::uuid, ui.id, pi.id,
      CASE WHEN g.side < 0.5 THEN pairs.aid ELSE pairs.bid END, CASE WHEN g.side < 0.5 THEN pairs.bid ELSE pairs.aid END,
      pi.language,
      (CASE
        WHEN g.r < 0.03 THEN 'tie_bothbad'
        WHEN g.r < 0.13 THEN 'tie'
        WHEN ((g.r - 0.13) / 0.87 < 1 / (1 + power(10, ((CASE WHEN g.side < 0.5 THEN pairs.bi ELSE pairs.ai END) - (CASE WHEN g.side < 0.5 THEN pairs.ai ELSE pairs.bi END)) * 8 / 400.0))) THEN 'model_a'
        ELSE 'model_b' END)::"Winner",
      5000, now() - interval '30 days' + (g.n * interval '2 seconds')
    FROM g JOIN pairs ON pairs.k = g.k JOIN pi ON pi.i = g.pr JOIN ui ON ui.i = g.an`);
  await db.$executeRawUnsafe(`DROP TABLE g, pairs, mi, pi, ui`);
  await db.$executeRawUnsafe(`ANALYZE`);
  const loadMs = Math.round(performance.now() - loadStart);

  const filters = leaderboardFiltersSchema.parse({});
  const time = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return Math.round((performance.now() - t) * 10) / 10;
  };
  clearLeaderboardCache();
  const firstMs = await time(() => getLeaderboard(filters));
  const cachedRuns: number[] = [];
  for (let i = 0; i < 20; i++) cachedRuns.push(await time(() => getLeaderboard(filters)));
  cachedRuns.sort((a, b) => a - b);
  const arabic = leaderboardFiltersSchema.parse({ language: "ar" });
  const filteredFirstMs = await time(() => getLeaderboard(arabic));
  const result = await getLeaderboard(filters);
  const eloFirstMs = await time(() => getEloRatings(filters));
  const eloCachedMs = await time(() => getEloRatings(filters));
  const elo = await getEloRatings(filters);
  // Model i has strength 1000 + 8·i, so model-049 should lead (ties as half compress the spread).
  const keyOf = new Map(result.models.map((m) => [m.id, m.key]));
  const top = result.leaderboard.models.slice(0, 3).map((m) => `${keyOf.get(m.model)}:${m.rating?.toFixed(1)}`);
  console.log(
    JSON.stringify({
      votes: result.votes,
      models: result.models.length,
      bootstrap: 1000,
      loadMs,
      firstMs,
      cachedMedianMs: cachedRuns[10],
      cachedP95Ms: cachedRuns[18],
      filteredFirstMs,
      computeMs: result.computeMs,
      stageMs: result.stageMs,
      eloFirstMs,
      eloCachedMs,
      eloStageMs: elo.stageMs,
      top,
    }),
  );
  await db.$disconnect();
} finally {
  await database.drop();
}
