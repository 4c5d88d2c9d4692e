// Small special functions for the significance tests.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X ~ Binomial(m, p), exact summation of the pmf from k upward (terms shrink geometrically past the mode). */
export function binomialUpperTail(k: number, m: number, p: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const mode = Math.floor((m + 1) * p);
  if (k <= mode) return 1 - binomialUpperTail(m - k + 1, m, 1 - p); // P(X ≥ k) = 1 − P(m − X ≥ m − k + 1)
  const logPmf =
    logGamma(m + 1) - logGamma(k + 1) - logGamma(m - k + 1) + k * Math.log(p) + (m - k) * Math.log1p(-p);
  let term = Math.exp(logPmf);
  let sum = 0;
  const ratio = p / (1 - p);
  for (let x = k; x <= m; x++) {
    sum += term;
    term *= ((m - x) / (x + 1)) * ratio;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, sum);
}
