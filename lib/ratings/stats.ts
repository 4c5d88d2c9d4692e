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

/** Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Regularised incomplete beta I_x(a, b) (continued fraction, Lentz; as in Numerical Recipes' betai). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  // I_x(a,b) = front/a · 1/(1+ d1/(1+ d2/(1+ …))), d_{2m+1} = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)), d_{2m} = m(b−m)x/((a+2m−1)(a+2m)).
  const tiny = 1e-300;
  let f = 1;
  let cc = 1;
  let dd = 1 - ((a + b) * x) / (a + 1);
  dd = Math.abs(dd) < tiny ? 1 / tiny : 1 / dd;
  f = dd;
  for (let m = 1; m <= 300; m++) {
    let num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    dd = 1 + num * dd;
    cc = 1 + num / cc;
    dd = Math.abs(dd) < tiny ? 1 / tiny : 1 / dd;
    cc = Math.abs(cc) < tiny ? tiny : cc;
    f *= dd * cc;
    num = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    dd = 1 + num * dd;
    cc = 1 + num / cc;
    dd = Math.abs(dd) < tiny ? 1 / tiny : 1 / dd;
    cc = Math.abs(cc) < tiny ? tiny : cc;
    const delta = dd * cc;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** Student t CDF with ν degrees of freedom: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, symmetric below. */
export function studentTCdf(t: number, nu: number): number {
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Student t quantile (inverse CDF by bisection on studentTCdf, to 1e-12). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1) || !(nu > 0)) return NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, nu) < p) hi *= 2;
  for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, hi); k++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
