import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/matrices?[filters] — empirical and predicted win rates and counts, rows/columns by model key.
export const GET = readOnlyApiRoute(leaderboardFiltersSchema, async ({ input }) => {
  const { leaderboard, models, votes, computedAt } = await getLeaderboard(input);
  const keyOf = new Map(models.map((m) => [m.id, m.key]));
  const m = leaderboard.matrices!;
  return {
    models: m.models.map((id) => keyOf.get(id) ?? id),
    empiricalWinRate: m.empiricalWinRate,
    games: m.games,
    predictedWinRate: m.predictedWinRate,
    votes,
    computedAt,
    filters: input,
  };
});
