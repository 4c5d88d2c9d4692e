// Style control: Bradley–Terry with style covariates, fitted jointly (FastChat's construct_style_matrices /
// compute_style_control conventions).
//   logit P(A beats B) = θ_A − θ_B + Σ_k β_k z_k,   z_k = (d_k − mean d_k) / sd d_k,   d_k = (a_k − b_k)/(a_k + b_k + 1)
// for k = response length (tokens), markdown headers, list items, bold spans; mean and population sd over the
// votes that enter the fit. Ties (and "both bad" unless dropped) count as half a win each, as in the raw fit.
// β_k is the change in log-odds of A winning per standard deviation of feature k; its rating-point form is
// β_k·scale/ln(base). Ratings are the style-controlled strengths θ on the usual scale (mean 1000).
// Differences from FastChat, on purpose: no L2 penalty on well-posed data (FastChat's reg = 0.5 moves nothing
// visible at arena sizes but biases small campaigns); the tiny documented prior of the raw fit applies only
// when the MLE does not exist.
//
// Votes are aggregated into cells (unordered model pair × style-feature tuple, with the pair's wins, losses and
// tie-like votes), so a fit costs O(cells), not O(votes): exact tuples by default, or tuples binned to
// `binWidth` standard deviations (each cell then carries its members' mean z, a Berkson approximation whose
// error grows with (β·binWidth)²; the bench measures it).

import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE, type TieOptions } from "./counts";
import { DEFAULT_PRIOR, DEFAULT_TOLERANCE, type RatingScaleOptions, DEFAULT_BASE, DEFAULT_SCALE, ratingsFromLogStrengths } from "./bradley-terry";
import { analyseComparisonGraph, type ComparisonGraphReport } from "./graph";
import { quantileSorted } from "./bootstrap";
import { PoissonTables, type Random, createRandom, samplePoisson } from "./random";
import { type ChordProblem, type SolveReport, choleskyInPlace, choleskySolve, chordSolve } from "./chord";
import { rankIntervals, ranksFromRatings } from "./ranks";
import { smallSampleWidening } from "./cluster-bootstrap";
import type { VoteSequence } from "./elo";

/** Style features in FastChat's order (STYLE_CONTROL_ELEMENTS_V1). */
export const STYLE_FEATURES = ["length", "headers", "lists", "bold"] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export const STYLE_FEATURE_COUNT = STYLE_FEATURES.length;

/** FastChat's normalised difference with add_one: (a − b)/(a + b + 1), 0 when both are 0. */
export function normalisedDifference(a: number, b: number): number {
  return (a - b) / (a + b + 1);
}

/**
 * Per-vote normalised differences from raw style counts, K = 4 per vote in STYLE_FEATURES order
 * (countsA[v·4 + k] is response A's count of feature k: tokens, headers, list items, bold spans).
 */
export function styleDifferences(countsA: Float64Array, countsB: Float64Array): Float64Array {
  if (countsA.length !== countsB.length || countsA.length % STYLE_FEATURE_COUNT !== 0) {
    throw new RangeError(`style counts must be 4 per vote for both sides, got ${countsA.length} and ${countsB.length}`);
  }
  const out = new Float64Array(countsA.length);
  for (let x = 0; x < out.length; x++) out[x] = normalisedDifference(countsA[x], countsB[x]);
  return out;
}

export interface StyleCellOptions extends TieOptions {
  /** Bin width in standard deviations for aggregating feature tuples; 0 (default) aggregates exact tuples. */
  binWidth?: number;
  /**
   * Cluster of each vote (dense indices 0…G−1; e.g. its annotator or prompt) for a cluster bootstrap, and
   * optionally a second, independently resampled cluster (annotator and prompt: pigeonhole bootstrap).
   */
  clusters?: Int32Array;
  secondClusters?: Int32Array;
}

/** Kept votes per (cluster, second cluster, cell, outcome kind 0 = i won, 1 = j won, 2 = tie-like). */
export interface StyleClusterEntries {
  readonly clusters: number;
  readonly secondClusters: number | null;
  readonly cluster: Int32Array;
  readonly second: Int32Array | null;
  readonly cell: Int32Array;
  readonly kind: Uint8Array;
  readonly count: Float64Array;
}

/**
 * Votes aggregated by (unordered pair i<j, standardised feature tuple oriented i-minus-j), ordered by pair (i, then j).
 * z[c·K + k] is the cell's (mean) standardised feature k, signed so positive favours model cellI[c].
 */
export interface StyleCells {
  readonly n: number;
  readonly k: number;
  readonly cellI: Int32Array;
  readonly cellJ: Int32Array;
  readonly z: Float64Array;
  readonly winsI: Float64Array;
  readonly winsJ: Float64Array;
  /** Kept tie-like votes: half a win to each side. */
  readonly draws: Float64Array;
  /** Mean and population sd of each raw normalised difference over the kept votes (A-minus-B orientation). */
  readonly featureMean: Float64Array;
  readonly featureSd: Float64Array;
  /** Votes that entered the cells. */
  readonly votes: number;
  /** Votes dropped: tie policy, same model twice, index out of range, unknown outcome, non-finite feature. */
  readonly skipped: number;
  /** Present when votes came with clusters: what the cluster bootstrap resamples. */
  readonly clusterEntries?: StyleClusterEntries;
}

/** Aggregate votes and their per-vote normalised differences (K per vote) into style cells. */
export function buildStyleCells(votes: VoteSequence, differences: Float64Array, n: number, options: StyleCellOptions = {}): StyleCells {
  const K = STYLE_FEATURE_COUNT;
  const V = votes.modelA.length;
  if (votes.modelB.length !== V || votes.outcome.length !== V || differences.length !== V * K) {
    throw new RangeError(`vote arrays and differences disagree in length (${V} votes, ${differences.length} differences)`);
  }
  const binWidth = options.binWidth ?? 0;
  if (!(binWidth >= 0 && Number.isFinite(binWidth))) throw new RangeError(`binWidth must be ≥ 0, got ${binWidth}`);
  const keepTies = (options.ties ?? "half") === "half";
  const keepBothBad = (options.bothBad ?? "half") === "half";

  const kept = new Uint8Array(V);
  const clusters = options.clusters;
  if (clusters && clusters.length !== V) throw new RangeError(`clusters must have one entry per vote (${V}), got ${clusters.length}`);
  if (options.secondClusters && (!clusters || options.secondClusters.length !== V)) throw new RangeError("secondClusters needs clusters, one entry per vote");
  const voteCell = clusters ? new Int32Array(V).fill(-1) : new Int32Array(0);
  let keptCount = 0;
  const sum = new Float64Array(K);
  const sumSq = new Float64Array(K);
  for (let v = 0; v < V; v++) {
    const a = votes.modelA[v];
    const b = votes.modelB[v];
    const o = votes.outcome[v];
    if (a === b || a < 0 || b < 0 || a >= n || b >= n) continue;
    if (!(o === OUTCOME_A || o === OUTCOME_B || (o === OUTCOME_TIE && keepTies) || (o === OUTCOME_BOTH_BAD && keepBothBad))) continue;
    let finite = true;
    for (let k = 0; k < K; k++) if (!Number.isFinite(differences[v * K + k])) finite = false;
    if (!finite) continue;
    kept[v] = 1;
    keptCount++;
    for (let k = 0; k < K; k++) {
      const d = differences[v * K + k];
      sum[k] += d;
      sumSq[k] += d * d;
    }
  }
  const featureMean = new Float64Array(K);
  const featureSd = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    featureMean[k] = keptCount > 0 ? sum[k] / keptCount : 0;
    featureSd[k] = keptCount > 0 ? Math.sqrt(Math.max(0, sumSq[k] / keptCount - featureMean[k] * featureMean[k])) : 0;
  }

  // Cells by open addressing on (pair, key tuple): string keys cost ~25 µs per vote at 1M votes (measured, loaded
  // machine), this ~1 µs. keyBuf holds each cell's tuple (bin indices, or the exact z values) for equality.
  const n2 = n;
  const capacity = 1 << Math.max(4, Math.ceil(Math.log2(keptCount * 2 + 1)));
  const table = new Int32Array(capacity).fill(-1);
  const keyBuf = new Float64Array(keptCount * K);
  const cellPair = new Int32Array(keptCount);
  const zSum = new Float64Array(keptCount * K);
  const members = new Float64Array(keptCount);
  const wI = new Float64Array(keptCount);
  const wJ = new Float64Array(keptCount);
  const dr = new Float64Array(keptCount);
  const zv = new Float64Array(K);
  const kv = new Float64Array(K);
  const bits = new Uint32Array(kv.buffer);
  let C = 0;
  for (let v = 0; v < V; v++) {
    if (!kept[v]) continue;
    const a = votes.modelA[v];
    const b = votes.modelB[v];
    const flip = a > b; // canonical orientation i < j; the logit's sign flips with the sides
    const pair = flip ? b * n2 + a : a * n2 + b;
    let h = Math.imul(pair, 0x9e3779b1);
    for (let k = 0; k < K; k++) {
      // Constant features carry no information: z = 0 (their coefficient stays 0).
      const z = featureSd[k] > 0 ? (differences[v * K + k] - featureMean[k]) / featureSd[k] : 0;
      zv[k] = flip ? -z : z;
      kv[k] = binWidth > 0 ? Math.round(zv[k] / binWidth) : zv[k];
      if (kv[k] === 0) kv[k] = 0; // −0 and 0 are one key
      h = Math.imul(h ^ bits[2 * k], 0x85ebca6b) ^ Math.imul(bits[2 * k + 1], 0xc2b2ae35);
      h ^= h >>> 15;
    }
    let slot = h & (capacity - 1);
    let c = -1;
    for (;;) {
      const t = table[slot];
      if (t < 0) break;
      if (cellPair[t] === pair) {
        let same = true;
        for (let k = 0; k < K; k++) if (keyBuf[t * K + k] !== kv[k]) same = false;
        if (same) {
          c = t;
          break;
        }
      }
      slot = (slot + 1) & (capacity - 1);
    }
    if (c < 0) {
      c = C++;
      table[slot] = c;
      cellPair[c] = pair;
      for (let k = 0; k < K; k++) keyBuf[c * K + k] = kv[k];
    }
    for (let k = 0; k < K; k++) zSum[c * K + k] += zv[k];
    members[c]++;
    const o = votes.outcome[v];
    if (o === OUTCOME_A) (flip ? wJ : wI)[c]++;
    else if (o === OUTCOME_B) (flip ? wI : wJ)[c]++;
    else dr[c]++;
    if (clusters) voteCell[v] = c;
  }
  // Cells ordered by pair (stable counting sort), so a bootstrap round sums each pair's cells in one run.
  const pairCount = (n2 * (n2 - 1)) / 2;
  const compactPair = (c: number) => {
    const i = Math.floor(cellPair[c] / n2);
    return (i * (2 * n2 - i - 1)) / 2 + (cellPair[c] % n2) - i - 1;
  };
  const pairCells = new Int32Array(pairCount + 1);
  for (let c = 0; c < C; c++) pairCells[compactPair(c) + 1]++;
  for (let q = 0; q < pairCount; q++) pairCells[q + 1] += pairCells[q];
  const sortedIndex = new Int32Array(C);
  for (let c = 0; c < C; c++) sortedIndex[c] = pairCells[compactPair(c)]++;
  if (clusters) for (let v = 0; v < V; v++) if (voteCell[v] >= 0) voteCell[v] = sortedIndex[voteCell[v]];
  const clusterEntries = clusters ? styleClusterEntries(votes, kept, voteCell, clusters, options.secondClusters, keptCount) : undefined;
  const cellI = new Int32Array(C);
  const cellJ = new Int32Array(C);
  const z = new Float64Array(C * K);
  const winsI = new Float64Array(C);
  const winsJ = new Float64Array(C);
  const draws = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const s = sortedIndex[c];
    cellI[s] = Math.floor(cellPair[c] / n2);
    cellJ[s] = cellPair[c] % n2;
    for (let k = 0; k < K; k++) z[s * K + k] = zSum[c * K + k] / members[c];
    winsI[s] = wI[c];
    winsJ[s] = wJ[c];
    draws[s] = dr[c];
  }
  return {
    n,
    k: K,
    cellI,
    cellJ,
    z,
    winsI,
    winsJ,
    draws,
    featureMean,
    featureSd,
    votes: keptCount,
    skipped: V - keptCount,
    ...(clusterEntries ? { clusterEntries } : {}),
  };
}

// Aggregate kept votes by (cluster, second cluster, cell, outcome kind); kinds are oriented like the cells (i < j).
function styleClusterEntries(votes: VoteSequence, kept: Uint8Array, voteCell: Int32Array, clusters: Int32Array, second: Int32Array | undefined, keptCount: number): StyleClusterEntries {
  // Clusters are renumbered densely over the kept votes: a cluster whose votes were all dropped (ties left out,
  // no features) is not a cluster of this fit, and drawing it would only dilute the rounds.
  const denseA = new Map<number, number>();
  const denseB = new Map<number, number>();
  const dense = (m: Map<number, number>, id: number) => {
    let x = m.get(id);
    if (x === undefined) m.set(id, (x = m.size));
    return x;
  };
  for (let v = 0; v < kept.length; v++) {
    if (!kept[v]) continue;
    if (!(clusters[v] >= 0) || (second && !(second[v] >= 0))) throw new RangeError(`vote ${v} has no cluster`);
    dense(denseA, clusters[v]);
    if (second) dense(denseB, second[v]);
  }
  const G = denseA.size;
  const H = second ? denseB.size : 1;
  const index = new Map<number, number>();
  const cluster: number[] = [];
  const sec: number[] = [];
  const cell: number[] = [];
  const kind: number[] = [];
  const count: number[] = [];
  for (let v = 0; v < kept.length; v++) {
    if (!kept[v]) continue;
    const a = votes.modelA[v];
    const b = votes.modelB[v];
    const o = votes.outcome[v];
    const iWon = a < b ? o === OUTCOME_A : o === OUTCOME_B;
    const jWon = a < b ? o === OUTCOME_B : o === OUTCOME_A;
    const k = iWon ? 0 : jWon ? 1 : 2;
    const g = denseA.get(clusters[v])!;
    const h = second ? denseB.get(second[v])! : 0;
    const key = ((g * H + h) * keptCount + voteCell[v]) * 3 + k;
    let e = index.get(key);
    if (e === undefined) {
      e = count.length;
      index.set(key, e);
      cluster.push(g);
      sec.push(h);
      cell.push(voteCell[v]);
      kind.push(k);
      count.push(0);
    }
    count[e]++;
  }
  return {
    clusters: G,
    secondClusters: second ? H : null,
    cluster: Int32Array.from(cluster),
    second: second ? Int32Array.from(sec) : null,
    cell: Int32Array.from(cell),
    kind: Uint8Array.from(kind),
    count: Float64Array.from(count),
  };
}

export interface StyleFitOptions extends RatingScaleOptions {
  /** Largest Newton step (natural-log units) at which the fit stops. Default 1e-10. */
  tolerance?: number;
  /** Default 100. */
  maxIterations?: number;
  /** L2 penalty on θ used only when the MLE does not exist. Default 1e-6. */
  prior?: number;
}

export interface StyleControlFit {
  /** Style-controlled ratings (NaN for models without votes). */
  ratings: Float64Array;
  /** θ (natural log), mean 0 over models with votes. */
  logStrengths: Float64Array;
  /** β_k: log-odds of A winning per standard deviation of feature k. */
  coefficients: Float64Array;
  /** β_k·scale/ln(base): rating points per standard deviation of feature k. */
  coefficientPoints: Float64Array;
  iterations: number;
  converged: boolean;
  priorApplied: boolean;
  graph: ComparisonGraphReport;
}

/** Joint maximum-likelihood fit of model strengths and style coefficients on style cells (Newton). */
export function fitStyleControl(cells: StyleCells, options: StyleFitOptions = {}): StyleControlFit {
  const { n, k: K } = cells;
  const { sI, sJ } = cellScores(cells);
  const graph = pairGraph(cells, sI, sJ);
  const priorApplied = !graph.stronglyConnected;
  const solver = new StyleSolver(cells, graph.active);
  const params = new Float64Array(n + K);
  const r = solver.newton(sI, sJ, params, priorApplied ? (options.prior ?? DEFAULT_PRIOR) : 0, options.tolerance ?? DEFAULT_TOLERANCE, options.maxIterations ?? 100);
  const theta = params.slice(0, n);
  for (let i = 0; i < n; i++) if (!graph.active[i]) theta[i] = NaN;
  const coefficients = params.slice(n);
  return {
    ratings: ratingsFromLogStrengths(theta, options),
    logStrengths: theta,
    coefficients,
    coefficientPoints: coefficients.map((b) => b * pointsPerLogOdds(options)),
    iterations: r.iterations,
    converged: r.converged,
    priorApplied,
    graph,
  };
}

/** Rating points per unit of natural-log odds: scale/ln(base) (≈ 173.7 for 400 and 10). */
export function pointsPerLogOdds(options: RatingScaleOptions = {}): number {
  return (options.scale ?? DEFAULT_SCALE) / Math.log(options.base ?? DEFAULT_BASE);
}

// Bootstrap rounds stop when the chord step is below 1e-3 natural-log units. Chord Newton converges linearly at the
// rate of the Hessian's relative change between data and resample (a few %), so the error left after such a step is
// ~ρ·1e-3. A round's first step is the one-step estimator θ̂ + H⁻¹g*(θ̂) (g* accumulated while drawing); the one or
// two further steps use the resample's gradient with each cell's win probability expanded to second order about θ̂
// (no exp per cell), used while a round moves every cell's logit by less than TAYLOR_RANGE (the remainder is below
// Δ³/48 per unit of count: at most 0.5% of the linear term at the range's edge, far less at arena sizes). At 1M votes, 100 models the
// largest difference of a round's ratings from a 1e-10 exact solve was 0.009 rating points; the one-step estimator
// alone was 0.2 points off (0.8 at 20k votes), the resampled Hessian without the second-order term 0.13.
const BOOTSTRAP_TOLERANCE = 1e-3;
const TAYLOR_RANGE = 0.25;

export interface StyleBootstrapOptions extends StyleFitOptions {
  /** With cells that carry clusters: resample clusters (default) or, false, single votes. */
  clusterBootstrap?: boolean;
  /** Rounds B. Default 1000. */
  rounds?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Two-sided level. Default 0.95. */
  confidence?: number;
  /**
   * How a round refits: "expanded" (default) chord steps on the second-order expansion about the point estimate,
   * switching to the exact likelihood for a round that moves a logit by more than TAYLOR_RANGE; "exact" chord
   * steps on the exact likelihood (each step an exp per cell). Rounds draw the same counts either way.
   */
  roundLikelihood?: "expanded" | "exact";
  /** Keep every round's ratings and coefficients (round-major) in the result. */
  keepSamples?: boolean;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface StyleControlResult extends StyleControlFit {
  rounds: number;
  confidence: number;
  ciLow: Float64Array;
  ciHigh: Float64Array;
  /** Competition rank by style-controlled rating, and rank interval from the percentile intervals. */
  rank: Int32Array;
  rankBest: Int32Array;
  rankWorst: Int32Array;
  /** Percentile intervals of β (log-odds per sd) and of its rating-point form. */
  coefficientLow: Float64Array;
  coefficientHigh: Float64Array;
  coefficientPointsLow: Float64Array;
  coefficientPointsHigh: Float64Array;
  /**
   * What the rounds resampled: votes (Poisson), or the cells' clusters (drawn with replacement; two-way draws both
   * independently), with the small-sample widening applied about the estimate (1 for votes; ∞ below two clusters).
   */
  interval: { cluster: "vote" | "cluster" | "two-way"; clusters: number | null; secondClusters: number | null; widen: number };
  roundsWithPrior: number;
  roundsNotConverged: number;
  /** Mean solver iterations per bootstrap round (chord steps, plus Newton steps where it took over). */
  meanRoundIterations: number;
  /** Rounds that left the expansion's range and were refitted on the exact likelihood. */
  roundsExact: number;
  /** With keepSamples: ratings[b·n + i] and coefficients[b·K + k] (log-odds) of round b. */
  samples?: { ratings: Float64Array; coefficients: Float64Array };
}

/**
 * Point fit plus a percentile bootstrap. Rounds use the Poisson bootstrap: each (cell, outcome) count is redrawn
 * independently as Poisson(count), the large-sample equivalent of resampling votes with replacement (a multinomial
 * conditions on the total, which here varies by about √N, 0.1% at 1M votes; the fit depends on proportions). It
 * costs one table lookup per non-empty (cell, outcome), no conditional binomial chain. Each round refits from
 * the point estimate by chord Newton (the point's Hessian factor reused, first gradient accumulated during the
 * draw, later gradients from the second-order expansion about the point), falling back to full Newton if that
 * stops contracting.
 */
export function styleControl(cells: StyleCells, options: StyleBootstrapOptions = {}): StyleControlResult {
  const rounds = checkedRounds(options);
  const point = fitStyleControl(cells, options);
  const { n, k: K } = cells;
  const ratingSamples = new Float64Array(n * rounds);
  const coefSamples = new Float64Array(K * rounds);
  const every = options.progressEvery ?? 100;
  const onRound = options.onProgress ? (b: number) => ((b + 1) % every === 0 || b + 1 === rounds) && options.onProgress!(b + 1, rounds) : undefined;
  const tally = styleRounds(cells, pointOfFit(point), options, roundsInOrder(0, rounds), { ratings: ratingSamples, coefficients: coefSamples, stride: rounds }, onRound);
  return finishStyleControl(cells, point, options, rounds, ratingSamples, coefSamples, tally);
}

export function checkedRounds(options: StyleBootstrapOptions): number {
  const rounds = options.rounds ?? 1000;
  if (!Number.isInteger(rounds) || rounds < 0) throw new RangeError(`rounds must be a non-negative integer, got ${rounds}`);
  return rounds;
}

/** What the rounds need of the point fit (plain typed arrays, so it can be posted to a worker thread). */
export interface StylePoint {
  logStrengths: Float64Array;
  coefficients: Float64Array;
  active: Uint8Array;
  priorApplied: boolean;
}

export function pointOfFit(point: StyleControlFit): StylePoint {
  return { logStrengths: point.logStrengths, coefficients: point.coefficients, active: point.graph.active, priorApplied: point.priorApplied };
}

/** Where rounds write: round b's value for model (or feature) i at out[i·stride + b]. */
export interface StyleSampleSink {
  ratings: Float64Array;
  coefficients: Float64Array;
  stride: number;
}

/** Which round to run next, or −1 when there is none (a thread pool hands them out one at a time). */
export type NextStyleRound = () => number;

/** Rounds from (inclusive) … to (exclusive), in order. */
export function roundsInOrder(from: number, to: number): NextStyleRound {
  let next = from;
  return () => (next < to ? next++ : -1);
}

export interface StyleRoundTally {
  roundsWithPrior: number;
  roundsNotConverged: number;
  roundsExact: number;
  roundIterations: number;
}

/**
 * A round's random stream: round b of seed s draws from its own generator seeded by a hash of (s, b), so a round's
 * counts do not depend on which rounds ran before it (rounds can be split across threads with identical results).
 */
export function styleRoundRandom(seed: number, round: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const folded = (seed | 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2d);
  return createRandom(mix32(mix32(folded) + round) >>> 0);
}

// A 32-bit finaliser (murmur3's fmix32).
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Bootstrap rounds as nextRound hands them out, written into sink; onRound(b) after each. */
export function styleRounds(
  cells: StyleCells,
  point: StylePoint,
  options: Omit<StyleBootstrapOptions, "onProgress">,
  nextRound: NextStyleRound,
  sink: StyleSampleSink,
  onRound?: (round: number) => void,
): StyleRoundTally {
  const { n, k: K } = cells;
  const C = cells.cellI.length;
  const active = point.active;
  const tolerance = options.tolerance ?? BOOTSTRAP_TOLERANCE;
  const maxIterations = options.maxIterations ?? 100;
  const prior = options.prior ?? DEFAULT_PRIOR;
  const expanded = (options.roundLikelihood ?? "expanded") === "expanded";
  const seed = options.seed ?? 1;

  // Cluster bootstrap when the cells carry their votes' clusters: entries are (cluster, cell, kind) counts, and a
  // round multiplies each by how often its cluster was drawn.
  const ce = options.clusterBootstrap === false ? undefined : cells.clusterEntries;
  const drawsA = new Float64Array(ce ? ce.clusters : 0);
  const drawsB = new Float64Array(ce?.secondClusters ?? 1).fill(1);
  const drawClusters = (rng: Random, draws: Float64Array) => {
    draws.fill(0);
    for (let q = 0; q < draws.length; q++) draws[rng.nextInt(draws.length)]++;
  };
  const solver = new StyleSolver(cells, active);
  const pointParams = new Float64Array(n + K);
  for (let i = 0; i < n; i++) pointParams[i] = active[i] ? point.logStrengths[i] : 0;
  pointParams.set(point.coefficients, n);
  // The point's Hessian factor, made at the first round (none when this thread gets no round).
  let chordReady: boolean | undefined;
  const sI = new Float64Array(C);
  const sJ = new Float64Array(C);
  const params = new Float64Array(n + K);
  const theta = new Float64Array(n);
  const tally: StyleRoundTally = { roundsWithPrior: 0, roundsNotConverged: 0, roundsExact: 0, roundIterations: 0 };
  const resampler = new StyleResampler(cells, ce, pointParams, new PoissonTables());
  const g = solver.gradientBuffer;
  const pointGradient = new Float64Array(n + K);
  const gz = new Float64Array(K);
  const { ratings: ratingOut, coefficients: coefOut, stride } = sink;
  for (let b = nextRound(); b >= 0; b = nextRound()) {
    chordReady ??= !point.priorApplied && solver.factorAt(cells, pointParams);
    const rng = styleRoundRandom(seed, b);
    // Poisson bootstrap: each (cell, outcome) count is redrawn as Poisson(its count), independently.
    if (ce) {
      drawClusters(rng, drawsA);
      if (ce.second) drawClusters(rng, drawsB);
    }
    const graphKept = resampler.draw(rng, drawsA, drawsB, sI, sJ, g, gz);
    for (let i = 0; i < n; i++) if (!active[i]) g[i] = 0;
    for (let k = 0; k < K; k++) g[n + k] = cells.featureSd[k] > 0 ? gz[k] : 0;
    params.set(pointParams);
    const needsPrior = !graphKept && !pairGraph(cells, sI, sJ, active).stronglyConnected;
    if (needsPrior) tally.roundsWithPrior++;
    let r: SolveReport;
    if (chordReady && !needsPrior) {
      pointGradient.set(g);
      r = solver.chord(sI, sJ, params, tolerance, maxIterations, expanded ? { point: pointParams, gradient: pointGradient, pairCellStart: resampler.pairCellStart } : null);
      if (solver.leftExpansion) tally.roundsExact++;
    } else r = solver.newton(sI, sJ, params, needsPrior ? prior : 0, tolerance, maxIterations);
    if (!r.converged) tally.roundsNotConverged++;
    tally.roundIterations += r.iterations;
    for (let i = 0; i < n; i++) theta[i] = active[i] ? params[i] : NaN;
    const ratings = ratingsFromLogStrengths(theta, options);
    for (let i = 0; i < n; i++) ratingOut[i * stride + b] = ratings[i];
    for (let k = 0; k < K; k++) coefOut[k * stride + b] = params[n + k];
    onRound?.(b);
  }
  return tally;
}

/** Percentile intervals, ranks and widening from the rounds' samples (model-major: x[i·rounds + b]). */
export function finishStyleControl(
  cells: StyleCells,
  point: StyleControlFit,
  options: StyleBootstrapOptions,
  rounds: number,
  ratingSamples: Float64Array,
  coefSamples: Float64Array,
  tally: StyleRoundTally,
): StyleControlResult {
  const { n, k: K } = cells;
  const confidence = options.confidence ?? 0.95;
  const active = point.graph.active;
  const ce = options.clusterBootstrap === false ? undefined : cells.clusterEntries;
  const { roundsWithPrior, roundsNotConverged, roundsExact, roundIterations } = tally;
  const alpha = (1 - confidence) / 2;
  const interval = (samples: Float64Array, m: number, usable: (i: number) => boolean) => {
    const low = new Float64Array(m).fill(NaN);
    const high = new Float64Array(m).fill(NaN);
    if (rounds === 0) return { low, high };
    for (let i = 0; i < m; i++) {
      if (!usable(i)) continue;
      const col = samples.subarray(i * rounds, (i + 1) * rounds).slice().sort();
      low[i] = quantileSorted(col, alpha);
      high[i] = quantileSorted(col, 1 - alpha);
    }
    return { low, high };
  };
  const ci = interval(ratingSamples, n, (i) => active[i] === 1);
  const coef = interval(coefSamples, K, () => true);
  const effectiveClusters = ce ? Math.min(ce.clusters, ce.secondClusters ?? Infinity) : null;
  const widen = ce ? smallSampleWidening(effectiveClusters!, confidence) : 1;
  if (widen !== 1 && rounds > 0) {
    const stretch = (est: ArrayLike<number>, w: { low: Float64Array; high: Float64Array }) => {
      for (let i = 0; i < w.low.length; i++) {
        if (Number.isNaN(w.low[i])) continue;
        w.low[i] = Number.isFinite(widen) ? est[i] - widen * (est[i] - w.low[i]) : -Infinity;
        w.high[i] = Number.isFinite(widen) ? est[i] + widen * (w.high[i] - est[i]) : Infinity;
      }
    };
    stretch(point.ratings, ci);
    stretch(point.coefficients, coef);
  }
  const factor = pointsPerLogOdds(options);
  const ranks = rankIntervals(ci.low, ci.high);
  return {
    ...point,
    rounds,
    confidence,
    ciLow: ci.low,
    ciHigh: ci.high,
    rank: ranksFromRatings(point.ratings),
    rankBest: ranks.best,
    rankWorst: ranks.worst,
    coefficientLow: coef.low,
    coefficientHigh: coef.high,
    coefficientPointsLow: coef.low.map((x) => x * factor),
    coefficientPointsHigh: coef.high.map((x) => x * factor),
    interval: { cluster: ce ? (ce.second ? "two-way" : "cluster") : "vote", clusters: ce ? ce.clusters : null, secondClusters: ce?.secondClusters ?? null, widen },
    roundsWithPrior,
    roundsNotConverged,
    meanRoundIterations: rounds > 0 ? roundIterations / rounds : 0,
    roundsExact,
    ...(options.keepSamples ? { samples: { ratings: roundMajor(ratingSamples, n, rounds), coefficients: roundMajor(coefSamples, K, rounds) } } : {}),
  };
}

/**
 * A round's draw: the non-empty (cell, outcome kind) entries (kind 0 = i won, 1 = j won, 2 = tie-like; or with
 * clusters, (cluster, cell, kind) counts) grouped by cell, cells grouped by pair, in typed arrays (no allocation per
 * round). Each entry keeps its share of a vote won by i (1, 0, ½); with each cell's fitted probability p_c that i
 * wins at the point estimate, the resample's gradient there is Σ_c (s_I,c − p_c·total_c)·x_c, summed while drawing.
 */
class StyleResampler {
  readonly pairCellStart: Int32Array;
  private readonly entryCell: Int32Array;
  /** Each cell's fitted probability that i wins, at the point estimate. */
  private readonly pointP: Float64Array;
  private readonly weight: Float64Array;
  /** The entry's count when PoissonTables holds it (an integer in 1..maxTabled), else 0 (drawn by samplePoisson). */
  private readonly tabledMean: Int32Array;
  /** A round's uniforms, one per entry. */
  private readonly uniforms: Uint32Array;
  private readonly share: Float64Array;
  private readonly clusterOf: Int32Array;
  private readonly secondOf: Int32Array;
  private readonly clustered: boolean;
  // Pair-level scores in the data decide whether a resample keeps the data's comparison graph: if every pair
  // direction that scored in the data still scores, the graph is a superset and stays strongly connected.
  private readonly dataPairI: Float64Array;
  private readonly dataPairJ: Float64Array;

  constructor(
    private readonly cells: StyleCells,
    ce: StyleClusterEntries | undefined,
    point: Float64Array,
    private readonly poisson: PoissonTables,
  ) {
    const { n, k: K, cellI, cellJ, z } = cells;
    if (K !== 4) throw new RangeError(`style cells carry ${K} features; the bootstrap's loops are written for 4`);
    const C = cellI.length;
    const entryStart = new Int32Array(C + 1);
    if (ce) for (let e = 0; e < ce.cell.length; e++) entryStart[ce.cell[e] + 1]++;
    else for (let c = 0; c < C; c++) entryStart[c + 1] = (cells.winsI[c] > 0 ? 1 : 0) + (cells.winsJ[c] > 0 ? 1 : 0) + (cells.draws[c] > 0 ? 1 : 0);
    for (let c = 0; c < C; c++) entryStart[c + 1] += entryStart[c];
    const E = entryStart[C];
    const kind = new Uint8Array(E);
    this.weight = new Float64Array(E);
    this.clustered = ce !== undefined;
    this.clusterOf = new Int32Array(ce ? E : 0);
    this.secondOf = new Int32Array(ce ? E : 0);
    if (ce) {
      const next = entryStart.slice(0, C);
      for (let x = 0; x < ce.cell.length; x++) {
        const e = next[ce.cell[x]]++;
        kind[e] = ce.kind[x];
        this.weight[e] = ce.count[x];
        this.clusterOf[e] = ce.cluster[x];
        this.secondOf[e] = ce.second ? ce.second[x] : 0;
      }
    } else {
      for (let c = 0, e = 0; c < C; c++) {
        if (cells.winsI[c] > 0) (kind[e] = 0), (this.weight[e++] = cells.winsI[c]);
        if (cells.winsJ[c] > 0) (kind[e] = 1), (this.weight[e++] = cells.winsJ[c]);
        if (cells.draws[c] > 0) (kind[e] = 2), (this.weight[e++] = cells.draws[c]);
      }
    }
    this.entryCell = new Int32Array(E);
    for (let c = 0; c < C; c++) this.entryCell.fill(c, entryStart[c], entryStart[c + 1]);
    this.pointP = new Float64Array(C);
    this.tabledMean = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const w = this.weight[e];
      this.tabledMean[e] = w >= 1 && w <= poisson.maxTabled && w === Math.floor(w) ? w : 0;
    }
    this.uniforms = new Uint32Array(ce ? 0 : E);
    this.share = new Float64Array(E);
    for (let e = 0; e < E; e++) this.share[e] = kind[e] === 0 ? 1 : kind[e] === 1 ? 0 : 0.5;
    for (let c = 0; c < C; c++) {
      let eta = point[cellI[c]] - point[cellJ[c]];
      for (let k = 0; k < K; k++) eta += point[n + k] * z[c * K + k];
      this.pointP[c] = 1 / (1 + Math.exp(-eta));
    }
    const runs: number[] = [];
    for (let c = 0; c < C; c++) if (c === 0 || cellI[c] !== cellI[c - 1] || cellJ[c] !== cellJ[c - 1]) runs.push(c);
    runs.push(C);
    this.pairCellStart = Int32Array.from(runs);
    const P = runs.length - 1;
    this.dataPairI = new Float64Array(P);
    this.dataPairJ = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      for (let c = runs[p]; c < runs[p + 1]; c++) {
        this.dataPairI[p] += cells.winsI[c] + 0.5 * cells.draws[c];
        this.dataPairJ[p] += cells.winsJ[c] + 0.5 * cells.draws[c];
      }
    }
  }

  /**
   * Draw a round into the cell scores sI, sJ and the gradient at the point (models into g, features into gz):
   * Poisson(count) per entry, or with clusters count × the draws of its clusters. Returns whether every pair
   * direction that scored in the data still scores.
   */
  draw(rng: Random, drawsA: Float64Array, drawsB: Float64Array, sI: Float64Array, sJ: Float64Array, g: Float64Array, gz: Float64Array): boolean {
    const { weight, tabledMean, uniforms, poisson, share, clusterOf, secondOf, clustered, pairCellStart, dataPairI, dataPairJ } = this;
    const { cellI, cellJ, z } = this.cells;
    let graphKept = true;
    g.fill(0);
    gz.fill(0);
    // Entries in one flat pass (cells hold 1–3 entries: a loop per cell would mispredict its exit every cell), into
    // the cells' scores (sJ holds the total until the pair pass); then the cells in pair runs.
    const { entryCell, pointP } = this;
    sI.fill(0);
    sJ.fill(0);
    if (clustered) {
      for (let e = 0; e < entryCell.length; e++) {
        const x = drawsA[clusterOf[e]] * drawsB[secondOf[e]] * weight[e];
        const c = entryCell[e];
        sJ[c] += x;
        sI[c] += x * share[e];
      }
    } else {
      rng.fillUint32(uniforms);
      // PoissonTables.fromUniform written in place, its tables in locals (the hottest loop of the bootstrap).
      const { guide, guideOffset, guideShift, cdf, cdfOffset } = poisson;
      for (let e = 0; e < entryCell.length; e++) {
        const m = tabledMean[e];
        let x: number;
        if (m > 0) {
          const u = uniforms[e];
          x = guide[guideOffset[m] + (u >>> guideShift[m])];
          const off = cdfOffset[m];
          while (cdf[off + x] <= u) x++;
        } else x = samplePoisson(rng, weight[e]);
        const c = entryCell[e];
        sJ[c] += x;
        sI[c] += x * share[e];
      }
    }
    // The four features' sums in locals (the hot loops are written out for STYLE_FEATURE_COUNT = 4).
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let p = 0; p + 1 < pairCellStart.length; p++) {
      let pairScore = 0;
      let pairI = 0;
      let pairTotal = 0;
      for (let c = pairCellStart[p]; c < pairCellStart[p + 1]; c++) {
        const total = sJ[c];
        sJ[c] = total - sI[c];
        pairI += sI[c];
        pairTotal += total;
        const r = sI[c] - pointP[c] * total;
        pairScore += r;
        const zc = c * 4;
        g0 += r * z[zc];
        g1 += r * z[zc + 1];
        g2 += r * z[zc + 2];
        g3 += r * z[zc + 3];
      }
      const first = pairCellStart[p];
      g[cellI[first]] += pairScore;
      g[cellJ[first]] -= pairScore;
      if ((dataPairI[p] > 0 && pairI === 0) || (dataPairJ[p] > 0 && pairTotal - pairI === 0)) graphKept = false;
    }
    gz[0] = g0;
    gz[1] = g1;
    gz[2] = g2;
    gz[3] = g3;
    return graphKept;
  }
}

// Model-major samples (x[i·rounds + b]) to round-major (out[b·m + i]).
function roundMajor(x: Float64Array, m: number, rounds: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < m; i++) for (let b = 0; b < rounds; b++) out[b * m + i] = x[i * rounds + b];
  return out;
}

function cellScores(cells: StyleCells): { sI: Float64Array; sJ: Float64Array } {
  const C = cells.cellI.length;
  const sI = new Float64Array(C);
  const sJ = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    sI[c] = cells.winsI[c] + 0.5 * cells.draws[c];
    sJ[c] = cells.winsJ[c] + 0.5 * cells.draws[c];
  }
  return { sI, sJ };
}

// The MLE of θ exists iff the pair-level "scored against" graph is strongly connected (style terms do not
// change that for bounded features). Models inactive in the full data stay inactive in every resample.
function pairGraph(cells: StyleCells, sI: Float64Array, sJ: Float64Array, fullActive?: Uint8Array): ComparisonGraphReport {
  const n = cells.n;
  const P = (n * (n - 1)) / 2;
  const pairI = new Int32Array(P);
  const pairJ = new Int32Array(P);
  const scoreI = new Float64Array(P);
  const scoreJ = new Float64Array(P);
  for (let i = 0, p = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, p++) {
      pairI[p] = i;
      pairJ[p] = j;
    }
  }
  for (let c = 0; c < cells.cellI.length; c++) {
    const i = cells.cellI[c];
    const j = cells.cellJ[c];
    const p = (i * (2 * n - i - 1)) / 2 + (j - i - 1);
    scoreI[p] += sI[c];
    scoreJ[p] += sJ[c];
  }
  const report = analyseComparisonGraph(n, pairI, pairJ, scoreI, scoreJ);
  if (fullActive) {
    for (let i = 0; i < n; i++) if (fullActive[i] && !report.active[i]) return { ...report, stronglyConnected: false };
  }
  return report;
}

// Newton / chord solver over parameters x = (θ_0..θ_{n−1}, β_0..β_{K−1}). The negated Hessian is
//   [ L + c·11ᵀ (active θ) + λI    B ]      L: weighted pair Laplacian, B[i,k] = Σ_cells ±w·z_k,
//   [ Bᵀ                           F ]      F = Σ_cells w·z zᵀ,  w = (s_I + s_J)·p(1 − p);
// 1ᵀL = 1ᵀB = 0, so the c·11ᵀ term pins the common shift of θ without changing any other direction.
class StyleSolver {
  private readonly m: number;
  private readonly h: Float64Array;
  private readonly factor: Float64Array;
  private readonly g: Float64Array;
  private readonly delta: Float64Array;
  private readonly trial: Float64Array;
  private readonly activeCount: number;
  private readonly featureActive: Uint8Array;
  private readonly gz: Float64Array;
  private readonly maxAbsZ: Float64Array;
  private cellWeight = new Float64Array(0);
  private cellCurvature = new Float64Array(0);
  /** Set by chord when the round left the expansion's range and finished on the exact likelihood. */
  leftExpansion = false;

  constructor(
    private readonly cells: StyleCells,
    private readonly active: Uint8Array,
  ) {
    this.m = cells.n + cells.k;
    this.h = new Float64Array(this.m * this.m);
    this.factor = new Float64Array(this.m * this.m);
    this.g = new Float64Array(this.m);
    this.delta = new Float64Array(this.m);
    this.trial = new Float64Array(this.m);
    let count = 0;
    for (let i = 0; i < cells.n; i++) count += active[i];
    this.activeCount = count;
    // A feature with no variation (sd 0 ⇒ z ≡ 0) is not identified: its coefficient stays 0.
    this.gz = new Float64Array(cells.k);
    this.maxAbsZ = new Float64Array(cells.k);
    this.featureActive = new Uint8Array(cells.k);
    for (let k = 0; k < cells.k; k++) this.featureActive[k] = cells.featureSd[k] > 0 ? 1 : 0;
  }

  /** Fill g (gradient of the log-likelihood − λ/2·|θ|²) and, when withHessian, h (negated Hessian + pins). */
  private derivatives(sI: Float64Array, sJ: Float64Array, x: Float64Array, lambda: number, withHessian: boolean, h: Float64Array): void {
    const { cells, m, g, active, featureActive } = this;
    const { n, k: K, cellI, cellJ, z } = cells;
    g.fill(0);
    if (withHessian) h.fill(0);
    else if (K === 4) this.gradient4(sI, sJ, x);
    for (let c = 0; c < cellI.length; c++) {
      if (!withHessian && K === 4) break; // done by gradient4
      const total = sI[c] + sJ[c];
      if (total === 0) continue;
      const i = cellI[c];
      const j = cellJ[c];
      const zc = c * K;
      let eta = x[i] - x[j];
      for (let k = 0; k < K; k++) eta += x[n + k] * z[zc + k];
      const p = 1 / (1 + Math.exp(-eta));
      const resid = sI[c] - total * p;
      g[i] += resid;
      g[j] -= resid;
      for (let k = 0; k < K; k++) g[n + k] += resid * z[zc + k];
      if (!withHessian) continue;
      const w = total * p * (1 - p);
      h[i * m + i] += w;
      h[j * m + j] += w;
      h[i * m + j] -= w;
      h[j * m + i] -= w;
      for (let k = 0; k < K; k++) {
        const wz = w * z[zc + k];
        h[i * m + n + k] += wz;
        h[j * m + n + k] -= wz;
        for (let l = 0; l <= k; l++) h[(n + k) * m + n + l] += wz * z[zc + l];
      }
    }
    for (let i = 0; i < n; i++) g[i] = active[i] ? g[i] - lambda * x[i] : 0;
    for (let k = 0; k < K; k++) if (!featureActive[k]) g[n + k] = 0;
    if (!withHessian) return;
    // Symmetrise the blocks filled on one side.
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) h[(n + k) * m + i] = h[i * m + n + k];
    for (let k = 0; k < K; k++) for (let l = 0; l < k; l++) h[(n + l) * m + n + k] = h[(n + k) * m + n + l];
    let trace = 0;
    for (let i = 0; i < n; i++) trace += h[i * m + i];
    const cPin = trace > 0 && this.activeCount > 0 ? trace / this.activeCount / this.activeCount : 1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) {
        for (let q = 0; q < m; q++) h[i * m + q] = h[q * m + i] = 0;
        h[i * m + i] = 1;
        continue;
      }
      h[i * m + i] += lambda;
      for (let j = 0; j < n; j++) if (active[j]) h[i * m + j] += cPin;
    }
    for (let k = 0; k < K; k++) {
      if (featureActive[k]) continue;
      const r = n + k;
      for (let q = 0; q < m; q++) h[r * m + q] = h[q * m + r] = 0;
      h[r * m + r] = 1;
    }
  }

  // The bootstrap's hot loop (gradient only, K = 4 unrolled, β in locals): about twice the generic loop's speed.
  private gradient4(sI: Float64Array, sJ: Float64Array, x: Float64Array): void {
    const { g } = this;
    const { n, cellI, cellJ, z } = this.cells;
    const b0 = x[n];
    const b1 = x[n + 1];
    const b2 = x[n + 2];
    const b3 = x[n + 3];
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let c = 0, zc = 0; c < cellI.length; c++, zc += 4) {
      const total = sI[c] + sJ[c];
      if (total === 0) continue;
      const i = cellI[c];
      const j = cellJ[c];
      const z0 = z[zc];
      const z1 = z[zc + 1];
      const z2 = z[zc + 2];
      const z3 = z[zc + 3];
      const eta = x[i] - x[j] + b0 * z0 + b1 * z1 + b2 * z2 + b3 * z3;
      const resid = sI[c] - total / (1 + Math.exp(-eta));
      g[i] += resid;
      g[j] -= resid;
      g0 += resid * z0;
      g1 += resid * z1;
      g2 += resid * z2;
      g3 += resid * z3;
    }
    g[n] = g0;
    g[n + 1] = g1;
    g[n + 2] = g2;
    g[n + 3] = g3;
  }

  private objective(sI: Float64Array, sJ: Float64Array, x: Float64Array, lambda: number): number {
    const { n, k: K, cellI, cellJ, z } = this.cells;
    let f = 0;
    for (let c = 0; c < cellI.length; c++) {
      const total = sI[c] + sJ[c];
      if (total === 0) continue;
      let eta = x[cellI[c]] - x[cellJ[c]];
      for (let k = 0; k < K; k++) eta += x[n + k] * z[c * K + k];
      // sI·log(1+e^{−η}) + sJ·log(1+e^{η}) = total·softplus(−η) + sJ·η
      f += total * (eta > 0 ? Math.log1p(Math.exp(-eta)) : -eta + Math.log1p(Math.exp(eta))) + sJ[c] * eta;
    }
    if (lambda > 0) for (let i = 0; i < n; i++) if (this.active[i]) f += 0.5 * lambda * x[i] * x[i];
    return f;
  }

  private centre(x: Float64Array): void {
    const { n } = this.cells;
    let s = 0;
    for (let i = 0; i < n; i++) if (this.active[i]) s += x[i];
    const mean = this.activeCount > 0 ? s / this.activeCount : 0;
    for (let i = 0; i < n; i++) x[i] = this.active[i] ? x[i] - mean : 0;
  }

  newton(sI: Float64Array, sJ: Float64Array, x: Float64Array, lambda: number, tolerance: number, maxIterations: number): { iterations: number; converged: boolean } {
    const { m, h, g, delta, trial } = this;
    if (this.activeCount === 0) return { iterations: 0, converged: true };
    this.centre(x);
    for (let iter = 1; iter <= maxIterations; iter++) {
      this.derivatives(sI, sJ, x, lambda, true, h);
      if (!choleskyInPlace(h, m)) {
        // Collinear features: a tiny ridge keeps the step defined.
        this.derivatives(sI, sJ, x, lambda, true, h);
        let trace = 0;
        for (let q = 0; q < m; q++) trace += h[q * m + q];
        for (let q = 0; q < m; q++) h[q * m + q] += 1e-9 * (trace / m) + 1e-12;
        if (!choleskyInPlace(h, m)) return { iterations: iter, converged: false };
      }
      choleskySolve(h, m, g, delta);
      let step = 0;
      for (let q = 0; q < m; q++) step = Math.max(step, Math.abs(delta[q]));
      let t = step > 10 ? 10 / step : 1;
      if (step > 1e-3) {
        const f0 = this.objective(sI, sJ, x, lambda);
        for (let halvings = 0; ; halvings++) {
          for (let q = 0; q < m; q++) trial[q] = x[q] + t * delta[q];
          if (this.objective(sI, sJ, trial, lambda) <= f0 || halvings >= 40) break;
          t *= 0.5;
        }
        x.set(trial);
      } else {
        for (let q = 0; q < m; q++) x[q] += delta[q];
      }
      this.centre(x);
      if (step * t < tolerance) return { iterations: iter, converged: true };
    }
    return { iterations: maxIterations, converged: false };
  }

  /**
   * Factor the negated Hessian at x (the point estimate) for chord iterations, and keep each cell's p(1 − p) and
   * ½p(1 − p)(1 − 2p) there for the expanded gradient.
   */
  factorAt(cells: StyleCells, x: Float64Array): boolean {
    const { sI, sJ } = cellScores(cells);
    this.derivatives(sI, sJ, x, 0, true, this.factor);
    const { n, k: K, cellI, cellJ, z } = cells;
    const C = cellI.length;
    this.cellWeight = new Float64Array(C);
    this.cellCurvature = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let eta = x[cellI[c]] - x[cellJ[c]];
      for (let k = 0; k < K; k++) eta += x[n + k] * z[c * K + k];
      const p = 1 / (1 + Math.exp(-eta));
      this.cellWeight[c] = p * (1 - p);
      this.cellCurvature[c] = 0.5 * p * (1 - p) * (1 - 2 * p);
    }
    for (let k = 0; k < K; k++) for (let c = 0; c < C; c++) this.maxAbsZ[k] = Math.max(this.maxAbsZ[k], Math.abs(z[c * K + k]));
    return choleskyInPlace(this.factor, this.m);
  }

  /** Gradient scratch: the bootstrap accumulates the gradient at the point estimate into it while resampling. */
  get gradientBuffer(): Float64Array {
    return this.g;
  }

  /**
   * Chord iterations from x with g holding the gradient at x (the point estimate, accumulated while resampling).
   * With an expansion, later gradients come from the second-order expansion about the point (expandedGradient)
   * while every cell's logit has moved less than TAYLOR_RANGE, the exact likelihood after that.
   */
  chord(sI: Float64Array, sJ: Float64Array, x: Float64Array, tolerance: number, maxIterations: number, expansion: RoundExpansion | null): SolveReport {
    this.leftExpansion = false;
    const problem: ChordProblem = {
      gradient: (params) => {
        if (expansion && !this.leftExpansion && this.logitShiftBound(params, expansion.point) < TAYLOR_RANGE) this.expandedGradient(sI, sJ, params, expansion);
        else {
          this.leftExpansion = expansion !== null;
          this.derivatives(sI, sJ, params, 0, false, this.factor);
        }
      },
      centre: (params) => this.centre(params),
      fallback: (params) => this.newton(sI, sJ, params, 0, tolerance, maxIterations),
    };
    return chordSolve(problem, this.factor, this.m, x, this.g, this.delta, tolerance, maxIterations, true);
  }

  // An upper bound on |Δη| over cells between x and the point: the θ range plus Σ_k |Δβ_k|·max|z_k|. O(n).
  private logitShiftBound(x: Float64Array, point: Float64Array): number {
    const { n, k: K } = this.cells;
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!this.active[i]) continue;
      const d = x[i] - point[i];
      if (d < low) low = d;
      if (d > high) high = d;
    }
    let bound = high > low ? high - low : 0;
    for (let k = 0; k < K; k++) bound += Math.abs(x[n + k] - point[n + k]) * this.maxAbsZ[k];
    return bound;
  }

  // g(x) = g(point) − Σ_c N_c·(w_c·Δ_c + ½w_c(1 − 2p_c)·Δ_c²)·x_c, Δ_c = x_c·(x − point): the resample's gradient
  // with each cell's p(η) replaced by its second-order Taylor polynomial about the point. One pass over the cells,
  // summed per pair; no exp.
  private expandedGradient(sI: Float64Array, sJ: Float64Array, x: Float64Array, e: RoundExpansion): void {
    const { g, trial: d, gz, cellWeight, cellCurvature } = this;
    const { n, k: K, cellI, cellJ, z } = this.cells;
    const { pairCellStart } = e;
    for (let q = 0; q < this.m; q++) d[q] = x[q] - e.point[q];
    g.set(e.gradient);
    // Written out for the four features (STYLE_FEATURE_COUNT), in locals.
    const d0 = d[n];
    const d1 = d[n + 1];
    const d2 = d[n + 2];
    const d3 = d[n + 3];
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let p = 0; p + 1 < pairCellStart.length; p++) {
      const first = pairCellStart[p];
      const i = cellI[first];
      const j = cellJ[first];
      const u = d[i] - d[j];
      let pairSum = 0;
      for (let c = first; c < pairCellStart[p + 1]; c++) {
        const total = sI[c] + sJ[c];
        if (total === 0) continue;
        const zc = c * 4;
        const z0 = z[zc];
        const z1 = z[zc + 1];
        const z2 = z[zc + 2];
        const z3 = z[zc + 3];
        const shift = u + d0 * z0 + d1 * z1 + d2 * z2 + d3 * z3;
        const r = total * shift * (cellWeight[c] + cellCurvature[c] * shift);
        pairSum += r;
        g0 += r * z0;
        g1 += r * z1;
        g2 += r * z2;
        g3 += r * z3;
      }
      g[i] -= pairSum;
      g[j] += pairSum;
    }
    gz[0] = g0;
    gz[1] = g1;
    gz[2] = g2;
    gz[3] = g3;
    for (let i = 0; i < n; i++) if (!this.active[i]) g[i] = 0;
    for (let k = 0; k < K; k++) g[n + k] = this.featureActive[k] ? g[n + k] - gz[k] : 0;
  }
}

/** What the expanded gradient needs: the point estimate, the resample's gradient there, and the pairs' cell runs. */
interface RoundExpansion {
  point: Float64Array;
  gradient: Float64Array;
  pairCellStart: Int32Array;
}
