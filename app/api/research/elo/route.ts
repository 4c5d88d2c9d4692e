import { authorizedRoute } from "@/lib/server/auth/route";
import { getEloRatings } from "@/lib/server/research/get-leaderboard";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";

export const GET = authorizedRoute(["researcher", "admin"], leaderboardFiltersSchema, async ({ input }) => {
  const elo = await getEloRatings(input);
  return { k: elo.k, permutations: elo.permutations, votes: elo.votes, computedAt: elo.computedAt, byModel: elo.byModel };
});
