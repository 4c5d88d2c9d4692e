// Per-category rank changes against the overall table, with a noise baseline (issue 15, item 2).
//
// A category (tag, language) holds fewer votes than the whole, so its ranks move even when nothing about the
// models differs there. The baseline asks how far: draw `size` votes (the category's counted votes)
// multinomially from the overall count cells (pair × outcome), refit Bradley–Terry, rank the category's models
// by that fit and compare with their overall ranks; over `draws` seeded draws, the 95th percentile of
// |rank change| per model is the shift a category of that size shows by chance alone. A category's rank change
// beyond it is unlikely to be sampling noise (one model at a time: with many models and categories some will
// cross it by chance, about 5% of them when nothing differs).
//
// Ranks here are competition ranks by point rating among the models the category rates (its largest rated
// group), so a model's change does not count models the category never placed. Draws fit with the raw fit's
// tiny prior where the MLE does not exist (a small draw can leave a model unbeaten); a model with no vote in
// a draw ranks last among them.

import { fitBradleyTerry } from "./bradley-terry";
import { quantileSorted } from "./bootstrap";
import type { PairCounts, TieOptions } from "./counts";
import { createRandom, sampleMultinomial } from "./random";
import { ranksFromRatings } from "./ranks";
import { computeLeaderboard, type Leaderboard, type LeaderboardRow } from "./leaderboard";

export interface RankShiftOptions extends TieOptions {
  /** Draws of the baseline. Default 200. */
  draws?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Quantile of |rank change| reported. Default 0.95. */
  quantile?: number;
}

/** Competition ranks (1 = best) of `models` among themselves by `ratings` (indexed by model). */
export function ranksAmong(ratings: ArrayLike<number>, models: readonly number[]): Int32Array {
  return ranksFromRatings(models.map((m) => ratings[m]));
}

/** Votes that count under the tie options (ties and "both bad" dropped when asked). */
export function countedVotes(counts: PairCounts, options: TieOptions = {}): number {
  let total = 0;
  for (let p = 0; p < counts.winsI.length; p++) {
    total += counts.winsI[p] + counts.winsJ[p];
    if ((options.ties ?? "half") === "half") total += counts.ties[p];
    if ((options.bothBad ?? "half") === "half") total += counts.bothBad[p];
  }
  return total;
}

export interface RankShiftBaseline {
  /** Per entry of `models`: the `quantile` of |rank change| over the draws. */
  shift: Float64Array;
  /** Per entry of `models`: the mean |rank change|. */
  meanShift: Float64Array;
  draws: number;
  size: number;
}

/**
 * How far the ranks of `models` (indices into `overall`) move, by chance alone, when the overall data are
 * resampled down to `size` counted votes. Seeded and deterministic.
 */
export function rankShiftBaseline(overall: PairCounts, models: readonly number[], size: number, options: RankShiftOptions = {}): RankShiftBaseline {
  const draws = options.draws ?? 200;
  const quantile = options.quantile ?? 0.95;
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  const m = models.length;
  const fitOptions = { ties: options.ties, bothBad: options.bothBad };
  const full = fitBradleyTerry(overall, fitOptions);
  const base = ranksAmong(full.ratings, models);

  // Cells: the four outcomes of every pair; outcomes the tie options drop get no weight.
  const P = overall.winsI.length;
  const weights = new Float64Array(4 * P);
  weights.set(overall.winsI, 0);
  weights.set(overall.winsJ, P);
  if ((options.ties ?? "half") === "half") weights.set(overall.ties, 2 * P);
  if ((options.bothBad ?? "half") === "half") weights.set(overall.bothBad, 3 * P);
  const drawn = new Float64Array(4 * P);
  const sample: PairCounts = {
    n: overall.n,
    pairI: overall.pairI,
    pairJ: overall.pairJ,
    winsI: drawn.subarray(0, P),
    winsJ: drawn.subarray(P, 2 * P),
    ties: drawn.subarray(2 * P, 3 * P),
    bothBad: drawn.subarray(3 * P, 4 * P),
    skipped: 0,
  };
  const rng = createRandom(options.seed ?? 1);
  const shifts = new Float64Array(m * draws); // model-major: shifts[k·draws + d]
  // Warm start from the full fit; draws need ranks, not 1e-10 ratings.
  const init = full.logStrengths.map((x) => (Number.isFinite(x) ? x : 0));
  for (let d = 0; d < draws; d++) {
    sampleMultinomial(rng, size, weights, drawn);
    const fit = fitBradleyTerry(sample, { ...fitOptions, init, tolerance: 1e-6 });
    const ranks = ranksAmong(fit.ratings, models);
    for (let k = 0; k < m; k++) shifts[k * draws + d] = Math.abs(ranks[k] - base[k]);
  }
  const shift = new Float64Array(m);
  const meanShift = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const row = shifts.subarray(k * draws, (k + 1) * draws).sort();
    shift[k] = quantileSorted(row, quantile);
    let s = 0;
    for (let d = 0; d < draws; d++) s += row[d];
    meanShift[k] = s / draws;
  }
  return { shift, meanShift, draws, size };
}

export interface SliceOptions extends TieOptions {
  /** Bootstrap rounds of the slice's own intervals (vote resampling). Default 200. */
  bootstrap?: number;
  /** Draws of the noise baseline. Default 200. */
  draws?: number;
  seed?: number;
  minVotes?: number;
}

export interface SliceRow {
  model: string;
  status: LeaderboardRow["status"];
  rating: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  ciUnbounded: LeaderboardRow["ciUnbounded"];
  /** The slice's displayed rank (rank(UB), as on the leaderboard) and rank interval. */
  rank: number | null;
  rankBest: number | null;
  rankWorst: number | null;
  votes: number;
  /** Ranks by point rating among the models compared (rated in the slice's main table and overall). */
  sliceRank: number | null;
  overallRank: number | null;
  /** overallRank − sliceRank: positive = placed higher in the slice than overall. */
  change: number | null;
  /** 95th percentile of |rank change| when the overall data are resampled to the slice's size. */
  noise: number | null;
  /** |change| > noise. */
  beyondNoise: boolean | null;
}

export interface SliceTable {
  /** Counted votes in the slice (the baseline's draw size). */
  votes: number;
  /** Models compared with the overall table. */
  compared: number;
  rows: SliceRow[];
}

/** The overall table the slices are compared with (point fit only; its ranks and statuses are what matter). */
export function overallTable(overall: PairCounts, names: readonly string[], options: SliceOptions = {}): Leaderboard {
  return computeLeaderboard(overall, names, { ties: options.ties, bothBad: options.bothBad, bootstrap: 0, minVotes: options.minVotes, permutations: 0 });
}

const mainTable = (row: LeaderboardRow) => row.status !== "unrankable" && row.group === 0;

/**
 * One slice (a category, tag or language) against the overall table: its own ratings, intervals and ranks,
 * each compared model's rank change, and the noise baseline at the slice's size. `slice` and `overall` count
 * the same models in the same order (`names`).
 */
export function compareSlice(overall: PairCounts, overallBoard: Leaderboard, slice: PairCounts, names: readonly string[], options: SliceOptions = {}): SliceTable {
  const ties = { ties: options.ties, bothBad: options.bothBad };
  const board = computeLeaderboard(slice, names, { ...ties, bootstrap: options.bootstrap ?? 200, seed: options.seed ?? 1, minVotes: options.minVotes, cluster: "vote", permutations: 0 });
  const index = new Map(names.map((name, i) => [name, i]));
  const overallByModel = new Map(overallBoard.models.map((row) => [row.model, row]));
  const compared: number[] = [];
  for (const row of board.models) {
    const o = overallByModel.get(row.model);
    if (mainTable(row) && o && mainTable(o)) compared.push(index.get(row.model)!);
  }
  const votes = countedVotes(slice, ties);
  const sliceRatings = new Float64Array(names.length).fill(NaN);
  const overallRatings = new Float64Array(names.length).fill(NaN);
  for (const row of board.models) sliceRatings[index.get(row.model)!] = row.rating ?? NaN;
  for (const row of overallBoard.models) overallRatings[index.get(row.model)!] = row.rating ?? NaN;
  const sliceRanks = ranksAmong(sliceRatings, compared);
  const overallRanks = ranksAmong(overallRatings, compared);
  const baseline = compared.length >= 2 ? rankShiftBaseline(overall, compared, Math.round(votes), { ...ties, draws: options.draws, seed: options.seed }) : null;
  const at = new Map(compared.map((m, k) => [m, k]));
  const rows: SliceRow[] = board.models
    .filter((row) => row.votes > 0)
    .map((row) => {
      const k = at.get(index.get(row.model)!);
      const change = k === undefined ? null : overallRanks[k] - sliceRanks[k];
      const noise = k === undefined || baseline === null ? null : baseline.shift[k];
      return {
        model: row.model,
        status: row.status,
        rating: row.rating,
        ciLow: row.ciLow,
        ciHigh: row.ciHigh,
        ciUnbounded: row.ciUnbounded,
        rank: row.rank,
        rankBest: row.rankBest,
        rankWorst: row.rankWorst,
        votes: row.votes,
        sliceRank: k === undefined ? null : sliceRanks[k],
        overallRank: k === undefined ? null : overallRanks[k],
        change,
        noise,
        beyondNoise: change === null || noise === null ? null : Math.abs(change) > noise,
      };
    });
  return { votes, compared: compared.length, rows };
}
