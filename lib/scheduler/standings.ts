// Current standing of every model (Bradley–Terry rating, a quick interval) from pair counts.
// Pure; the cost grows with models², not with votes. The scheduler needs a rough picture of which orders are
// still open, not publication-grade intervals: 100 bootstrap rounds are plenty (the leaderboard uses 1000).
// A bootstrap round draws every non-empty count cell, so with many compared pairs it gets slow (200 models
// compared pairwise: 60,000 cells, ~0.1 s a round, 10 s for 100 rounds, on the request thread): past a
// budget of drawn cells the interval is the Wald interval instead, rating ± 1.96 standard errors from the
// Fisher information (one models³ factorisation, milliseconds at 200 models).

import { DEFAULT_BASE, DEFAULT_SCALE, type PairCounts, addPairInformation, bootstrapRatings, emptyCounts, fitBradleyTerry, pairIndex, pairScores, pinShiftDirection, totalVotes } from "@/lib/ratings";
import { choleskyInPlace, choleskySolve } from "@/lib/ratings/chord";
import { type ModelStanding, type PairInput, boundaryWeights, pairWeights } from "./weights";

export const schedulerBootstrapRounds = 100;
/** Bootstrap only while rounds × non-empty cells stay under this many draws. */
export const bootstrapCellBudget = 1_000_000;

export function standingsFromCounts(
  counts: PairCounts,
  options: { rounds?: number; seed?: number; campaignVotes?: ArrayLike<number> } = {},
): ModelStanding[] {
  const n = counts.n;
  const campaignVotes = (i: number) => options.campaignVotes?.[i] ?? 0;
  if (totalVotes(counts) === 0) {
    return Array.from({ length: n }, (_, i) => ({ rating: NaN, ciLow: NaN, ciHigh: NaN, campaignVotes: campaignVotes(i) }));
  }
  // Fit only the models that have votes: the others get no rating either way, and the solver's dense
  // Cholesky costs models³ (400 freshly imported models beside 5 voted ones: 64M operations per factor,
  // for every bootstrap round that needs a full Newton fit).
  const { counts: voted, models } = countsOfVotedModels(counts);
  const fit = fitBradleyTerry(voted);
  const rounds = options.rounds ?? schedulerBootstrapRounds;
  const ci =
    nonEmptyCells(voted) * rounds <= bootstrapCellBudget
      ? bootstrapRatings(voted, { rounds, seed: options.seed ?? 1 })
      : waldIntervals(voted, fit.logStrengths, fit.priorApplied);
  const standings: ModelStanding[] = Array.from({ length: n }, (_, i) => ({ rating: NaN, ciLow: NaN, ciHigh: NaN, campaignVotes: campaignVotes(i) }));
  models.forEach((i, k) => Object.assign(standings[i]!, { rating: fit.ratings[k]!, ciLow: ci.ciLow[k]!, ciHigh: ci.ciHigh[k]! }));
  return standings;
}

/** The counts restricted to models with at least one vote, and their indices in the full counts. */
function countsOfVotedModels(counts: PairCounts): { counts: PairCounts; models: number[] } {
  const hasVotes = new Uint8Array(counts.n);
  for (let p = 0; p < counts.pairI.length; p++) {
    if (counts.winsI[p]! + counts.winsJ[p]! + counts.ties[p]! + counts.bothBad[p]! > 0) hasVotes[counts.pairI[p]!] = hasVotes[counts.pairJ[p]!] = 1;
  }
  const models: number[] = [];
  hasVotes.forEach((v, i) => v && models.push(i));
  if (models.length === counts.n) return { counts, models };
  const local = new Int32Array(counts.n).fill(-1);
  models.forEach((i, k) => (local[i] = k));
  const voted = emptyCounts(models.length);
  for (let p = 0; p < counts.pairI.length; p++) {
    const a = local[counts.pairI[p]!]!;
    const b = local[counts.pairJ[p]!]!;
    if (a < 0 || b < 0) continue;
    const q = pairIndex(models.length, a, b);
    voted.winsI[q] = counts.winsI[p]!;
    voted.winsJ[q] = counts.winsJ[p]!;
    voted.ties[q] = counts.ties[p]!;
    voted.bothBad[q] = counts.bothBad[p]!;
  }
  return { counts: voted, models };
}

/** Every unordered pair with its number of votes (all outcomes), in the counts' pair order. */
export function pairsFromCounts(counts: PairCounts): PairInput[] {
  const pairs: PairInput[] = [];
  for (let p = 0; p < counts.pairI.length; p++) {
    pairs.push({ i: counts.pairI[p]!, j: counts.pairJ[p]!, votes: counts.winsI[p]! + counts.winsJ[p]! + counts.ties[p]! + counts.bothBad[p]! });
  }
  return pairs;
}

function nonEmptyCells(counts: PairCounts): number {
  let cells = 0;
  for (let p = 0; p < counts.pairI.length; p++) cells += +(counts.winsI[p]! > 0) + +(counts.winsJ[p]! > 0) + +(counts.ties[p]! + counts.bothBad[p]! > 0);
  return cells;
}

/**
 * 95% Wald intervals for the centred ratings: θ ± 1.96·√(L⁺)ᵢᵢ, with L the Fisher information (the weighted
 * graph Laplacian, w_ij = n_ij·p_ij·(1 − p_ij)) and L⁺ its pseudo-inverse, read off (L + c·11ᵀ)⁻¹ = L⁺ + 11ᵀ/(c·m²).
 * No interval (NaN) when the MLE does not exist (a model never lost or never won: its error is unbounded);
 * the scheduler then treats the pair's order as open.
 */
export function waldIntervals(counts: PairCounts, theta: Float64Array, priorApplied: boolean): { ciLow: Float64Array; ciHigh: Float64Array } {
  const m = counts.n;
  const ciLow = new Float64Array(m).fill(NaN);
  const ciHigh = new Float64Array(m).fill(NaN);
  const covariance = priorApplied ? null : ratingCovariance(counts, theta);
  if (!covariance) return { ciLow, ciHigh };
  const factor = DEFAULT_SCALE / Math.log(DEFAULT_BASE);
  let mean = 0;
  for (let i = 0; i < m; i++) mean += theta[i]!;
  mean /= m;
  for (let i = 0; i < m; i++) {
    const rating = 1000 + (theta[i]! - mean) * factor;
    const half = 1.96 * Math.sqrt(Math.max(0, covariance[i * m + i]!)) * factor;
    ciLow[i] = rating - half;
    ciHigh[i] = rating + half;
  }
  return { ciLow, ciHigh };
}

/**
 * Covariance of the centred log-strengths θ (natural log, mean 0), m×m row-major: L⁺, the pseudo-inverse of
 * the Fisher information at θ, read off (L + c·11ᵀ)⁻¹ = L⁺ + 11ᵀ/(c·m²). Null when L is singular (a model or
 * group without comparisons). Only meaningful when the MLE exists (no prior applied).
 */
export function ratingCovariance(counts: PairCounts, theta: Float64Array): Float64Array | null {
  const m = counts.n;
  if (m < 2) return null;
  const { scoreI, scoreJ } = pairScores(counts);
  const h = new Float64Array(m * m);
  addPairInformation(m, counts.pairI, counts.pairJ, scoreI, scoreJ, theta, h, null);
  const c = pinShiftDirection(h, m, new Uint8Array(m).fill(1), m, 0, theta, null).shift;
  if (!choleskyInPlace(h, m)) return null;
  const unit = new Float64Array(m);
  const column = new Float64Array(m);
  const covariance = new Float64Array(m * m);
  const pinned = 1 / (c * m * m);
  for (let i = 0; i < m; i++) {
    unit.fill(0);
    unit[i] = 1;
    choleskySolve(h, m, unit, column);
    for (let j = 0; j < m; j++) covariance[j * m + i] = column[j]! - pinned;
  }
  return covariance;
}

/**
 * The scheduler's pair weights from the vote counts, in pairIndex order: the one function the app
 * (lib/server/battles/scheduler-state.ts) and the simulation (simulate.ts, npm run bench:scheduler) call.
 * When every model has votes and the maximum-likelihood fit exists, the weights are boundaryWeights (expected
 * information on the rank boundaries, top `focusTop` first); otherwise (a new model, a model that never lost
 * or never won) the exploratory pairWeights, which send votes to the unknown models first.
 */
export function schedulerWeights(
  counts: PairCounts,
  options: { seed?: number; campaignVotes?: ArrayLike<number>; targetVotes?: number; focusTop?: number } = {},
): Float64Array {
  const pairs = pairsFromCounts(counts);
  const voted = new Uint8Array(counts.n);
  for (const pair of pairs) if (pair.votes > 0) voted[pair.i] = voted[pair.j] = 1;
  // Checked before fitting: a fit over every model when few have votes costs models³ per Newton step.
  if (counts.n >= 2 && voted.every((v) => v === 1)) {
    // The boundary weights need the fit and its covariance, not the bootstrap: only the fallback pays for it.
    const fit = fitBradleyTerry(counts);
    const covariance = !fit.priorApplied && fit.ratings.every(Number.isFinite) ? ratingCovariance(counts, fit.logStrengths) : null;
    if (covariance) {
      const models = Array.from(fit.ratings, (rating, i) => ({ rating, ciLow: NaN, ciHigh: NaN, campaignVotes: options.campaignVotes?.[i] ?? 0 }));
      return boundaryWeights(models, covariance, pairs, { targetVotes: options.targetVotes, focusTop: options.focusTop });
    }
  }
  const standings = standingsFromCounts(counts, { seed: options.seed, campaignVotes: options.campaignVotes });
  return pairWeights(standings, pairs, { targetVotes: options.targetVotes });
}
