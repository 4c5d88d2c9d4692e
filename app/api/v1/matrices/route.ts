import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { modelKeyOf } from "@/lib/ratings/model-keys";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/matrices?[filters] — empirical and predicted win rates and counts, rows/columns by model key.
export const GET = readOnlyApiRoute(leaderboardFiltersSchema, async ({ input }) => {
  const { leaderboard, models, votes, computedAt } = await getLeaderboard(input);
  const keyOf = modelKeyOf(models);
  const m = leaderboard.matrices!;
  return {
    models: m.models.map(keyOf),
    empiricalWinRate: m.empiricalWinRate,
    games: m.games,
    predictedWinRate: m.predictedWinRate,
    votes,
    computedAt,
    filters: input,
  };
});
