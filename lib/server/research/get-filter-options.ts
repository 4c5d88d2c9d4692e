import "server-only";
import { knownCategories, knownTags } from "./known-filters";
import { db } from "@/lib/db";
import { defaultReasonFlags, readReasonFlags, type ReasonFlag } from "@/lib/validation/reason-flags";

// Values the leaderboard filters can take, for the filter bar.
// `filtersFlag`: the flag the current filters name, listed even when no campaign offers it any more.
export async function getFilterOptions(filtersFlag?: string) {
  const [categories, tags, promptSets, campaigns, flagLists] = await Promise.all([
    knownCategories(),
    knownTags(),
    db.promptSet.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.campaign.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.campaign.findMany({ select: { reasonFlags: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { categories, tags, promptSets, campaigns, flags: flagChoices(flagLists.map((c) => c.reasonFlags), filtersFlag) };
}

// Reason flags to filter by: the defaults and every campaign's flags (first label wins); a flag since
// removed from its campaign still filters by its key in the URL (and is listed, by its key, when chosen).
// No scan of the votes: this runs on every research page.
function flagChoices(stored: unknown[], chosen: string | undefined): ReasonFlag[] {
  const byKey = new Map<string, ReasonFlag>();
  for (const flag of [...defaultReasonFlags, ...stored.flatMap((s) => readReasonFlags(s))]) if (!byKey.has(flag.key)) byKey.set(flag.key, flag);
  if (chosen && !byKey.has(chosen)) byKey.set(chosen, { key: chosen, en: chosen, ar: chosen });
  return [...byKey.values()];
}
export type FilterOptions = Awaited<ReturnType<typeof getFilterOptions>>;
