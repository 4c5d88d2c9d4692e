// Bootstrap confidence intervals for Bradley–Terry ratings.
// Resampling the N kept votes with replacement is a Multinomial(N; cell counts / N) draw over the count cells
// (per pair: i won, j won, tie-like), so one round costs O(pairs) binomial draws plus one warm-started
// Newton fit: B × models² work, independent of the number of votes.
// Intervals: percentile method, quantiles by linear interpolation (NumPy/pandas default, as FastChat uses).
//
// Identification: only models with a finite estimate are rated. The point fit uses the largest strongly
// connected set of the "scored against" graph (every model there won and lost, transitively, against the
// others). In a round where a resample leaves some of them without a finite estimate (say a sparse model that
// happened to draw no losses), the round is fitted on its own largest strongly connected set and the others get
// +∞ (only beat that set), −∞ (only lost to it) or no value (no order to it); the round is centred on the
// models it identifies, so one unidentified model never moves the others. Without `centreOn`, every identified
// model centres; the leaderboard leaves few-vote models out of the centring in every round as well.

import { type PairCounts, type PairScores, pairScores } from "./counts";
import { type BradleyTerryOptions, type RatingScaleOptions, BradleyTerrySolver, ChordSolver, DEFAULT_TOLERANCE, fitBradleyTerryScores, ratingsFromLogStrengths } from "./bradley-terry";
import { rankableGroups } from "./graph";
import { type Random, createRandom, sampleBinomial } from "./random";

export interface BootstrapOptions extends BradleyTerryOptions {
  /** Rounds B. Default 1000. */
  rounds?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Two-sided level. Default 0.95. */
  confidence?: number;
  /** Keep all round ratings (rounds × n, model-major) in the result. Default false. */
  keepSamples?: boolean;
  /** Called every `progressEvery` rounds (default 100) with rounds done. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** Widen each percentile interval about the point estimate by this factor (small-sample correction). Default 1. */
  widen?: number;
}

export interface BootstrapResult {
  rounds: number;
  confidence: number;
  /**
   * Percentile interval bounds per model: NaN for models without a finite estimate in the data, ±∞ when a model
   * lacked one (only beat, or only lost to, the others) in more than (1 − confidence)/2 of the rounds.
   */
  ciLow: Float64Array;
  ciHigh: Float64Array;
  /** Median of the bootstrap ratings. */
  median: Float64Array;
  /** Per model: rounds in which it had no finite estimate. */
  unidentifiedRounds: Int32Array;
  /** Rounds whose resample identified fewer models than the data (some got ±∞ or no value there). */
  roundsPartlyIdentified: number;
  /** Rounds that identified no centring model (or not the anchor): no origin, left out of every quantile. */
  roundsWithoutOrigin: number;
  /** Rounds whose Newton fit hit maxIterations. */
  roundsNotConverged: number;
  /** samples[m·rounds + b] when keepSamples. */
  samples?: Float64Array;
}

/**
 * q-quantile of ascending sorted values, linear interpolation between order statistics (type 7):
 * x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = (len − 1)q. Infinite order statistics give ±∞, never NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const len = sorted.length;
  if (len === 0) return NaN;
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(len - 1, lo + 1);
  const a = sorted[lo];
  const b = sorted[hi];
  if (h === lo || a === b) return a;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === -Infinity ? -Infinity : Infinity;
  return a + (h - lo) * (b - a);
}

export function bootstrapRatings(counts: PairCounts, options: BootstrapOptions = {}): BootstrapResult {
  const base = pairScores(counts, options);
  return bootstrapWithResampler(counts.n, base.pairI, base.pairJ, base.scoreI, base.scoreJ, voteResampler(counts, base), options);
}

/** Fills per-pair scores (sI, sJ; already zeroed) for one bootstrap round. */
export type RoundResampler = (rng: Random, sI: Float64Array, sJ: Float64Array) => void;

/** Vote-level resampler: Multinomial(N; cells) over the count cells (i won, j won, tie-like per pair). */
export function voteResampler(counts: PairCounts, base: PairScores): RoundResampler {
  // Non-empty cells only: kind 0 = i won, 1 = j won, 2 = tie-like (half each).
  const cellPair: number[] = [];
  const cellKind: number[] = [];
  const cellWeight: number[] = [];
  let total = 0;
  for (let p = 0; p < base.scoreI.length; p++) {
    const w = [counts.winsI[p], counts.winsJ[p], base.draws[p]];
    for (let k = 0; k < 3; k++) {
      if (w[k] > 0) {
        cellPair.push(p);
        cellKind.push(k);
        cellWeight.push(w[k]);
        total += w[k];
      }
    }
  }
  const votes = Math.round(total); // resample size N (counts are expected to be integers)
  const cellsP = Int32Array.from(cellPair);
  const cellsK = Uint8Array.from(cellKind);
  const cellsW = Float64Array.from(cellWeight);
  // Suffix sums of weights give each conditional binomial probability w_k / Σ_{l≥k} w_l without drift.
  const suffix = new Float64Array(cellsW.length + 1);
  for (let k = cellsW.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + cellsW[k];
  const last = cellsW.length - 1;
  return (rng, sI, sJ) => {
    // Multinomial by sequential conditional binomials: X_k ~ Bin(N − Σ_{l<k} X_l, w_k / Σ_{l≥k} w_l).
    let remaining = votes;
    for (let k = 0; k <= last && remaining > 0; k++) {
      const x = k === last ? remaining : sampleBinomial(rng, remaining, cellsW[k] / suffix[k]);
      if (x === 0) continue;
      remaining -= x;
      const p = cellsP[k];
      const kind = cellsK[k];
      if (kind === 0) sI[p] += x;
      else if (kind === 1) sJ[p] += x;
      else {
        sI[p] += 0.5 * x;
        sJ[p] += 0.5 * x;
      }
    }
  };
}

/**
 * The bootstrap loop for any resampler (votes, or clusters of votes): point fit on the identified models,
 * B warm-started refits, percentile intervals (optionally widened about the point by `widen`).
 */
export function bootstrapWithResampler(
  n: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  scoreI: Float64Array,
  scoreJ: Float64Array,
  resample: RoundResampler,
  options: BootstrapOptions = {},
): BootstrapResult {
  const rounds = options.rounds ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);

  // Identified set: the largest strongly connected set of the data; pairs leaving it are ignored.
  const groups = rankableGroups(n, pairI, pairJ, scoreI, scoreJ);
  const identified = new Uint8Array(n);
  if (groups.groups.length > 0) for (const i of groups.groups[0].identified) identified[i] = 1;
  const inside = new Uint8Array(pairI.length);
  for (let p = 0; p < pairI.length; p++) inside[p] = identified[pairI[p]] & identified[pairJ[p]];
  const maskScores = (si: Float64Array, sj: Float64Array) => {
    for (let p = 0; p < inside.length; p++) {
      if (!inside[p]) si[p] = sj[p] = 0;
    }
  };
  const pointI = scoreI.slice();
  const pointJ = scoreJ.slice();
  maskScores(pointI, pointJ);
  const scaleOptions = { ...options, centreOn: centreMask(identified, options.centreOn) };
  const solver = new BradleyTerrySolver(n, pairI, pairJ);
  const point = fitBradleyTerryScores(n, pairI, pairJ, pointI, pointJ, { ...options, ...scaleOptions, prior: 0 }, solver);
  const active = identified;
  const samples = new Float64Array(n * rounds).fill(NaN);
  const ciLow = new Float64Array(n).fill(NaN);
  const ciHigh = new Float64Array(n).fill(NaN);
  const median = new Float64Array(n).fill(NaN);
  const unidentifiedRounds = new Int32Array(n);
  const empty: BootstrapResult = { rounds, confidence, ciLow, ciHigh, median, unidentifiedRounds, roundsPartlyIdentified: 0, roundsWithoutOrigin: 0, roundsNotConverged: 0, samples: options.keepSamples ? samples : undefined };
  if (groups.groups.length === 0) return empty;

  const rng = createRandom(options.seed ?? 1);
  const chord = new ChordSolver(solver, pointI, pointJ, point.logStrengths, active);
  const strong = new StrongConnectivity(n, pairI, pairJ);
  const sI = new Float64Array(pairI.length);
  const sJ = new Float64Array(pairI.length);
  const theta = new Float64Array(n);
  const roundActive = new Uint8Array(n);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? 100;
  const every = options.progressEvery ?? 100;
  const ratings = new Float64Array(n);
  let roundsPartlyIdentified = 0;
  let roundsWithoutOrigin = 0;
  let roundsNotConverged = 0;

  for (let b = 0; b < rounds; b++) {
    sI.fill(0);
    sJ.fill(0);
    resample(rng, sI, sJ);
    maskScores(sI, sJ);
    for (let i = 0; i < n; i++) theta[i] = active[i] ? point.logStrengths[i] : 0;
    let r: { iterations: number; converged: boolean };
    if (strong.check(sI, sJ, active)) {
      r = chord.solve(sI, sJ, theta, tolerance, maxIterations);
    } else {
      // This resample identifies fewer models: fit its largest strongly connected set exactly, and give
      // the rest ±∞ (they only beat, or only lost to, that set) or no value.
      roundsPartlyIdentified++;
      const sub = rankableGroups(n, pairI, pairJ, sI, sJ);
      roundActive.fill(0);
      let best: number[] = [];
      for (const g of sub.groups) if (g.identified.length > best.length) best = g.identified;
      for (const i of best) roundActive[i] = 1;
      for (let p = 0; p < pairI.length; p++) {
        if (!(roundActive[pairI[p]] && roundActive[pairJ[p]])) sI[p] = sJ[p] = 0;
      }
      r = best.length >= 2 ? solver.solve(sI, sJ, theta, roundActive, 0, tolerance, maxIterations) : { iterations: 0, converged: true };
      for (let i = 0; i < n; i++) {
        if (!active[i] || roundActive[i]) continue;
        unidentifiedRounds[i]++;
        const why = sub.reason[i];
        theta[i] = why === "never-lost" || why === "beat-the-rest" ? Infinity : why === "never-won" || why === "lost-to-the-rest" ? -Infinity : NaN;
      }
      if (best.length < 2) for (let i = 0; i < n; i++) if (active[i]) theta[i] = NaN;
    }
    if (!r.converged) roundsNotConverged++;
    for (let i = 0; i < n; i++) if (!active[i]) theta[i] = NaN;
    if (roundRatings(theta, scaleOptions, ratings)) {
      for (let i = 0; i < n; i++) samples[i * rounds + b] = ratings[i];
    } else {
      roundsWithoutOrigin++;
    }
    if (options.onProgress && ((b + 1) % every === 0 || b + 1 === rounds)) options.onProgress(b + 1, rounds);
  }

  const alpha = (1 - confidence) / 2;
  const widen = options.widen ?? 1;
  for (let i = 0; i < n; i++) {
    if (!active[i]) continue;
    const col = samples.subarray(i * rounds, (i + 1) * rounds).slice().sort(); // NaN sorts last
    let valid = col.length;
    while (valid > 0 && Number.isNaN(col[valid - 1])) valid--;
    const kept = col.subarray(0, valid);
    const lo = quantileSorted(kept, alpha);
    const hi = quantileSorted(kept, 1 - alpha);
    const centre = point.ratings[i];
    // Widened about the point estimate: R ± f·(R − q) keeps the interval's asymmetry.
    ciLow[i] = widen === 1 ? lo : widen === Infinity ? -Infinity : centre - widen * (centre - lo);
    ciHigh[i] = widen === 1 ? hi : widen === Infinity ? Infinity : centre + widen * (hi - centre);
    median[i] = quantileSorted(kept, 0.5);
  }
  return { ...empty, roundsPartlyIdentified, roundsWithoutOrigin, roundsNotConverged };
}

function centreMask(identified: Uint8Array, requested: ArrayLike<number> | undefined): Uint8Array {
  const mask = new Uint8Array(identified.length);
  let any = false;
  for (let i = 0; i < mask.length; i++) {
    mask[i] = identified[i] && (!requested || requested[i]) ? 1 : 0;
    any ||= mask[i] === 1;
  }
  return any ? mask : identified.slice();
}

// Ratings of one round into `out`; false when the round has no origin (no centring model, or the anchor,
// identified in it).
function roundRatings(theta: Float64Array, options: RatingScaleOptions, out: Float64Array): boolean {
  if (options.anchor !== undefined) {
    if (!Number.isFinite(theta[options.anchor])) return false;
  } else {
    let any = false;
    for (let i = 0; i < theta.length && !any; i++) any = Number.isFinite(theta[i]) && !!options.centreOn?.[i];
    if (!any) return false;
  }
  out.set(ratingsFromLogStrengths(theta, options));
  return true;
}

// A resample needs no prior only if its "scored against" graph is strongly connected over all the models
// with votes in the full data (a model that drew no votes in the resample must be held by the prior).
// Dense O(n²) reachability with reusable buffers: cheap next to the fit.
class StrongConnectivity {
  private readonly beats: Uint8Array; // beats[i·n + j] = 1 when i scored against j
  private readonly seen: Uint8Array;
  private readonly stack: Int32Array;

  constructor(
    private readonly n: number,
    private readonly pairI: Int32Array,
    private readonly pairJ: Int32Array,
  ) {
    this.beats = new Uint8Array(n * n);
    this.seen = new Uint8Array(n);
    this.stack = new Int32Array(n);
  }

  check(scoreI: Float64Array, scoreJ: Float64Array, active: Uint8Array): boolean {
    const { n, pairI, pairJ, beats } = this;
    beats.fill(0);
    for (let p = 0; p < pairI.length; p++) {
      const i = pairI[p];
      const j = pairJ[p];
      if (scoreI[p] > 0) beats[i * n + j] = 1;
      if (scoreJ[p] > 0) beats[j * n + i] = 1;
    }
    let source = -1;
    let activeCount = 0;
    for (let i = 0; i < n; i++) {
      if (active[i]) {
        activeCount++;
        if (source < 0) source = i;
      }
    }
    if (source < 0) return false;
    return this.reach(source, true) === activeCount && this.reach(source, false) === activeCount;
  }

  private reach(source: number, forward: boolean): number {
    const { n, beats, seen, stack } = this;
    seen.fill(0);
    let top = 0;
    let count = 0;
    stack[top++] = source;
    seen[source] = 1;
    while (top > 0) {
      const u = stack[--top];
      count++;
      for (let v = 0; v < n; v++) {
        if (!seen[v] && (forward ? beats[u * n + v] : beats[v * n + u])) {
          seen[v] = 1;
          stack[top++] = v;
        }
      }
    }
    return count;
  }
}
