import { db } from "@/lib/db";

// Values the leaderboard filters can take, for the filter bar.
export async function getFilterOptions() {
  const [categories, tags, promptSets, campaigns] = await Promise.all([
    db.$queryRaw<{ category: string }[]>`SELECT DISTINCT category FROM prompts ORDER BY category`,
    db.$queryRaw<{ tag: string }[]>`SELECT DISTINCT unnest(tags) AS tag FROM prompts ORDER BY tag`,
    db.promptSet.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.campaign.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { categories: categories.map((c) => c.category), tags: tags.map((t) => t.tag), promptSets, campaigns };
}
export type FilterOptions = Awaited<ReturnType<typeof getFilterOptions>>;
