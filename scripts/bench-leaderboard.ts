// npm run bench:leaderboard: loads 1,000,000 synthetic votes over 50 models (known strengths) into a
// throwaway Postgres database and times the leaderboard request: first (computed) and cached.
import { createTestDatabase } from "../tests/setup/test-database";
import { insertSyntheticCatalogue, insertSyntheticVotes } from "./synthetic-votes";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = Number(process.env.BENCH_MODELS ?? 50);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

try {
  const { db, closeDb } = await import("../lib/db");
  const { getLeaderboard, getEloRatings, clearLeaderboardCache } = await import("../lib/server/research/get-leaderboard");
  const { leaderboardFiltersSchema } = await import("../lib/validation/leaderboard-filters");

  const loadStart = performance.now();
  await insertSyntheticCatalogue((s: string) => db.$executeRawUnsafe(s), { modelCount, annotatorCount: 10, responses: false });
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
