// Where a vote informs the ranking most. Pure: ratings, intervals and counts in, one weight per model pair out.
//
// For the unordered pair (i, j):
//   uncertainty  u = 4·p·(1 − p), p = P(i beats j) from the current Bradley–Terry ratings (1 when unknown):
//                    1 for a coin flip, 0.36 at p = 0.9.
//   overlap      o = length of the intersection of the two models' confidence intervals / the shorter interval
//                    (0 when separated, 1 when one interval lies inside the other or a model has no interval).
//                    Neighbouring ranks whose order is still open have o > 0; far-apart models have o = 0.
//   scarcity     s = 1 + 3 / (1 + n / 10), n = votes on the pair: 4 for an unseen pair, 1.3 at 100 votes, → 1.
//                    New pairs get explored before their ratings are known; a pair with many votes is NOT
//                    penalised (the hardest neighbouring pair needs the most votes; the overlap term says when
//                    it is done).
//   target       t = 1 + 2·max(deficit_i, deficit_j), deficit = max(0, 1 − campaign votes / campaign target).
//   raw = u · (0.1 + o) · s · t
//   weight = raw / max(raw) + floor            (floor = 0.03: every eligible pair keeps a chance)
// Choices are sampled in proportion to the weight, never argmax, so no pair is predictable.

import { winProbability } from "@/lib/ratings";

export const pairWeightFloor = 0.03;
const scarcityVotes = 10;

export type ModelStanding = {
  /** Bradley–Terry rating; NaN when the model has no votes yet. */
  rating: number;
  ciLow: number;
  ciHigh: number;
  /** Votes involving this model inside the live campaign (for its per-model target). */
  campaignVotes: number;
};

export type PairInput = { i: number; j: number; votes: number };

export type WeightOptions = {
  /** The campaign's votes wanted per model; 0 or undefined = no target. */
  targetVotes?: number;
  floor?: number;
};

export function winUncertainty(a: ModelStanding, b: ModelStanding): number {
  if (!Number.isFinite(a.rating) || !Number.isFinite(b.rating)) return 1;
  const p = winProbability(a.rating, b.rating);
  return 4 * p * (1 - p);
}

export function intervalOverlap(a: ModelStanding, b: ModelStanding): number {
  if (![a.ciLow, a.ciHigh, b.ciLow, b.ciHigh].every(Number.isFinite)) return 1;
  const shorter = Math.min(a.ciHigh - a.ciLow, b.ciHigh - b.ciLow);
  const shared = Math.min(a.ciHigh, b.ciHigh) - Math.max(a.ciLow, b.ciLow);
  if (shared <= 0) return 0;
  return shorter <= 0 ? 1 : Math.min(1, shared / shorter);
}

function targetBoost(a: ModelStanding, b: ModelStanding, target: number | undefined): number {
  if (!target || target <= 0) return 1;
  const deficit = (m: ModelStanding) => Math.max(0, 1 - m.campaignVotes / target);
  return 1 + 2 * Math.max(deficit(a), deficit(b));
}

/** One weight per pair (same order as `pairs`), each ≥ floor and ≤ 1 + floor. */
export function pairWeights(models: readonly ModelStanding[], pairs: readonly PairInput[], options: WeightOptions = {}): Float64Array {
  const raw = new Float64Array(pairs.length);
  let max = 0;
  pairs.forEach((pair, k) => {
    const a = models[pair.i]!;
    const b = models[pair.j]!;
    const scarcity = 1 + 3 / (1 + Math.max(0, pair.votes) / scarcityVotes);
    raw[k] = winUncertainty(a, b) * (0.1 + intervalOverlap(a, b)) * scarcity * targetBoost(a, b, options.targetVotes);
    if (raw[k]! > max) max = raw[k]!;
  });
  const floor = options.floor ?? pairWeightFloor;
  for (let k = 0; k < raw.length; k++) raw[k] = (max > 0 ? raw[k]! / max : 1) + floor;
  return raw;
}

// ---- Prompts ---------------------------------------------------------------------------------------------

/**
 * How much to prefer a prompt whose two responses differ by `dissimilarity` ∈ [0, 1]:
 * (0.05 + 0.95·d)^(2·w). w = 0 switches the preference off (every prompt 1); w = 1 (default) squares it,
 * so a prompt with d = 0.9 is ~3× as likely as one with d = 0.5 and ~40× as one with d = 0.1.
 * Similar answers are the ones that end in ties, and ties carry half the information of a win.
 */
export function promptPreference(dissimilarity: number, weight: number): number {
  if (!(weight > 0)) return 1;
  const d = Number.isFinite(dissimilarity) ? Math.min(1, Math.max(0, dissimilarity)) : 0.5;
  return Math.pow(0.05 + 0.95 * d, 2 * weight);
}

/**
 * Priorities given at upload are on any scale; they are turned into [0, 1] by rank within their set
 * (lowest 0, highest 1, equal values share their average rank; a single prompt gets 0.5).
 */
export function normalisePriorities(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  if (values.length === 1) return [0.5];
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 / (values.length - 1);
    for (let k = start; k <= end; k++) out[order[k]!.i] = rank;
    start = end + 1;
  }
  return out;
}

/** ARENA_SCHEDULER_DISSIMILARITY_WEIGHT (default 1; 0 = off). */
export function dissimilarityWeightFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ARENA_SCHEDULER_DISSIMILARITY_WEIGHT;
  if (raw === undefined || raw.trim() === "") return 1;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 1;
}

