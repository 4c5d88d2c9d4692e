import { authorizedRoute } from "@/lib/server/auth/route";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";

// The live leaderboard the research page polls. Elo is served separately (/api/research/elo).
export const GET = authorizedRoute(["researcher", "admin"], leaderboardFiltersSchema, async ({ input }) =>
  toLeaderboardPayload(await getLeaderboard(input), null),
);
