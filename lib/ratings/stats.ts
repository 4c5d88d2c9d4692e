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

/** ln P(X = x) for X ~ Binomial(m, p). */
function logBinomialPmf(x: number, m: number, p: number): number {
  return logGamma(m + 1) - logGamma(x + 1) - logGamma(m - x + 1) + x * Math.log(p) + (m - x) * Math.log1p(-p);
}

/**
 * P(X ≥ k) for X ~ Binomial(m, p). Sums the pmf away from the mode, where terms shrink geometrically:
 * upward from k when k is above the mode, otherwise 1 − P(X ≤ k − 1) summed downward from k − 1.
 */
export function binomialUpperTail(k: number, m: number, p: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const mode = Math.floor((m + 1) * p);
  const ratio = p / (1 - p);
  if (k > mode) {
    let term = Math.exp(logBinomialPmf(k, m, p));
    let sum = 0;
    for (let x = k; x <= m; x++) {
      sum += term;
      term *= ((m - x) / (x + 1)) * ratio;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp(logBinomialPmf(k - 1, m, p));
  let lower = 0;
  for (let x = k - 1; x >= 0; x--) {
    lower += term;
    term *= (x / (m - x + 1)) / ratio;
    if (term < lower * 1e-17) break;
  }
  return Math.max(0, 1 - lower);
}
