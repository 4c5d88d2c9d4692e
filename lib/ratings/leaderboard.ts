// The whole leaderboard from counts: Bradley–Terry point ratings, bootstrap CIs and rank intervals,
// per-model totals, optional online/permuted Elo (needs the ordered votes), transitivity, warnings.
//
// Only models with a finite estimate are rated (graph.ts rankableGroups): each connected part of the comparison
// graph is its own table with its own scale, and every model outside a rated set is listed apart with the reason.
// Models with fewer than `minVotes` votes are rated but marked preliminary and left out of the centring, in the
// fit and in every bootstrap round, so a sparse model never moves the well-measured models' numbers.

import { type PairCounts, type TieOptions, modelTotals, pairScores, restrictCounts, totalVotes } from "./counts";
import { type BradleyTerryOptions, fitBradleyTerry } from "./bradley-terry";
import { bootstrapRatings, bootstrapWithResampler } from "./bootstrap";
import { type ClusterUnit, type ClusteredVotes, clusterResampler, smallSampleWidening } from "./cluster-bootstrap";
import { type VoteSequence, onlineElo, permutedElo } from "./elo";
import { rankableGroups, type UnrankableReason } from "./graph";
import { rankIntervals, ranksFromRatings } from "./ranks";
import { findIntransitiveTriples, type PairEdge } from "./transitivity";
import { empiricalWinRates, predictedWinRates } from "./win-rates";

/**
 * Below this many counted votes a model is "preliminary": its 95% interval is typically wider than ±100 points
 * (rating SE ≈ 347/√votes against even opponents), so it is shown but never centres the scale.
 */
export const DEFAULT_MIN_VOTES = 50;

export interface LeaderboardOptions extends TieOptions {
  /** Bootstrap rounds; 0 disables CIs and rank intervals. Default 1000. */
  bootstrap?: number;
  /** Seed for the bootstrap and the Elo permutations. Default 1. */
  seed?: number;
  /** Pin this model's rating to anchorRating instead of centring the mean on 1000. */
  anchor?: string;
  anchorRating?: number;
  centre?: number;
  scale?: number;
  base?: number;
  tolerance?: number;
  prior?: number;
  confidence?: number;
  /** Votes in order (indices into modelNames) for online and permuted Elo; Elo fields are null without it. */
  elo?: VoteSequence;
  /** Elo K. Default 4. */
  k?: number;
  /** Elo permutations; 0 disables. Default 100. */
  permutations?: number;
  /** Transitivity: minimum kept votes per pair. Default 10. */
  minPairVotes?: number;
  /** Transitivity: false discovery rate for the pairwise majorities (Benjamini–Hochberg). Default 0.05. */
  alpha?: number;
  /**
   * What the bootstrap resamples: single votes (default here) or clusters of votes; clusters need
   * `clusteredVotes` (the same votes as `counts`, with their annotator and/or prompt).
   */
  cluster?: ClusterUnit;
  clusteredVotes?: ClusteredVotes;
  /** Models with fewer counted votes are preliminary (shown, never centring). Default DEFAULT_MIN_VOTES. */
  minVotes?: number;
  /** Include n×n empirical and predicted win-rate matrices (rows/columns in modelNames order). */
  includeMatrices?: boolean;
  onProgress?: (stage: "fit" | "bootstrap" | "elo" | "permutations" | "transitivity", done: number, total: number) => void;
}

/** rated: a finite estimate that centres the scale; preliminary: rated, under minVotes; unrankable: no finite estimate. */
export type RatingStatus = "rated" | "preliminary" | "unrankable";

export interface LeaderboardRow {
  model: string;
  status: RatingStatus;
  /** Why an unrankable model has no rating; null otherwise. */
  reason: UnrankableReason | null;
  /** Table (connected part of the comparison graph) the model is rated in, 0 = the largest; null when unrankable. */
  group: number | null;
  /** Displayed rank = rank(UB) = 1 + #{models in the table whose lower bound is above this model's upper bound}. */
  rank: number | null;
  rating: number | null;
  /** Interval bounds; null when absent or unbounded (see ciUnbounded). */
  ciLow: number | null;
  ciHigh: number | null;
  /** Which bound is ±∞: the model had no finite estimate (only won, or only lost) in more than 2.5% of rounds. */
  ciUnbounded: "low" | "high" | "both" | null;
  rankBest: number | null;
  rankWorst: number | null;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  /** (wins + ½·ties) / votes */
  winRate: number | null;
  elo: number | null;
  eloPermMean: number | null;
  eloPermSd: number | null;
}

export type RatingWarningCode =
  | "no-votes"
  | "never-lost"
  | "never-won"
  | "disconnected"
  | "not-strongly-connected"
  | "preliminary"
  | "not-converged"
  | "bootstrap-unidentified"
  | "skipped-votes"
  | "unknown-anchor";

export interface RatingWarning {
  code: RatingWarningCode;
  /** English, for the CLI and API readers; the UI writes its own from the code and params. */
  message: string;
  models: string[];
  /** The numbers and names the message mentions, for translations. */
  params?: Record<string, string | number>;
}

export interface NamedEdge {
  winner: string;
  loser: string;
  winnerWins: number;
  loserWins: number;
  ties: number;
  pValue: number;
  qValue: number;
  significant: boolean;
}

export interface NamedTransitivity {
  minPairVotes: number;
  /** False discovery rate the majorities are established at (Benjamini–Hochberg over all pairs tested). */
  alpha: number;
  procedure: "benjamini-hochberg";
  establishedPairs: number;
  /** Groups of models whose established majorities form cycles (any length), each with a shortest cycle. */
  significantCycles: { models: string[]; cycle: string[]; edges: NamedEdge[] }[];
  pairsChecked: number;
  triplesChecked: number;
  cycleCount: number;
  significantCycleCount: number;
  cycles: { models: string[]; edges: NamedEdge[]; significant: boolean }[];
  pairsCompared: number;
  disagreementShare: number | null;
  disagreements: NamedEdge[];
}

export interface Leaderboard {
  models: LeaderboardRow[];
  transitivity: NamedTransitivity;
  warnings: RatingWarning[];
  matrices?: { models: string[]; empiricalWinRate: (number | null)[][]; games: number[][]; predictedWinRate: (number | null)[][] };
  meta: {
    votes: number;
    skipped: number;
    bootstrap: number;
    seed: number;
    iterations: number;
    anchor: string | null;
    minVotes: number;
    /** How the intervals were made: what was resampled, from how many clusters (largest table), the widening. */
    interval: { cluster: ClusterUnit; clusters: number | null; secondClusters: number | null; widen: number; confidence: number };
    /** Separately rated tables (connected parts with at least two identified models). */
    groups: number;
    /** Models rated / preliminary / listed apart. */
    rated: number;
    preliminary: number;
    unrankable: number;
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);


const REASON_TEXT: Record<UnrankableReason, string> = {
  "no-votes": "no counted votes",
  "never-lost": "never lost (nor tied): its maximum-likelihood rating is +∞",
  "never-won": "never won (nor tied): its maximum-likelihood rating is −∞",
  "beat-the-rest": "belongs to a set of models that only beat the rated models: rating +∞ relative to them",
  "lost-to-the-rest": "belongs to a set of models that only lost to the rated models: rating −∞ relative to them",
  "no-order": "its votes do not order it against the rated models",
};

export function computeLeaderboard(counts: PairCounts, modelNames: readonly string[], options: LeaderboardOptions = {}): Leaderboard {
  const n = counts.n;
  if (modelNames.length !== n) throw new RangeError(`${modelNames.length} model names for ${n} models`);
  const warnings: RatingWarning[] = [];
  const seed = options.seed ?? 1;
  const rounds = options.bootstrap ?? 1000;
  const minVotes = options.minVotes ?? DEFAULT_MIN_VOTES;
  const ties: TieOptions = { ties: options.ties, bothBad: options.bothBad };
  const names = (idx: Iterable<number>) => [...idx].map((i) => modelNames[i]);
  const totals = modelTotals(counts, ties);
  const scores = pairScores(counts, ties);
  const cluster = options.cluster ?? "vote";
  if (cluster !== "vote" && !options.clusteredVotes) throw new RangeError(`cluster bootstrap by ${cluster} needs the clustered votes`);
  const interval: Leaderboard["meta"]["interval"] = { cluster, clusters: null, secondClusters: null, widen: 1, confidence: options.confidence ?? 0.95 };

  let anchor: number | undefined;
  if (options.anchor !== undefined) {
    anchor = modelNames.indexOf(options.anchor);
    if (anchor < 0) {
      warnings.push({ code: "unknown-anchor", message: `anchor model ${options.anchor} is not in the model list; centred on the mean instead`, models: [options.anchor], params: { anchor: options.anchor } });
      anchor = undefined;
    }
  }

  options.onProgress?.("fit", 0, 1);
  const rankable = rankableGroups(n, scores.pairI, scores.pairJ, scores.scoreI, scores.scoreJ);
  if (anchor !== undefined && rankable.group[anchor] < 0) {
    warnings.push({ code: "unknown-anchor", message: `anchor model ${options.anchor} has no finite rating (${REASON_TEXT[rankable.reason[anchor]!]}); centred on the mean instead`, models: [modelNames[anchor]], params: { anchor: modelNames[anchor]!, reason: rankable.reason[anchor]! } });
    anchor = undefined;
  }
  const preliminary = (i: number) => totals.votes[i] < minVotes;

  const rating = new Float64Array(n).fill(NaN);
  const ciLow = new Float64Array(n).fill(NaN);
  const ciHigh = new Float64Array(n).fill(NaN);
  const rankBest = new Float64Array(n).fill(NaN);
  const rankWorst = new Float64Array(n).fill(NaN);
  const rank = new Float64Array(n).fill(NaN);
  let iterations = 0;
  let roundsPartlyIdentified = 0;
  const unidentified = new Set<number>();
  rankable.groups.forEach((group, g) => {
    const idx = group.identified;
    const sub = restrictCounts(counts, idx);
    // Centre on the well-measured models; when every model of the table is preliminary, on all of them.
    const wellMeasured = Uint8Array.from(idx, (i) => (preliminary(i) ? 0 : 1));
    const centreOn = wellMeasured.some((x) => x === 1) ? wellMeasured : undefined;
    const localAnchor = anchor !== undefined ? idx.indexOf(anchor) : -1;
    const bt: BradleyTerryOptions = {
      ...ties,
      centre: options.centre,
      scale: options.scale,
      base: options.base,
      tolerance: options.tolerance,
      centreOn,
      anchor: localAnchor >= 0 ? localAnchor : undefined,
      anchorRating: localAnchor >= 0 ? options.anchorRating : undefined,
    };
    const fit = fitBradleyTerry(sub, bt);
    iterations = Math.max(iterations, fit.iterations);
    if (!fit.converged) warnings.push({ code: "not-converged", message: `Bradley–Terry fit did not converge in ${fit.iterations} iterations`, models: names(idx), params: { iterations: fit.iterations } });
    idx.forEach((i, k) => (rating[i] = fit.ratings[k]));
    if (rounds > 0) {
      const bootOptions = {
        ...bt,
        rounds,
        seed: seed + g, // the largest table keeps the plain seed
        confidence: options.confidence,
        onProgress: (d: number, t: number) => options.onProgress?.("bootstrap", d, t),
      };
      let boot: ReturnType<typeof bootstrapRatings>;
      if (cluster === "vote") {
        boot = bootstrapRatings(sub, bootOptions);
      } else {
        const resampler = clusterResampler(options.clusteredVotes!, n, idx, ties);
        const widen = smallSampleWidening(resampler.effectiveClusters, options.confidence);
        const s = pairScores(sub, ties);
        boot = bootstrapWithResampler(sub.n, s.pairI, s.pairJ, s.scoreI, s.scoreJ, resampler.resample, { ...bootOptions, widen });
        if (g === 0) Object.assign(interval, { clusters: resampler.clusters, secondClusters: resampler.secondClusters, widen });
      }
      const ri = rankIntervals(boot.ciLow, boot.ciHigh, centreOn);
      idx.forEach((i, k) => {
        ciLow[i] = boot.ciLow[k];
        ciHigh[i] = boot.ciHigh[k];
        rankBest[i] = ri.best[k];
        rankWorst[i] = ri.worst[k];
        rank[i] = ri.best[k];
        if (boot.unidentifiedRounds[k] > 0) unidentified.add(i);
      });
      roundsPartlyIdentified += boot.roundsPartlyIdentified;
    } else {
      const r = ranksFromRatings(fit.ratings);
      idx.forEach((i, k) => (rank[i] = r[k]));
    }
  });
  options.onProgress?.("fit", 1, 1);

  // Diagnostics: why some models have no finite estimate.
  const byReason = (reason: UnrankableReason) => modelNames.map((_, i) => i).filter((i) => rankable.reason[i] === reason);
  const inactive = byReason("no-votes");
  if (inactive.length) warnings.push({ code: "no-votes", message: "models without counted votes get no rating", models: names(inactive), params: {} });
  const neverLost = byReason("never-lost");
  if (neverLost.length) warnings.push({ code: "never-lost", message: "models that never lost (nor tied) have no finite rating: listed apart, they move no other model", models: names(neverLost), params: {} });
  const neverWon = byReason("never-won");
  if (neverWon.length) warnings.push({ code: "never-won", message: "models that never won (nor tied) have no finite rating: listed apart, they move no other model", models: names(neverWon), params: {} });
  const separated = [...byReason("beat-the-rest"), ...byReason("lost-to-the-rest"), ...byReason("no-order")];
  if (separated.length) warnings.push({ code: "not-strongly-connected", message: "models whose votes only beat, or only lost to, the rated models (or do not order them) have no finite rating: listed apart", models: names(separated), params: {} });
  if (rankable.groups.length > 1) {
    warnings.push({ code: "disconnected", message: `the models form ${rankable.groups.length} separate groups that never met; each is rated on its own scale, in its own table`, models: [], params: { groups: rankable.groups.length } });
  }
  const prelim = modelNames.map((_, i) => i).filter((i) => rankable.group[i] >= 0 && preliminary(i));
  if (prelim.length) warnings.push({ code: "preliminary", message: `models with fewer than ${minVotes} votes are preliminary: rated, but left out of the centring`, models: names(prelim), params: { minVotes } });
  if (roundsPartlyIdentified > 0) {
    warnings.push({ code: "bootstrap-unidentified", message: `in ${roundsPartlyIdentified} of ${rounds * rankable.groups.length} bootstrap rounds some models had no finite estimate (they counted as ±∞ in their own intervals and did not move the others)`, models: names(unidentified), params: { rounds: roundsPartlyIdentified, total: rounds * rankable.groups.length } });
  }
  if (counts.skipped > 0) warnings.push({ code: "skipped-votes", message: `${counts.skipped} votes skipped (same model on both sides, unknown model or outcome)`, models: [], params: { count: counts.skipped } });

  // Elo needs the ordered votes.
  let elo: Float64Array | null = null;
  let perm: { mean: Float64Array; sd: Float64Array } | null = null;
  if (options.elo) {
    const eo = { ...ties, k: options.k, scale: options.scale, base: options.base };
    options.onProgress?.("elo", 0, 1);
    elo = onlineElo(options.elo, n, eo);
    const permutations = options.permutations ?? 100;
    if (permutations > 0) {
      options.onProgress?.("permutations", 0, permutations);
      perm = permutedElo(options.elo, n, { ...eo, permutations, seed });
      options.onProgress?.("permutations", permutations, permutations);
    }
  }

  options.onProgress?.("transitivity", 0, 1);
  const tr = findIntransitiveTriples(counts, { ...ties, minPairVotes: options.minPairVotes, alpha: options.alpha }, rating);
  const namedEdge = (e: PairEdge): NamedEdge => ({
    winner: modelNames[e.winner],
    loser: modelNames[e.loser],
    winnerWins: e.winnerWins,
    loserWins: e.loserWins,
    ties: e.ties,
    pValue: e.pValue,
    qValue: e.qValue,
    significant: e.significant,
  });
  const transitivity: NamedTransitivity = {
    minPairVotes: tr.minPairVotes,
    alpha: tr.alpha,
    procedure: tr.procedure,
    establishedPairs: tr.establishedPairs,
    significantCycles: tr.significantCycles.map((c) => ({ models: names(c.models), cycle: names(c.cycle), edges: c.edges.map(namedEdge) })),
    pairsChecked: tr.pairsChecked,
    triplesChecked: tr.triplesChecked,
    cycleCount: tr.cycleCount,
    significantCycleCount: tr.significantCycleCount,
    cycles: tr.cycles.map((c) => ({ models: names(c.models), edges: c.edges.map(namedEdge), significant: c.significant })),
    pairsCompared: tr.pairsCompared,
    disagreementShare: finite(tr.disagreementShare),
    disagreements: tr.disagreements.map(namedEdge),
  };

  // Tables in order (largest first), each by rating; then the models listed apart, most votes first.
  const order = modelNames
    .map((_, i) => i)
    .sort((a, b) => {
      const ga = rankable.group[a] < 0 ? Infinity : rankable.group[a];
      const gb = rankable.group[b] < 0 ? Infinity : rankable.group[b];
      if (ga !== gb) return ga - gb;
      if (ga === Infinity) return totals.votes[b] - totals.votes[a] || a - b;
      return rating[b] - rating[a] || a - b;
    });
  const rows: LeaderboardRow[] = order.map((i) => {
    const g = rankable.group[i];
    const low = ciLow[i] === -Infinity;
    const high = ciHigh[i] === Infinity;
    return {
      model: modelNames[i],
      status: g < 0 ? "unrankable" : preliminary(i) ? "preliminary" : "rated",
      reason: rankable.reason[i],
      group: g < 0 ? null : g,
      rank: finite(rank[i]),
      rating: finite(rating[i]),
      ciLow: finite(ciLow[i]),
      ciHigh: finite(ciHigh[i]),
      ciUnbounded: low && high ? "both" : low ? "low" : high ? "high" : null,
      rankBest: finite(rankBest[i]),
      rankWorst: finite(rankWorst[i]),
      votes: totals.votes[i],
      wins: totals.wins[i],
      losses: totals.losses[i],
      ties: totals.ties[i],
      winRate: finite(totals.winRate[i]),
      elo: elo ? finite(elo[i]) : null,
      eloPermMean: perm ? finite(perm.mean[i]) : null,
      eloPermSd: perm ? finite(perm.sd[i]) : null,
    };
  });

  let matrices: Leaderboard["matrices"];
  if (options.includeMatrices) {
    const emp = empiricalWinRates(counts, ties);
    const pred = predictedWinRates(rating, options.scale, options.base);
    const grid = <T>(f: (i: number, j: number) => T): T[][] => modelNames.map((_, i) => modelNames.map((__, j) => f(i, j)));
    matrices = {
      models: [...modelNames],
      empiricalWinRate: grid((i, j) => finite(emp.winRate[i * n + j])),
      games: grid((i, j) => emp.games[i * n + j]),
      // Separate tables have separate scales: no prediction across them.
      predictedWinRate: grid((i, j) => (rankable.group[i] === rankable.group[j] ? finite(pred[i * n + j]) : null)),
    };
  }

  const unrankable = rows.filter((r) => r.status === "unrankable").length;
  return {
    models: rows,
    transitivity,
    warnings,
    matrices,
    meta: {
      votes: totalVotes(counts),
      skipped: counts.skipped,
      bootstrap: rounds,
      seed,
      iterations,
      anchor: anchor !== undefined ? modelNames[anchor] : null,
      minVotes,
      interval,
      groups: rankable.groups.length,
      rated: rows.length - unrankable - prelim.length,
      preliminary: prelim.length,
      unrankable,
    },
  };
}
