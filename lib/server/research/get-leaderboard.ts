import "server-only";
import { computeLeaderboard, countsFromRows, onlineElo, permutedElo, type Leaderboard } from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { aggregateVoteCounts, orderedVoteSequence, voteStateMarker, type ModelInfo } from "./aggregate-vote-counts";
import { ComputationCache } from "./computation-cache";
import { voteSummary, type VoteSummary } from "./vote-summary";
import { aggregateClusteredVotes } from "./aggregate-clustered-votes";
import { computeStyleControl, type StyleControlSummary } from "./style-control";

export const bootstrapRounds = 1000;
export const eloPermutations = 100;
export const eloK = 4;

type Timed = { computedAt: string; computeMs: number; stageMs: Record<string, number> };

export type LeaderboardResult = Timed & {
  leaderboard: Leaderboard;
  models: ModelInfo[];
  votes: number;
  summary: VoteSummary;
  filters: LeaderboardFilters;
  /** Style-controlled ratings (by model id) and coefficients; null when no vote has style features. */
  style: StyleControlSummary | null;
};

// Elo per model key: online (in vote order) and averaged over random orders.
export type EloResult = Timed & {
  votes: number;
  k: number;
  permutations: number;
  byModel: Record<string, { elo: number; permMean: number; permSd: number }>;
};

function stopwatch() {
  const started = performance.now();
  let mark = started;
  const stageMs: Record<string, number> = {};
  return {
    stageMs,
    lap(stage: string) {
      const now = performance.now();
      stageMs[stage] = Math.round(now - mark);
      mark = now;
    },
    total: () => Math.round(performance.now() - started),
  };
}

const leaderboardCache = new ComputationCache<LeaderboardResult>();
const eloCache = new ComputationCache<EloResult>();

// Bradley-Terry with bootstrap CIs, rank intervals, transitivity and matrices, from one GROUP BY:
// its cost grows with models², not with votes.
async function computeRatings(filters: LeaderboardFilters): Promise<LeaderboardResult> {
  const watch = stopwatch();
  const [{ models, rows, votes }, summary] = await Promise.all([aggregateVoteCounts(filters), voteSummary(filters)]);
  watch.lap("aggregateSql");
  const ids = models.map((m) => m.id);
  // The anchor travels in the URL as a model key; unknown keys are reported by computeLeaderboard.
  const anchor = filters.anchor === undefined ? undefined : (models.find((m) => m.key === filters.anchor)?.id ?? filters.anchor);
  // Clustered intervals resample per-annotator (and/or per-prompt) tables; the pair counts come from the same cells.
  const clustered = filters.cluster === "vote" ? null : await aggregateClusteredVotes(filters, ids, filters.cluster);
  watch.lap("clusterSql");
  const counts = clustered?.counts ?? countsFromRows(rows, ids);
  const leaderboard = computeLeaderboard(counts, ids, {
    ties: filters.ties,
    bothBad: filters.bothbad,
    bootstrap: bootstrapRounds,
    minVotes: filters.minVotes,
    cluster: filters.cluster,
    clusteredVotes: clustered?.clusteredVotes,
    anchor,
    seed: 1,
    includeMatrices: true,
    onProgress: (stage, done, total) => {
      if (done === total) watch.lap(stage);
    },
  });
  const style = filters.style === "on" ? await computeStyleControl(filters, ids, { rounds: bootstrapRounds, anchor }) : null;
  watch.lap("styleControl");
  return { leaderboard, models, votes, summary, filters, style, computedAt: new Date().toISOString(), computeMs: watch.total(), stageMs: watch.stageMs };
}

// Elo needs the votes in order, so unlike Bradley-Terry its cost grows with the number of votes:
// it is computed and cached separately, and the page fills the Elo columns when it is ready.
async function computeElo(filters: LeaderboardFilters): Promise<EloResult> {
  const watch = stopwatch();
  const { models } = await aggregateVoteCounts(filters);
  const ids = models.map((m) => m.id);
  const sequence = await orderedVoteSequence(filters, ids);
  watch.lap("voteOrderSql");
  const options = { ties: filters.ties, bothBad: filters.bothbad, k: eloK };
  const online = onlineElo(sequence, ids.length, options);
  watch.lap("onlineElo");
  const permuted = permutedElo(sequence, ids.length, { ...options, permutations: eloPermutations, seed: 1 });
  watch.lap("permutations");
  const byModel: EloResult["byModel"] = {};
  models.forEach((model, i) => {
    byModel[model.key] = { elo: online[i]!, permMean: permuted.mean[i]!, permSd: permuted.sd[i]! };
  });
  return { votes: sequence.outcome.length, k: eloK, permutations: eloPermutations, byModel, computedAt: new Date().toISOString(), computeMs: watch.total(), stageMs: watch.stageMs };
}

// Both are recomputed only when a vote arrives or exclusions change; concurrent callers share one computation.
export async function getLeaderboard(filters: LeaderboardFilters): Promise<LeaderboardResult> {
  return leaderboardCache.get(JSON.stringify(filters), await voteStateMarker(), () => computeRatings(filters));
}

export async function getEloRatings(filters: LeaderboardFilters): Promise<EloResult> {
  return eloCache.get(JSON.stringify(filters), await voteStateMarker(), () => computeElo(filters));
}

export function clearLeaderboardCache() {
  leaderboardCache.clear();
  eloCache.clear();
}
