import { authorizedRoute } from "@/lib/server/auth/route";
import { getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";
import { audiences } from "@/lib/validation/auth";

// The live leaderboard the research page polls. Elo is served separately (/api/research/elo).
export const GET = authorizedRoute(audiences.researcher, leaderboardFiltersSchema, async ({ input }) =>
  toLeaderboardPayload(await getLeaderboard(input), null),
);
