// Per-category view (issue 15, item 2): for every language, category and tag within the current filters, the
// slice's own ratings, intervals and ranks, each model's rank change against the overall table, and the noise
// baseline at the slice's size (lib/ratings/category-shift.ts). Three GROUP BYs (by language, category, tag)
// plus the overall one; cached per filter until a vote arrives, like the leaderboard.
// Slice intervals resample single votes (200 rounds): the leaderboard's cluster option is not applied here.
import "server-only";
import { compareSlice, countsFromRows, overallTable, type SliceRow, type VoteCountRow } from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { modelKeyOf } from "@/lib/ratings/model-keys";
import { aggregateVoteCounts, aggregateVoteCountsBy, voteStateMarker } from "./aggregate-vote-counts";
import { ComputationCache } from "./computation-cache";

export const sliceBootstrapRounds = 200;
export const noiseDraws = 200;

export type SliceKind = "language" | "category" | "tag";

export type CategoryViewRow = Omit<SliceRow, "model"> & { model: string; displayName: string };
export type CategoryViewSlice = { kind: SliceKind; value: string; votes: number; compared: number; rows: CategoryViewRow[] };
export type CategoryView = {
  votes: number;
  bootstrap: number;
  draws: number;
  slices: CategoryViewSlice[];
  computedAt: string;
  filters: LeaderboardFilters;
};

const cache = new ComputationCache<CategoryView>(50);

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

async function compute(filters: LeaderboardFilters): Promise<CategoryView> {
  const [{ models, rows, votes }, byLanguage, byCategory, byTag] = await Promise.all([
    aggregateVoteCounts(filters),
    aggregateVoteCountsBy(filters, "language"),
    aggregateVoteCountsBy(filters, "category"),
    aggregateVoteCountsBy(filters, "tag"),
  ]);
  const ids = models.map((m) => m.id);
  const keyOf = modelKeyOf(models);
  const nameOf = new Map(models.map((m) => [m.id, m.displayName]));
  const options = { ties: filters.ties, bothBad: filters.bothbad, minVotes: filters.minVotes, bootstrap: sliceBootstrapRounds, draws: noiseDraws, seed: 1 };
  const overall = countsFromRows(rows, ids);
  const board = overallTable(overall, ids, options);
  const slices: CategoryViewSlice[] = [];
  const add = (kind: SliceKind, groups: Map<string, VoteCountRow[]>) => {
    for (const value of [...groups.keys()].sort()) {
      // Rows of models outside the overall set cannot occur: a slice's votes are overall votes.
      const table = compareSlice(overall, board, countsFromRows(groups.get(value)!, ids), ids, options);
      slices.push({
        kind,
        value,
        votes: table.votes,
        compared: table.compared,
        rows: table.rows.map((row) => ({
          ...row,
          model: keyOf(row.model),
          displayName: nameOf.get(row.model) ?? row.model,
          rating: round1(row.rating),
          ciLow: round1(row.ciLow),
          ciHigh: round1(row.ciHigh),
          noise: row.noise === null ? null : Math.round(row.noise * 100) / 100,
        })),
      });
    }
  };
  add("language", byLanguage);
  add("category", byCategory);
  add("tag", byTag);
  return { votes, bootstrap: sliceBootstrapRounds, draws: noiseDraws, slices, computedAt: new Date().toISOString(), filters };
}

export async function getCategoryView(filters: LeaderboardFilters): Promise<CategoryView> {
  return cache.get(JSON.stringify(filters), await voteStateMarker(), () => compute(filters));
}

export function clearCategoryViewCache() {
  cache.clear();
}

/** The view flattened for CSV: one line per slice and model. */
export const categoryCsvColumns = [
  "kind",
  "value",
  "sliceVotes",
  "model",
  "displayName",
  "status",
  "votes",
  "rating",
  "ciLow",
  "ciHigh",
  "rank",
  "rankBest",
  "rankWorst",
  "sliceRank",
  "overallRank",
  "change",
  "noise",
  "beyondNoise",
] as const;

export function categoryCsvRows(view: CategoryView): (string | number | boolean | null)[][] {
  return view.slices.flatMap((s) =>
    s.rows.map((r) => [s.kind, s.value, s.votes, r.model, r.displayName, r.status, r.votes, r.rating, r.ciLow, r.ciHigh, r.rank, r.rankBest, r.rankWorst, r.sliceRank, r.overallRank, r.change, r.noise, r.beyondNoise]),
  );
}
