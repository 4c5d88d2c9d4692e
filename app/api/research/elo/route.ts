import { authorizedRoute } from "@/lib/server/auth/route";
import { getEloRatings } from "@/lib/server/research/get-leaderboard";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";
import { audiences } from "@/lib/validation/auth";

export const GET = authorizedRoute(audiences.researcher, leaderboardFiltersSchema, async ({ input }) => {
  const elo = await getEloRatings(input);
  return { k: elo.k, permutations: elo.permutations, votes: elo.votes, computedAt: elo.computedAt, byModel: elo.byModel };
});
