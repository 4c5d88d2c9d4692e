// The whole leaderboard from counts: Bradley–Terry point ratings, bootstrap CIs and rank intervals,
// per-model totals, optional online/permuted Elo (needs the ordered votes), transitivity, warnings.

import { type PairCounts, type TieOptions, modelTotals, totalVotes } from "./counts";
import { type BradleyTerryOptions, fitBradleyTerry } from "./bradley-terry";
import { bootstrapRatings } from "./bootstrap";
import { type VoteSequence, onlineElo, permutedElo } from "./elo";
import { orderByRating, rankIntervals } from "./ranks";
import { findIntransitiveTriples, type PairEdge } from "./transitivity";
import { empiricalWinRates, predictedWinRates } from "./win-rates";

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
  /** Transitivity: per-edge significance level. Default 0.05. */
  alpha?: number;
  /** Include n×n empirical and predicted win-rate matrices (rows/columns in modelNames order). */
  includeMatrices?: boolean;
  onProgress?: (stage: "fit" | "bootstrap" | "elo" | "permutations" | "transitivity", done: number, total: number) => void;
}

export interface LeaderboardRow {
  model: string;
  rating: number | null;
  ciLow: number | null;
  ciHigh: number | null;
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
  | "prior-applied"
  | "not-converged"
  | "bootstrap-prior"
  | "skipped-votes"
  | "unknown-anchor";

export interface RatingWarning {
  code: RatingWarningCode;
  message: string;
  models: string[];
}

export interface NamedEdge {
  winner: string;
  loser: string;
  winnerWins: number;
  loserWins: number;
  ties: number;
  pValue: number;
}

export interface NamedTransitivity {
  minPairVotes: number;
  alpha: number;
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
    priorApplied: boolean;
    anchor: string | null;
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function computeLeaderboard(counts: PairCounts, modelNames: readonly string[], options: LeaderboardOptions = {}): Leaderboard {
  const n = counts.n;
  if (modelNames.length !== n) throw new RangeError(`${modelNames.length} model names for ${n} models`);
  const warnings: RatingWarning[] = [];
  const seed = options.seed ?? 1;
  const rounds = options.bootstrap ?? 1000;
  const ties: TieOptions = { ties: options.ties, bothBad: options.bothBad };
  const names = (idx: Iterable<number>) => [...idx].map((i) => modelNames[i]);

  let anchor: number | undefined;
  if (options.anchor !== undefined) {
    anchor = modelNames.indexOf(options.anchor);
    if (anchor < 0) {
      warnings.push({ code: "unknown-anchor", message: `anchor model ${options.anchor} is not in the model list; centred on the mean instead`, models: [options.anchor] });
      anchor = undefined;
    }
  }
  const bt: BradleyTerryOptions = {
    ...ties,
    centre: options.centre,
    scale: options.scale,
    base: options.base,
    tolerance: options.tolerance,
    prior: options.prior,
  };
  options.onProgress?.("fit", 0, 1);
  let fit = fitBradleyTerry(counts, bt);
  if (anchor !== undefined && !fit.graph.active[anchor]) {
    warnings.push({ code: "unknown-anchor", message: `anchor model ${options.anchor} has no votes; centred on the mean instead`, models: [modelNames[anchor]] });
    anchor = undefined;
  }
  if (anchor !== undefined) {
    bt.anchor = anchor;
    bt.anchorRating = options.anchorRating;
    fit = fitBradleyTerry(counts, bt);
  }
  options.onProgress?.("fit", 1, 1);

  // Diagnostics: these are why the MLE can fail to exist.
  const g = fit.graph;
  const inactive = modelNames.map((_, i) => i).filter((i) => !g.active[i]);
  if (inactive.length) warnings.push({ code: "no-votes", message: "models without counted votes get no rating", models: names(inactive) });
  if (g.neverLost.length) warnings.push({ code: "never-lost", message: "models that never lost (nor tied): their rating is bounded only by the prior", models: names(g.neverLost) });
  if (g.neverWon.length) warnings.push({ code: "never-won", message: "models that never won (nor tied): their rating is bounded only by the prior", models: names(g.neverWon) });
  if (g.components.length > 1) {
    g.components.forEach((c, k) =>
      warnings.push({ code: "disconnected", message: `comparison graph has ${g.components.length} disconnected groups; ratings are not comparable across groups (group ${k + 1})`, models: names(c) }),
    );
  } else if (!g.stronglyConnected && !g.neverLost.length && !g.neverWon.length && inactive.length < n) {
    warnings.push({ code: "not-strongly-connected", message: "some group of models never lost to the rest; the maximum-likelihood ratings are infinite", models: [] });
  }
  if (fit.priorApplied && inactive.length < n) {
    warnings.push({ code: "prior-applied", message: `no finite maximum-likelihood estimate: used the L2 prior λ=${options.prior ?? 1e-6} on log-strengths`, models: [] });
  }
  if (!fit.converged) warnings.push({ code: "not-converged", message: `Bradley–Terry fit did not converge in ${fit.iterations} iterations`, models: [] });
  if (counts.skipped > 0) warnings.push({ code: "skipped-votes", message: `${counts.skipped} votes skipped (same model on both sides, unknown model or outcome)`, models: [] });

  // Bootstrap CIs and rank intervals (over models with votes only).
  const ciLow = new Float64Array(n).fill(NaN);
  const ciHigh = new Float64Array(n).fill(NaN);
  const rankBest = new Float64Array(n).fill(NaN);
  const rankWorst = new Float64Array(n).fill(NaN);
  if (rounds > 0 && inactive.length < n) {
    const boot = bootstrapRatings(counts, {
      ...bt,
      rounds,
      seed,
      confidence: options.confidence,
      onProgress: (d, t) => options.onProgress?.("bootstrap", d, t),
    });
    ciLow.set(boot.ciLow);
    ciHigh.set(boot.ciHigh);
    const activeIdx = modelNames.map((_, i) => i).filter((i) => g.active[i]);
    const ri = rankIntervals(
      activeIdx.map((i) => ciLow[i]),
      activeIdx.map((i) => ciHigh[i]),
    );
    activeIdx.forEach((i, k) => {
      rankBest[i] = ri.best[k];
      rankWorst[i] = ri.worst[k];
    });
    if (boot.roundsWithPrior > 0) {
      warnings.push({ code: "bootstrap-prior", message: `${boot.roundsWithPrior} of ${rounds} bootstrap resamples had no finite MLE (prior used); intervals for sparsely compared models are wide`, models: [] });
    }
  }

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
  const tr = findIntransitiveTriples(counts, { ...ties, minPairVotes: options.minPairVotes, alpha: options.alpha }, fit.ratings);
  const namedEdge = (e: PairEdge): NamedEdge => ({
    winner: modelNames[e.winner],
    loser: modelNames[e.loser],
    winnerWins: e.winnerWins,
    loserWins: e.loserWins,
    ties: e.ties,
    pValue: e.pValue,
  });
  const transitivity: NamedTransitivity = {
    minPairVotes: tr.minPairVotes,
    alpha: tr.alpha,
    pairsChecked: tr.pairsChecked,
    triplesChecked: tr.triplesChecked,
    cycleCount: tr.cycleCount,
    significantCycleCount: tr.significantCycleCount,
    cycles: tr.cycles.map((c) => ({ models: names(c.models), edges: c.edges.map(namedEdge), significant: c.significant })),
    pairsCompared: tr.pairsCompared,
    disagreementShare: finite(tr.disagreementShare),
    disagreements: tr.disagreements.map(namedEdge),
  };

  const totals = modelTotals(counts, ties);
  const rows: LeaderboardRow[] = orderByRating(fit.ratings).map((i) => ({
    model: modelNames[i],
    rating: finite(fit.ratings[i]),
    ciLow: finite(ciLow[i]),
    ciHigh: finite(ciHigh[i]),
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
  }));

  let matrices: Leaderboard["matrices"];
  if (options.includeMatrices) {
    const emp = empiricalWinRates(counts, ties);
    const pred = predictedWinRates(fit.ratings, options.scale, options.base);
    const grid = <T>(f: (i: number, j: number) => T): T[][] => modelNames.map((_, i) => modelNames.map((__, j) => f(i, j)));
    matrices = {
      models: [...modelNames],
      empiricalWinRate: grid((i, j) => finite(emp.winRate[i * n + j])),
      games: grid((i, j) => emp.games[i * n + j]),
      predictedWinRate: grid((i, j) => finite(pred[i * n + j])),
    };
  }

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
      iterations: fit.iterations,
      priorApplied: fit.priorApplied,
      anchor: anchor !== undefined ? modelNames[anchor] : null,
    },
  };
}
