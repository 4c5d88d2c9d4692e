import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";

// A category or tag no prompt has matches no vote: the leaderboard would answer an empty table that looks like
// "no votes yet". The API refuses such a filter with 422 naming it and the real values; the pages say so.
export type UnknownFilter = { name: "category" | "tag"; value: string; known: string[] };

// The values prompts have: the filter bar's choices (get-filter-options.ts) and the check below.
export const knownCategories = async () => (await db.$queryRaw<{ category: string }[]>`SELECT DISTINCT category FROM prompts ORDER BY category`).map((c) => c.category);
export const knownTags = async () => (await db.$queryRaw<{ tag: string }[]>`SELECT DISTINCT unnest(tags) AS tag FROM prompts ORDER BY tag`).map((t) => t.tag);

export async function findUnknownFilters(filters: { category?: string; tag?: string }): Promise<UnknownFilter[]> {
  if (!filters.category && !filters.tag) return [];
  const [categories, tags] = await Promise.all([filters.category ? knownCategories() : [], filters.tag ? knownTags() : []]);
  return unknownFilters(filters, { categories, tags });
}

/** The filters whose value no prompt has, given the values prompts have (a page has them already, for its filter bar). */
export function unknownFilters(filters: { category?: string; tag?: string }, known: { categories: string[]; tags: string[] }): UnknownFilter[] {
  const unknown: UnknownFilter[] = [];
  if (filters.category && !known.categories.includes(filters.category)) unknown.push({ name: "category", value: filters.category, known: known.categories });
  if (filters.tag && !known.tags.includes(filters.tag)) unknown.push({ name: "tag", value: filters.tag, known: known.tags });
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
