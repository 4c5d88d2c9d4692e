// npm run bench:leaderboard: loads 1,000,000 synthetic votes over 50 models (known strengths) into a
// throwaway Postgres database and times the leaderboard request: first (computed) and cached.
import { createTestDatabase } from "../tests/setup/test-database";
import { insertSyntheticVotes } from "./synthetic-votes";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = Number(process.env.BENCH_MODELS ?? 50);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

try {
  const { db, closeDb } = await import("../lib/db");
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
  await insertSyntheticVotes((s: string) => db.$executeRawUnsafe(s), voteCount);
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
  await closeDb();
} finally {
  await database.drop();
}
