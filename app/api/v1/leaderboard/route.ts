import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { toCsv } from "@/lib/server/exports/csv";
import { getEloRatings, getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardExportSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/leaderboard?[filters]&format=json|csv — the leaderboard with Elo, for notebooks and exports.
export const GET = readOnlyApiRoute(leaderboardExportSchema, async ({ input: { format, ...filters } }) => {
  const [ratings, elo] = await Promise.all([getLeaderboard(filters), getEloRatings(filters)]);
  const payload = toLeaderboardPayload(ratings, elo);
  if (format === "json") return { ...payload, filters };
  const columns = ["rank", "rankBest", "rankWorst", "model", "displayName", "status", "reason", "group", "rating", "ciLow", "ciHigh", "ciUnbounded", "votes", "wins", "losses", "ties", "winRate", "elo", "eloPermMean", "eloPermSd"] as const;
  const csv = toCsv(columns, payload.entries.map((e) => columns.map((c) => e[c])));
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="arena-leaderboard.csv"' },
  });
});
