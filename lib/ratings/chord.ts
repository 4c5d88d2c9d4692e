// Dense linear algebra and the chord (simplified) Newton loop shared by the Bradley–Terry bootstrap
// (bradley-terry.ts ChordSolver) and the style-control bootstrap (style-control.ts): one Cholesky factor of the
// negated Hessian at the point estimate is reused for every resample.

/** Lower Cholesky factor in place (row-major, upper part ignored). Returns false if not positive definite. */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j];
    for (let k = 0; k < j; k++) s -= a[rj + k] * a[rj + k];
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
      a[ri + j] = t / d;
    }
  }
  return true;
}

/** Solve L Lᵀ x = b given the factor from choleskyInPlace. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * x[k];
    x[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
}

export interface SolveReport {
  iterations: number;
  converged: boolean;
}

/** The problem a chord iteration needs: the gradient at x, the re-centring of x, and a full-Newton fallback. */
export interface ChordProblem {
  /** Fill g with the gradient of the log-likelihood at x (zero on pinned coordinates). */
  gradient(x: Float64Array, g: Float64Array): void;
  /** Remove the unidentified common shift from x, in place. */
  centre(x: Float64Array): void;
  /** Finish from x by full Newton when the chord iteration stops contracting. */
  fallback(x: Float64Array): SolveReport;
}

/**
 * Chord iterations x ← x + F⁻¹ g(x) with a fixed factor F (from choleskyInPlace), stopping when the largest step
 * is below tolerance. Convergence is linear with rate ≈ the relative change of the Hessian between the point
 * estimate and the resample (a few %); if a step fails to halve the previous one after two iterations, the
 * problem's full Newton takes over. g and delta are caller-owned scratch of length m (no allocation per call).
 * gradientReady: g already holds the gradient at x (x centred), e.g. accumulated while resampling.
 */
export function chordSolve(
  problem: ChordProblem,
  factor: Float64Array,
  m: number,
  x: Float64Array,
  g: Float64Array,
  delta: Float64Array,
  tolerance: number,
  maxIterations: number,
  gradientReady = false,
): SolveReport {
  if (!gradientReady) problem.centre(x);
  let previous = Infinity;
  for (let iter = 1; iter <= maxIterations; iter++) {
    if (iter > 1 || !gradientReady) problem.gradient(x, g);
    choleskySolve(factor, m, g, delta);
    let step = 0;
    for (let q = 0; q < m; q++) step = Math.max(step, Math.abs(delta[q]));
    if (!(step < 0.5 * previous) && iter > 2) {
      const r = problem.fallback(x);
      return { iterations: iter + r.iterations, converged: r.converged };
    }
    for (let q = 0; q < m; q++) x[q] += delta[q];
    problem.centre(x);
    if (step < tolerance) return { iterations: iter, converged: true };
    previous = step;
  }
  return { iterations: maxIterations, converged: false };
}
