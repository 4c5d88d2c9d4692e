// Bradley–Terry maximum likelihood on pair counts.
// Model: P(i beats j) = 1 / (1 + base^((R_j − R_i)/scale)) = σ(θ_i − θ_j) with θ = R·ln(base)/scale.
// Same likelihood as FastChat's compute_mle_elo (logistic regression, ties duplicated as one win each way
// = half a win each), and like its unpenalised fit started at zero the solution has mean rating 1000.
//
// Solver: Newton's method on the log-likelihood. The Hessian is minus the weighted graph Laplacian
// L_ij = −n_ij p_ij (1 − p_ij); it is singular along 1 (a common shift), so we solve (L + c·11ᵀ) δ = g,
// whose solution keeps Σδ = 0 because Σg = 0. Step-halving on the objective guards the first steps.
// Stops when the largest Newton step in θ (natural-log strength) is below `tolerance` (default 1e-10,
// i.e. 2e-8 rating points). Cost per iteration: O(pairs + n³/6) (a dense Cholesky); n = 100 ⇒ ~0.3 ms.
//
// Prior: when the MLE does not exist (the "scored against" graph is not strongly connected: a model never
// lost or never won, disconnected groups, one group always beating another) we add the L2 penalty
// (λ/2)·Σθ_i² with λ = 1e-6 (default). It is applied ONLY then, so well-posed fits are the exact MLE
// (the two-model closed form holds to rounding). With the prior, an unbeaten model lands at a large but finite
// rating (≈ ln(games/λ)·scale/ln(base) above its opponents) and is reported by the caller.

import { type PairCounts, type TieOptions, pairScores } from "./counts";
import { analyseComparisonGraph, type ComparisonGraphReport } from "./graph";
import { type ChordProblem, type SolveReport, choleskyInPlace, choleskySolve, chordSolve } from "./chord";

export const DEFAULT_SCALE = 400;
export const DEFAULT_BASE = 10;
export const DEFAULT_CENTRE = 1000;
export const DEFAULT_TOLERANCE = 1e-10;
export const DEFAULT_PRIOR = 1e-6;

export interface RatingScaleOptions {
  /** Rating points per factor `base` in odds. Default 400. */
  scale?: number;
  /** Default 10. */
  base?: number;
  /** Mean rating of the models with votes when no anchor is pinned. Default 1000. */
  centre?: number;
  /** Model index whose rating is pinned to `anchorRating` (instead of centring on the mean). */
  anchor?: number;
  /** Default 1000. */
  anchorRating?: number;
  /**
   * Models whose mean is `centre` (a 0/1 mask; default: every model with a finite rating). The leaderboard passes
   * the identified, well-measured models, so a sparse model never moves the others' numbers. When no masked model
   * has a finite rating the ratings are NaN (there is no origin).
   */
  centreOn?: ArrayLike<number>;
}

export interface BradleyTerryOptions extends TieOptions, RatingScaleOptions {
  /** Largest Newton step (natural-log strength) at which the fit stops. Default 1e-10. */
  tolerance?: number;
  /** Default 100. */
  maxIterations?: number;
  /** L2 penalty λ used only when the MLE does not exist. Default 1e-6. */
  prior?: number;
  /** Warm start: natural-log strengths (length n). */
  init?: Float64Array;
}

export interface BradleyTerryFit {
  /** Ratings on the Elo-like scale; NaN for models without votes. */
  ratings: Float64Array;
  /** θ_i (natural log), mean 0 over models with votes; NaN for models without votes. */
  logStrengths: Float64Array;
  iterations: number;
  converged: boolean;
  /** True when the MLE did not exist and the L2 prior was used. */
  priorApplied: boolean;
  graph: ComparisonGraphReport;
}

/** P(i beats j) for ratings r_i, r_j: 1 / (1 + base^((r_j − r_i)/scale)). */
export function winProbability(ri: number, rj: number, scale = DEFAULT_SCALE, base = DEFAULT_BASE): number {
  return 1 / (1 + Math.pow(base, (rj - ri) / scale));
}

/** Fit Bradley–Terry ratings to the counts (ties per options). */
export function fitBradleyTerry(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const s = pairScores(counts, options);
  return fitBradleyTerryScores(counts.n, s.pairI, s.pairJ, s.scoreI, s.scoreJ, options);
}

/** Same as fitBradleyTerry on per-pair scores (ties already split into halves). */
export function fitBradleyTerryScores(
  n: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  scoreI: Float64Array,
  scoreJ: Float64Array,
  options: BradleyTerryOptions = {},
  solver?: BradleyTerrySolver,
): BradleyTerryFit {
  const graph = analyseComparisonGraph(n, pairI, pairJ, scoreI, scoreJ);
  const priorApplied = !graph.stronglyConnected;
  const lambda = priorApplied ? (options.prior ?? DEFAULT_PRIOR) : 0;
  const theta = new Float64Array(n);
  if (options.init) {
    if (options.init.length !== n) throw new RangeError(`init has length ${options.init.length}, expected ${n}`);
    for (let i = 0; i < n; i++) theta[i] = graph.active[i] && Number.isFinite(options.init[i]) ? options.init[i] : 0;
  }
  const sv = solver ?? new BradleyTerrySolver(n, pairI, pairJ);
  const { iterations, converged } = sv.solve(
    scoreI,
    scoreJ,
    theta,
    graph.active,
    lambda,
    options.tolerance ?? DEFAULT_TOLERANCE,
    options.maxIterations ?? 100,
  );
  for (let i = 0; i < n; i++) if (!graph.active[i]) theta[i] = NaN;
  return { ratings: ratingsFromLogStrengths(theta, options), logStrengths: theta, iterations, converged, priorApplied, graph };
}

/**
 * R_i = centre + (θ_i − mean_{c ∈ centreOn} θ_c)·scale/ln(base), or anchorRating + (θ_i − θ_anchor)·scale/ln(base).
 * NaN stays NaN, ±∞ stays ±∞ (a model without a finite estimate in a bootstrap round) and never enters the mean.
 */
export function ratingsFromLogStrengths(theta: Float64Array, options: RatingScaleOptions = {}): Float64Array {
  const factor = (options.scale ?? DEFAULT_SCALE) / Math.log(options.base ?? DEFAULT_BASE);
  let offset: number;
  let origin: number;
  if (options.anchor !== undefined) {
    origin = theta[options.anchor];
    offset = options.anchorRating ?? DEFAULT_CENTRE;
    if (!Number.isFinite(origin)) throw new RangeError(`anchor model ${options.anchor} has no votes`);
  } else {
    let sum = 0;
    let count = 0;
    const mask = options.centreOn;
    for (let i = 0; i < theta.length; i++) {
      if (Number.isFinite(theta[i]) && (!mask || mask[i])) {
        sum += theta[i];
        count++;
      }
    }
    origin = count > 0 ? sum / count : mask ? NaN : 0;
    offset = options.centre ?? DEFAULT_CENTRE;
  }
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = offset + (theta[i] - origin) * factor;
  return out;
}

/**
 * Adds each pair's Fisher information w = n_ij·p_ij·(1 − p_ij) to the n×n matrix h as a graph Laplacian
 * (the negated Hessian of the log-likelihood) and, when g is given, each pair's score residual
 * s_ij − n_ij·p_ij to the gradient g. The one place this is computed: Newton, the bootstrap's chord solver
 * and the scheduler's standings all use it.
 */
export function addPairInformation(
  n: number,
  pairI: ArrayLike<number>,
  pairJ: ArrayLike<number>,
  scoreI: ArrayLike<number>,
  scoreJ: ArrayLike<number>,
  theta: ArrayLike<number>,
  h: Float64Array,
  g: Float64Array | null,
): void {
  for (let p = 0; p < pairI.length; p++) {
    const si = scoreI[p]!;
    const total = si + scoreJ[p]!;
    if (total === 0) continue;
    const i = pairI[p]!;
    const j = pairJ[p]!;
    const pij = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
    if (g) {
      const resid = si - total * pij;
      g[i]! += resid;
      g[j]! -= resid;
    }
    const w = total * pij * (1 - pij);
    h[i * n + i]! += w;
    h[j * n + j]! += w;
    h[i * n + j]! -= w;
    h[j * n + i]! -= w;
  }
}

/**
 * Makes the Laplacian h definite. The likelihood does not change when every active θ shifts together, so
 * c·11ᵀ over the active models pins that direction (c ≈ the average diagonal keeps the conditioning sane);
 * the prior adds λ to the diagonal and −λθ to the gradient; an inactive model gets an identity row and a zero
 * gradient, so it never moves. Returns the Laplacian's trace (for a fallback step size) and c.
 */
export function pinShiftDirection(
  h: Float64Array,
  n: number,
  active: ArrayLike<number>,
  activeCount: number,
  lambda: number,
  theta: ArrayLike<number>,
  g: Float64Array | null,
): { trace: number; shift: number } {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += h[i * n + i]!;
  const c = trace > 0 && activeCount > 0 ? trace / activeCount / activeCount : 1;
  for (let i = 0; i < n; i++) {
    if (!active[i]) {
      h[i * n + i] = 1;
      if (g) g[i] = 0;
      continue;
    }
    if (g) g[i]! -= lambda * theta[i]!;
    h[i * n + i]! += lambda;
    for (let j = 0; j < n; j++) if (active[j]) h[i * n + j]! += c;
  }
  return { trace, shift: c };
}

/**
 * Reusable Newton solver for one pair layout (the bootstrap calls it B times without allocating).
 */
export class BradleyTerrySolver {
  private readonly h: Float64Array;
  private readonly g: Float64Array;
  private readonly delta: Float64Array;
  private readonly trial: Float64Array;

  constructor(
    readonly n: number,
    readonly pairI: Int32Array,
    readonly pairJ: Int32Array,
  ) {
    this.h = new Float64Array(n * n);
    this.g = new Float64Array(n);
    this.delta = new Float64Array(n);
    this.trial = new Float64Array(n);
  }

  /**
   * Maximise Σ_p [sI log σ(θ_i−θ_j) + sJ log σ(θ_j−θ_i)] − (λ/2)Σθ² over active models, in place on theta
   * (inactive entries are left at their value). theta is re-centred to mean 0 over active models.
   */
  solve(
    scoreI: Float64Array,
    scoreJ: Float64Array,
    theta: Float64Array,
    active: Uint8Array,
    lambda: number,
    tolerance: number,
    maxIterations: number,
  ): { iterations: number; converged: boolean } {
    const { n, pairI, pairJ, h, g, delta, trial } = this;
    let activeCount = 0;
    for (let i = 0; i < n; i++) activeCount += active[i];
    if (activeCount === 0) return { iterations: 0, converged: true };
    centre(theta, active);

    let objective = NaN; // evaluated lazily: only large steps need the line search
    for (let iter = 1; iter <= maxIterations; iter++) {
      // Gradient g_i = Σ_j (s_ij − n_ij p_ij) − λθ_i and Hessian (negated) L + λI.
      h.fill(0);
      g.fill(0);
      addPairInformation(n, pairI, pairJ, scoreI, scoreJ, theta, h, g);
      const { trace } = pinShiftDirection(h, n, active, activeCount, lambda, theta, g);
      if (!choleskyInPlace(h, n)) {
        // Numerically indefinite (should not happen with λ > 0 or a strongly connected graph): ridge and retry
        // next iteration via a plain gradient step.
        for (let i = 0; i < n; i++) delta[i] = g[i] / Math.max(1, trace / activeCount);
      } else {
        choleskySolve(h, n, g, delta);
      }
      let step = 0;
      for (let i = 0; i < n; i++) step = Math.max(step, Math.abs(delta[i]));

      // Damped step: cap the largest move at 10 (avoids exp overflow), then halve until the objective improves.
      let t = step > 10 ? 10 / step : 1;
      if (step > 1e-3) {
        if (Number.isNaN(objective)) objective = negLogPosterior(scoreI, scoreJ, theta, pairI, pairJ, lambda, active);
        for (let halvings = 0; ; halvings++) {
          for (let i = 0; i < n; i++) trial[i] = theta[i] + t * delta[i];
          const f = negLogPosterior(scoreI, scoreJ, trial, pairI, pairJ, lambda, active);
          if (f <= objective || halvings >= 40) {
            objective = f;
            break;
          }
          t *= 0.5;
        }
        theta.set(trial);
      } else {
        // Quadratic regime (steps < 1e-3, i.e. < 0.2 rating points): the full Newton step is safe.
        for (let i = 0; i < n; i++) theta[i] += delta[i];
      }
      centre(theta, active);
      if (step * t < tolerance) return { iterations: iter, converged: true };
      if (step <= 1e-3) objective = NaN;
    }
    return { iterations: maxIterations, converged: false };
  }
}

/**
 * Chord (simplified) Newton for the bootstrap: reuse one Cholesky factor of the Hessian at the point estimate
 * for every resample. Each iteration is O(pairs + n²) instead of O(pairs + n³); convergence is linear with
 * rate ≈ the relative change of the Hessian between the data and a resample (a few %), so ~5–8 iterations
 * reach 1e-10. Falls back to full Newton (solver.solve) if the iteration stops contracting.
 */
export class ChordSolver {
  private readonly factor: Float64Array;
  private readonly g: Float64Array;
  private readonly delta: Float64Array;
  private readonly active: Uint8Array;
  private readonly ok: boolean;

  constructor(
    private readonly newton: BradleyTerrySolver,
    scoreI: Float64Array,
    scoreJ: Float64Array,
    theta: Float64Array,
    active: Uint8Array,
  ) {
    const { n, pairI, pairJ } = newton;
    this.active = active;
    this.factor = new Float64Array(n * n);
    this.g = new Float64Array(n);
    this.delta = new Float64Array(n);
    const h = this.factor;
    let activeCount = 0;
    for (let i = 0; i < n; i++) activeCount += active[i];
    addPairInformation(n, pairI, pairJ, scoreI, scoreJ, theta, h, null);
    pinShiftDirection(h, n, active, activeCount, 0, theta, null);
    this.ok = choleskyInPlace(h, n);
  }

  /** Unpenalised MLE for new scores (caller guarantees it exists), warm-started from theta, in place. */
  solve(scoreI: Float64Array, scoreJ: Float64Array, theta: Float64Array, tolerance: number, maxIterations: number): SolveReport {
    const { n, pairI, pairJ } = this.newton;
    const { g, delta, factor, active } = this;
    if (!this.ok) return this.newton.solve(scoreI, scoreJ, theta, active, 0, tolerance, maxIterations);
    const problem: ChordProblem = {
      gradient(x, grad) {
        grad.fill(0);
        for (let p = 0; p < pairI.length; p++) {
          const si = scoreI[p];
          const total = si + scoreJ[p];
          if (total === 0) continue;
          const i = pairI[p];
          const j = pairJ[p];
          const resid = si - total / (1 + Math.exp(x[j] - x[i]));
          grad[i] += resid;
          grad[j] -= resid;
        }
        for (let i = 0; i < n; i++) if (!active[i]) grad[i] = 0;
      },
      centre: (x) => centre(x, active),
      // Not contracting (resample far from the data): finish with full Newton.
      fallback: (x) => this.newton.solve(scoreI, scoreJ, x, active, 0, tolerance, maxIterations),
    };
    return chordSolve(problem, factor, n, theta, g, delta, tolerance, maxIterations);
  }
}

function centre(theta: Float64Array, active: Uint8Array): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < theta.length; i++) {
    if (active[i]) {
      sum += theta[i];
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  for (let i = 0; i < theta.length; i++) if (active[i]) theta[i] -= mean;
}

// −log σ(x) = log(1 + e^{−x}), computed without overflow.
function softplusNeg(x: number): number {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

function negLogPosterior(
  scoreI: Float64Array,
  scoreJ: Float64Array,
  theta: Float64Array,
  pairI: Int32Array,
  pairJ: Int32Array,
  lambda: number,
  active: Uint8Array,
): number {
  let f = 0;
  for (let p = 0; p < pairI.length; p++) {
    const si = scoreI[p];
    const sj = scoreJ[p];
    if (si + sj === 0) continue;
    // sI·log(1+e^{−d}) + sJ·log(1+e^{d}) = (sI+sJ)·log(1+e^{−d}) + sJ·d: one transcendental per pair.
    const d = theta[pairI[p]] - theta[pairJ[p]];
    f += (si + sj) * softplusNeg(d) + sj * d;
  }
  if (lambda > 0) {
    let ss = 0;
    for (let i = 0; i < theta.length; i++) if (active[i]) ss += theta[i] * theta[i];
    f += 0.5 * lambda * ss;
  }
  return f;
}
