import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";

// A category or tag no prompt has matches no vote: the leaderboard would answer an empty table that looks like
// "no votes yet". The API refuses such a filter with 422 naming it and the real values; the pages say so.
export type UnknownFilter = { name: "category" | "tag"; value: string; known: string[] };

export async function findUnknownFilters(filters: { category?: string; tag?: string }): Promise<UnknownFilter[]> {
  if (!filters.category && !filters.tag) return [];
  const [categories, tags] = await Promise.all([
    filters.category ? db.$queryRaw<{ category: string }[]>`SELECT DISTINCT category FROM prompts ORDER BY category` : [],
    filters.tag ? db.$queryRaw<{ tag: string }[]>`SELECT DISTINCT unnest(tags) AS tag FROM prompts ORDER BY tag` : [],
  ]);
  const unknown: UnknownFilter[] = [];
  const knownCategories = categories.map((c) => c.category);
  const knownTags = tags.map((t) => t.tag);
  if (filters.category && !knownCategories.includes(filters.category)) unknown.push({ name: "category", value: filters.category, known: knownCategories });
  if (filters.tag && !knownTags.includes(filters.tag)) unknown.push({ name: "tag", value: filters.tag, known: knownTags });
  return unknown;
}

// The API's refusal, shaped as its other 422s (readQuery, zod): fieldErrors name the parameter; `known` lists
// the values it can take.
export async function assertKnownFilters(filters: { category?: string; tag?: string }): Promise<void> {
  const unknown = await findUnknownFilters(filters);
  if (unknown.length === 0) return;
  const sentence = (u: UnknownFilter) =>
    `No prompt has the ${u.name} "${u.value}"; the ${u.name === "category" ? "categories" : "tags"} are: ${u.known.length ? u.known.map((k) => `"${k}"`).join(", ") : "(none yet)"}.`;
  throw new AppError(422, "invalid_input", unknown.map(sentence).join(" "), {
    formErrors: [],
    fieldErrors: Object.fromEntries(unknown.map((u) => [u.name, [`unknown ${u.name} "${u.value}"`]])),
    known: Object.fromEntries(unknown.map((u) => [u.name, u.known])),
  });
}
