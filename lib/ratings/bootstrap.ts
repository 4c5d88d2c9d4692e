// Bootstrap confidence intervals for Bradley–Terry ratings.
// Resampling the N kept votes with replacement is a Multinomial(N; cell counts / N) draw over the count cells
// (per pair: i won, j won, tie-like), so one round costs O(pairs) binomial draws plus one warm-started
// Newton fit: B × models² work, independent of the number of votes.
// Intervals: percentile method, quantiles by linear interpolation (NumPy/pandas default, as FastChat uses).
// Each round is centred exactly like the point estimate (mean 1000, or the anchor pinned), so the interval
// is for the centred rating.

import { type PairCounts, pairScores } from "./counts";
import { type BradleyTerryOptions, BradleyTerrySolver, ChordSolver, DEFAULT_PRIOR, DEFAULT_TOLERANCE, fitBradleyTerryScores, ratingsFromLogStrengths } from "./bradley-terry";
import { createRandom, sampleBinomial } from "./random";

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
}

export interface BootstrapResult {
  rounds: number;
  confidence: number;
  /** Percentile interval bounds per model (NaN for models without votes). */
  ciLow: Float64Array;
  ciHigh: Float64Array;
  /** Median of the bootstrap ratings. */
  median: Float64Array;
  /** Rounds in which the resample lost strong connectivity and needed the L2 prior. */
  roundsWithPrior: number;
  /** Rounds whose Newton fit hit maxIterations. */
  roundsNotConverged: number;
  /** samples[m·rounds + b] when keepSamples. */
  samples?: Float64Array;
}

/** q-quantile of ascending sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const len = sorted.length;
  if (len === 0) return NaN;
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(len - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function bootstrapRatings(counts: PairCounts, options: BootstrapOptions = {}): BootstrapResult {
  const rounds = options.rounds ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  const n = counts.n;
  const base = pairScores(counts, options);

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

  const point = fitBradleyTerryScores(n, base.pairI, base.pairJ, base.scoreI, base.scoreJ, options);
  const active = point.graph.active;
  const samples = new Float64Array(n * rounds);
  const rng = createRandom(options.seed ?? 1);
  const solver = new BradleyTerrySolver(n, base.pairI, base.pairJ);
  const chord = point.priorApplied ? null : new ChordSolver(solver, base.scoreI, base.scoreJ, point.logStrengths, active);
  const strong = new StrongConnectivity(n, base.pairI, base.pairJ);
  const sI = new Float64Array(base.scoreI.length);
  const sJ = new Float64Array(base.scoreI.length);
  const theta = new Float64Array(n);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? 100;
  const prior = options.prior ?? DEFAULT_PRIOR;
  const every = options.progressEvery ?? 100;
  let roundsWithPrior = 0;
  let roundsNotConverged = 0;

  for (let b = 0; b < rounds; b++) {
    sI.fill(0);
    sJ.fill(0);
    // Multinomial by sequential conditional binomials: X_k ~ Bin(N − Σ_{l<k} X_l, w_k / Σ_{l≥k} w_l).
    let remaining = votes;
    const last = cellsW.length - 1;
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
    // Warm start from the point estimate; the prior only when this resample has no finite MLE.
    for (let i = 0; i < n; i++) theta[i] = active[i] ? point.logStrengths[i] : 0;
    const needsPrior = !strong.check(sI, sJ, active);
    if (needsPrior) roundsWithPrior++;
    const r =
      chord && !needsPrior
        ? chord.solve(sI, sJ, theta, tolerance, maxIterations)
        : solver.solve(sI, sJ, theta, active, needsPrior ? prior : 0, tolerance, maxIterations);
    if (!r.converged) roundsNotConverged++;
    for (let i = 0; i < n; i++) if (!active[i]) theta[i] = NaN;
    const ratings = ratingsFromLogStrengths(theta, options);
    for (let i = 0; i < n; i++) samples[i * rounds + b] = ratings[i];
    if (options.onProgress && ((b + 1) % every === 0 || b + 1 === rounds)) options.onProgress(b + 1, rounds);
  }

  const alpha = (1 - confidence) / 2;
  const ciLow = new Float64Array(n);
  const ciHigh = new Float64Array(n);
  const median = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!active[i]) {
      ciLow[i] = ciHigh[i] = median[i] = NaN;
      continue;
    }
    const col = samples.subarray(i * rounds, (i + 1) * rounds).slice().sort();
    ciLow[i] = quantileSorted(col, alpha);
    ciHigh[i] = quantileSorted(col, 1 - alpha);
    median[i] = quantileSorted(col, 0.5);
  }
  return {
    rounds,
    confidence,
    ciLow,
    ciHigh,
    median,
    roundsWithPrior,
    roundsNotConverged,
    samples: options.keepSamples ? samples : undefined,
  };
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
