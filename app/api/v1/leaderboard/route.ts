import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { toCsv } from "@/lib/server/exports/csv";
import { getEloRatings, getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardTableExportSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/leaderboard?[filters]&format=json|csv[&table=models|coefficients] — the leaderboard with Elo, for
// notebooks and exports; with style=on and table=coefficients, the style coefficients alone.
export const GET = readOnlyApiRoute(leaderboardTableExportSchema, async ({ input: { format, table, ...filters } }) => {
  if (table === "coefficients") {
    // Only the style fit is needed: no Elo permutations.
    const payload = toLeaderboardPayload(await getLeaderboard(filters), null);
    const style = payload.styleControl;
    if (format === "json") {
      return Response.json({ styleControl: style, filters }, { headers: { "content-disposition": 'attachment; filename="arena-style-coefficients.json"' } });
    }
    // One line per feature; the fit's size and what its intervals resampled repeat on each line, so a line read alone
    // says what it rests on. Below the fit's minimum size (styleControl.tooFewVotes) there are no lines.
    const rows = (style?.coefficients ?? []).map((c) => [c.feature, c.varies, c.points, c.low, c.high, style!.votes, style!.withoutFeatures, style!.interval.cluster, style!.rounds]);
    return new Response(toCsv(coefficientCsvColumns, rows), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="arena-style-coefficients.csv"' },
    });
  }
  const [ratings, elo] = await Promise.all([getLeaderboard(filters), getEloRatings(filters)]);
  const payload = toLeaderboardPayload(ratings, elo);
  // An attachment: the export link downloads the file instead of opening it in the tab (API clients
  // read the body as before).
  if (format === "json") {
    return Response.json({ ...payload, filters }, { headers: { "content-disposition": 'attachment; filename="arena-leaderboard.json"' } });
  }
  const columns = ["rank", "rankBest", "rankWorst", "model", "displayName", "status", "reason", "group", "rating", "ciLow", "ciHigh", "ciUnbounded", "votes", "wins", "losses", "ties", "winRate", "elo", "eloPermMean", "eloPermSd"] as const;
  // With style=on, the style-controlled rating, interval and rank beside the raw ones (empty where the model has
  // no style rating); without it the columns are left out rather than written empty.
  const styleColumns = ["styleRating", "styleCiLow", "styleCiHigh", "styleRank", "styleRankBest", "styleRankWorst"] as const;
  const styleOf = (e: (typeof payload.entries)[number]) => [e.style?.rating, e.style?.ciLow, e.style?.ciHigh, e.style?.rank, e.style?.rankBest, e.style?.rankWorst].map((x) => x ?? null);
  const withStyle = filters.style === "on";
  const csv = toCsv(withStyle ? [...columns, ...styleColumns] : columns, payload.entries.map((e) => [...columns.map((c) => e[c]), ...(withStyle ? styleOf(e) : [])]));
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="arena-leaderboard.csv"' },
  });
});

const coefficientCsvColumns = ["feature", "varies", "points", "low", "high", "votes", "withoutFeatures", "cluster", "rounds"] as const;
