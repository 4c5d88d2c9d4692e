import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { toCsv } from "@/lib/server/exports/csv";
import { getEloRatings, getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardExportSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/leaderboard?[filters]&format=json|csv — the leaderboard with Elo, for notebooks and exports.
export const GET = readOnlyApiRoute(leaderboardExportSchema, async ({ input: { format, ...filters } }) => {
  const [ratings, elo] = await Promise.all([getLeaderboard(filters), getEloRatings(filters)]);
  const payload = toLeaderboardPayload(ratings, elo);
  // An attachment: the export link downloads the file instead of opening it in the tab (API clients
  // read the body as before).
  if (format === "json") {
    return Response.json({ ...payload, filters }, { headers: { "content-disposition": 'attachment; filename="arena-leaderboard.json"' } });
  }
  const columns = ["rank", "rankBest", "rankWorst", "model", "displayName", "status", "reason", "group", "rating", "ciLow", "ciHigh", "ciUnbounded", "votes", "wins", "losses", "ties", "winRate", "elo", "eloPermMean", "eloPermSd"] as const;
  // Style-controlled rating, interval and rank beside the raw ones (empty where the model has no style votes).
  const styleColumns = ["styleRating", "styleCiLow", "styleCiHigh", "styleRank", "styleRankBest", "styleRankWorst"] as const;
  const styleOf = (e: (typeof payload.entries)[number]) => [e.style?.rating, e.style?.ciLow, e.style?.ciHigh, e.style?.rank, e.style?.rankBest, e.style?.rankWorst].map((x) => x ?? null);
  const csv = toCsv([...columns, ...styleColumns], payload.entries.map((e) => [...columns.map((c) => e[c]), ...styleOf(e)]));
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="arena-leaderboard.csv"' },
  });
});
