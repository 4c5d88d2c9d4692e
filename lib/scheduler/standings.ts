// Current standing of every model (Bradley–Terry rating, a quick interval) from pair counts.
// Pure; the cost grows with models², not with votes. The scheduler needs a rough picture of which orders are
// still open, not publication-grade intervals: 100 bootstrap rounds are plenty (the leaderboard uses 1000).
// A bootstrap round draws every non-empty count cell, so with many compared pairs it gets slow (200 models
// compared pairwise: 60,000 cells, ~0.1 s a round, 10 s for 100 rounds, on the request thread): past a
// budget of drawn cells the interval is the Wald interval instead, rating ± 1.96 standard errors from the
// Fisher information (one models³ factorisation, milliseconds at 200 models).

import { DEFAULT_BASE, DEFAULT_SCALE, type PairCounts, addPairInformation, bootstrapRatings, emptyCounts, fitBradleyTerry, pairIndex, pairScores, pinShiftDirection, totalVotes } from "@/lib/ratings";
import { choleskyInPlace, choleskySolve } from "@/lib/ratings/chord";
import type { ModelStanding, PairInput } from "./weights";

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
  if (priorApplied || m < 2) return { ciLow, ciHigh };
  const { scoreI, scoreJ } = pairScores(counts);
  const h = new Float64Array(m * m);
  addPairInformation(m, counts.pairI, counts.pairJ, scoreI, scoreJ, theta, h, null);
  const c = pinShiftDirection(h, m, new Uint8Array(m).fill(1), m, 0, theta, null).shift;
  if (!choleskyInPlace(h, m)) return { ciLow, ciHigh };
  const factor = DEFAULT_SCALE / Math.log(DEFAULT_BASE);
  const unit = new Float64Array(m);
  const column = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < m; i++) mean += theta[i]!;
  mean /= m;
  for (let i = 0; i < m; i++) {
    unit.fill(0);
    unit[i] = 1;
    choleskySolve(h, m, unit, column);
    const variance = column[i]! - 1 / (c * m * m);
    const rating = 1000 + (theta[i]! - mean) * factor;
    const half = 1.96 * Math.sqrt(Math.max(0, variance)) * factor;
    ciLow[i] = rating - half;
    ciHigh[i] = rating + half;
  }
  return { ciLow, ciHigh };
}
