import { readOnlyApiRoute } from "@/lib/server/auth/api-access";
import { toCsv } from "@/lib/server/exports/csv";
import { categoryCsvColumns, categoryCsvRows, getCategoryView } from "@/lib/server/research/get-category-view";
import { leaderboardExportSchema } from "@/lib/validation/leaderboard-filters";

// GET /api/v1/categories?[filters]&format=json|csv — per language, category and tag: ratings, intervals, ranks,
// rank change against the overall table and its noise baseline (README, "Per-category view").
export const GET = readOnlyApiRoute(leaderboardExportSchema, async ({ input: { format, ...filters } }) => {
  const view = await getCategoryView(filters);
  if (format === "json") {
    return Response.json(view, { headers: { "content-disposition": 'attachment; filename="arena-categories.json"' } });
  }
  return new Response(toCsv(categoryCsvColumns, categoryCsvRows(view)), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="arena-categories.csv"' },
  });
});
