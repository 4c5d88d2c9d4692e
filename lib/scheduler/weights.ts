// Where a vote informs the ranking most. Pure: ratings, intervals and counts in, one weight per model pair out.
// Two rules: boundaryWeights (below; expected information on the rank boundaries, used once every model has a
// finite rating) and pairWeights, the exploratory rule for the rest. schedulerWeights (standings.ts) picks one.
//
// pairWeights, for the unordered pair (i, j):
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

/** ARENA_SCHEDULER_TOP_K: the ranks the scheduler resolves first (default 5; 0 = every rank alike). */
export function schedulerFocusFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ARENA_SCHEDULER_TOP_K;
  if (raw === undefined || raw.trim() === "") return defaultSchedulerFocus;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : defaultSchedulerFocus;
}

/** ARENA_SCHEDULER_DISSIMILARITY_WEIGHT (default 1; 0 = off). */
export function dissimilarityWeightFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ARENA_SCHEDULER_DISSIMILARITY_WEIGHT;
  if (raw === undefined || raw.trim() === "") return 1;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 1;
}


// ---- Boundary information (used whenever every model in scope has a rating and an interval) --------------

/** Share of the picks spread evenly over every pair (exploration), whatever the number of pairs. */
export const boundaryExplorationShare = 0.1;
/** The ranks resolved first unless ARENA_SCHEDULER_TOP_K says otherwise. */
// The top five: what a leaderboard reader looks at first, and what bench:scheduler measures (README, Scheduler).
export const defaultSchedulerFocus = 5;
/** Boundaries below the focus keep this share of their value. */
const outsideFocus = 0.1;
/** A boundary's need stops growing at this ratio of interval sum to gap (two models that may be equal). */
const needCap = 3;

export type BoundaryWeightOptions = WeightOptions & {
  /** Ranks whose order matters most (the boundaries between ranks 1…k+1); 0 = every boundary alike. */
  focusTop?: number;
  /** Exploration share (default boundaryExplorationShare). */
  exploration?: number;
};

/**
 * Pair weights by expected information on the rank boundaries. For each boundary r between the models at
 * estimated ranks r and r+1 (A above B; gap δ = θ_A − θ_B, marginal standard errors σ_A, σ_B):
 *   need     g_r = min(3, 1.96·(σ_A + σ_B)/δ)²   (> 1 while the 95% intervals overlap, up to 9 for the
 *                                               least resolved boundary, 3 ≈ a pair that may be equal;
 *                                               falling fast once the intervals are apart)
 *   focus    f_r = 1 for r ≤ focusTop (the top-k and the model just below), 0.1 beyond (1 everywhere when 0).
 * One vote on pair (a, b) adds Fisher information w = p(1 − p) along x = e_a − e_b, so (Sherman–Morrison)
 * each marginal variance drops by Δσ²_i = w·(Σx)_i² / (1 + w·xᵀΣx), Σ the covariance of the centred θ.
 *   value(a, b) = Σ_r f_r·g_r·(Δσ_A + Δσ_B)/(σ_A + σ_B),  Δσ ≈ Δσ²/(2σ)
 * (how much the vote shrinks the boundaries' intervals, relative to their size, where resolution is still
 * needed). raw = value² · scarcity · target (scarcity and target as in pairWeights; squaring the value
 * concentrates the votes on the pairs that inform most, where sampling in proportion to it spread them over
 * every pair touching a top model), and
 *   weight = (1 − ε)·raw/Σraw + ε/pairs,  ε = exploration (0.1)
 * so every pair keeps a chance and the exploration share does not grow with the number of pairs.
 * `covariance` is n×n (row-major) in natural-log units, as ratingCovariance returns it.
 */
export function boundaryWeights(
  models: readonly ModelStanding[],
  covariance: Float64Array,
  pairs: readonly PairInput[],
  options: BoundaryWeightOptions = {},
): Float64Array {
  const n = models.length;
  const toLog = Math.log(10) / 400;
  const theta = models.map((m) => m.rating * toLog);
  const sd = Array.from({ length: n }, (_, i) => Math.sqrt(Math.max(covariance[i * n + i]!, 1e-12)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => theta[b]! - theta[a]! || a - b);
  const focusTop = options.focusTop ?? 0;
  // Σ_r f_r·g_r·(Δσ_A + Δσ_B)/(σ_A + σ_B) = Σ_i coefficient_i·Δσ_i: each model sits on at most two boundaries.
  const coefficient = new Float64Array(n);
  for (let r = 0; r + 1 < n; r++) {
    const a = order[r]!;
    const b = order[r + 1]!;
    const spread = sd[a]! + sd[b]!;
    const gap = theta[a]! - theta[b]!;
    const need = Math.pow(gap > 0 ? Math.min(needCap, (1.96 * spread) / gap) : needCap, 2);
    const focus = focusTop > 0 && r >= focusTop ? outsideFocus : 1;
    coefficient[a]! += (focus * need) / spread;
    coefficient[b]! += (focus * need) / spread;
  }
  // Δσ_i = shrink·(Σ_ai − Σ_bi)² / (2σ_i) (Σ symmetric; rows are contiguous): coefficient_i / (2σ_i) once.
  const perModel = Array.from(coefficient, (c, i) => c / (2 * sd[i]!));
  const raw = new Float64Array(pairs.length);
  let sum = 0;
  pairs.forEach((pair, k) => {
    const { i: a, j: b } = pair;
    const p = 1 / (1 + Math.exp(theta[b]! - theta[a]!));
    const w = p * (1 - p);
    const xSx = covariance[a * n + a]! + covariance[b * n + b]! - 2 * covariance[a * n + b]!;
    const shrink = w / (1 + w * xSx);
    let value = 0;
    for (let i = 0; i < n; i++) {
      const sx = covariance[a * n + i]! - covariance[b * n + i]!;
      value += perModel[i]! * sx * sx;
    }
    value *= shrink;
    const scarcity = 1 + 3 / (1 + Math.max(0, pair.votes) / scarcityVotes);
    raw[k] = value * value * scarcity * targetBoost(models[a]!, models[b]!, options.targetVotes);
    sum += raw[k]!;
  });
  const epsilon = options.exploration ?? boundaryExplorationShare;
  for (let k = 0; k < raw.length; k++) raw[k] = sum > 0 ? (1 - epsilon) * (raw[k]! / sum) + epsilon / pairs.length : 1 / pairs.length;
  return raw;
}
