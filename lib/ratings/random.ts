// Seeded pseudo-random numbers and the discrete samplers the bootstrap and Elo permutations need.
// xoshiro128** (Blackman & Vigna) seeded through splitmix32: 32-bit state words so every step stays in
// int32 arithmetic (Math.imul), which V8 compiles to machine integer ops.

export interface Random {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Uniform integer in [0, bound), bound ≤ 2^32, unbiased (Lemire's multiply-and-reject). */
  nextInt(bound: number): number;
  /** Fill out with the next out.length values nextUint32 would return (the state kept in locals: ~5× faster). */
  fillUint32(out: Uint32Array): void;
}

import { logGamma } from "./stats";

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/** splitmix32 step: used only to spread a small seed over the 128-bit xoshiro state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class Xoshiro128StarStar implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Fold a double seed (possibly > 2^32 or negative) into 32 bits deterministically.
    const lo = seed | 0;
    const hi = Math.floor(seed / TWO_32) | 0;
    const st = { s: lo ^ Math.imul(hi, 0x27d4eb2d) };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // all-zero state is a fixed point
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  fillUint32(out: Uint32Array): void {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    for (let q = 0; q < out.length; q++) {
      out[q] = Math.imul(rotl(Math.imul(b, 5), 7), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  nextDouble(): number {
    // (27 high bits · 2^26 + 26 high bits) / 2^53
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / TWO_53;
  }

  nextInt(bound: number): number {
    // Lemire: floor(x·bound / 2^32) is uniform once the low part is above (2^32 − bound) mod bound.
    // x·bound < 2^53 for bound ≤ 2^21; above that fall back to a 53-bit double (bias < bound/2^53).
    if (bound > 2097152) return Math.floor(this.nextDouble() * bound);
    // m < 2^53 is exact; m >>> 0 is m mod 2^32 (ToUint32), cheaper than the floating %.
    let m = this.nextUint32() * bound;
    let low = m >>> 0;
    if (low < bound) {
      const threshold = (TWO_32 - bound) % bound;
      while (low < threshold) {
        m = this.nextUint32() * bound;
        low = m >>> 0;
      }
    }
    return (m - low) / TWO_32;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A deterministic generator for a seed (any finite number). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return new Xoshiro128StarStar(seed);
}

/**
 * Binomial(n, p) variate. Exact algorithms only (no normal approximation):
 * inversion by sequential search when n·min(p,1−p) < 30, otherwise BTPE (Kachitvichyanukul & Schmeiser 1988),
 * the same split NumPy uses.
 */
export function sampleBinomial(rng: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p <= 0.5) return n * p < 30 ? binomialInversion(rng, n, p) : binomialBtpe(rng, n, p);
  const q = 1 - p;
  return n - (n * q < 30 ? binomialInversion(rng, n, q) : binomialBtpe(rng, n, q));
}

// P(X = 0) = q^n, P(X = x) = P(X = x−1)·(n−x+1)p / (x q); restart past a far bound to guard rounding.
function binomialInversion(rng: Random, n: number, p: number): number {
  const q = 1 - p;
  const qn = Math.exp(n * Math.log1p(-p));
  const np = n * p;
  const bound = Math.min(n, Math.floor(np + 10 * Math.sqrt(np * q + 1)));
  let x = 0;
  let px = qn;
  const ratio = p / q;
  let u = rng.nextDouble();
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = rng.nextDouble();
    } else {
      u -= px;
      px *= ((n - x + 1) * ratio) / x;
    }
  }
  return x;
}

// BTPE for p ≤ 0.5 and n·p ≥ 30: triangle/parallelogram/exponential-tail hat with squeeze and
// Stirling-corrected acceptance (transcribed from NumPy's random_binomial_btpe).
function binomialBtpe(rng: Random, n: number, p: number): number {
  const r = p;
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  const nrq = n * r * q;

  for (;;) {
    const u = rng.nextDouble() * p4;
    let v = rng.nextDouble();
    let y: number;
    if (u <= p1) {
      // Triangular centre: accept immediately.
      return Math.floor(xm - p1 * v + u);
    } else if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // Explicit ratio f(y)/f(m) by recursion.
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      }
      if (v > f) continue;
      return y;
    }

    // Squeeze on log scale, then the Stirling-series bound.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const x2 = x1 * x1;
    const f2 = f1 * f1;
    const z2 = z * z;
    const w2 = w * w;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * r) / (x1 * q)) +
      (13680 - (462 - (132 - (99 - 140 / f2) / f2) / f2) / f2) / f1 / 166320 +
      (13680 - (462 - (132 - (99 - 140 / z2) / z2) / z2) / z2) / z / 166320 +
      (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x1 / 166320 +
      (13680 - (462 - (132 - (99 - 140 / w2) / w2) / w2) / w2) / w / 166320;
    if (logV > bound) continue;
    return y;
  }
}

/**
 * Multinomial(total; weights) into `out` by sequential conditional binomials:
 * X_k ~ Binomial(N − Σ_{l<k} X_l, w_k / Σ_{l≥k} w_l). Zero weights get zero.
 */
export function sampleMultinomial(
  rng: Random,
  total: number,
  weights: ArrayLike<number>,
  out: Float64Array | Int32Array | Uint32Array,
): void {
  const len = weights.length;
  let remainingWeight = 0;
  let last = -1;
  for (let k = 0; k < len; k++) {
    if (weights[k] > 0) {
      remainingWeight += weights[k];
      last = k;
    }
  }
  let remaining = total;
  for (let k = 0; k < len; k++) {
    const w = weights[k];
    if (!(w > 0) || remaining === 0) {
      out[k] = 0;
      continue;
    }
    // The last positive cell takes what is left (its conditional probability is 1).
    const x = k === last ? remaining : sampleBinomial(rng, remaining, Math.min(1, w / remainingWeight));
    out[k] = x;
    remaining -= x;
    remainingWeight -= w;
  }
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace(rng: Random, a: { length: number; [i: number]: number }): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}


/**
 * Poisson(mean): inversion below 30, otherwise Hörmann's PTRS transformed rejection (as NumPy's
 * random_poisson_ptrs). For many draws of small integer means, PoissonTables is faster.
 */
export function samplePoisson(rng: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    let x = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = rng.nextDouble();
    const bound = mean + 40 * Math.sqrt(mean) + 40; // rounding guard: P(X > bound) < 1e-300
    while (u > cdf && x < bound) {
      x++;
      p *= mean / x;
      cdf += p;
    }
    return x;
  }
  const slam = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    const v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
  }
}

/**
 * Guide tables (Chen–Asau indexed search) for Poisson draws whose means are small integers, the common case in
 * a bootstrap over vote counts. A draw takes one 32-bit uniform (probabilities are resolved to 2⁻³², far below a
 * bootstrap's Monte-Carlo error); its high bits index a byte table of 2¹⁶ bins (means up to 8, most vote counts) or
 * 2¹² bins that almost always holds the answer, so the confirming comparison rarely loops and branches predict well
 * (about 2.5× faster than a table of as many bins as values). Means that are not integers in 1..maxTabled fall back
 * to samplePoisson. The table stops where the upper tail is below 1e-15.
 */
export class PoissonTables {
  // Read-only outside this class: the style bootstrap inlines fromUniform over them.
  readonly cdfOffset: Int32Array;
  /** Cumulative probabilities times 2³², so a 32-bit uniform compares directly. */
  readonly cdf: Float64Array;
  readonly guideOffset: Int32Array;
  readonly guideShift: Int32Array;
  /** Smallest value whose cdf exceeds the bin's lower edge, per bin. */
  readonly guide: Uint8Array;

  constructor(readonly maxTabled = 64) {
    if (!(maxTabled >= 1 && maxTabled <= 100)) throw new RangeError(`maxTabled must be in 1..100, got ${maxTabled}`);
    this.cdfOffset = new Int32Array(maxTabled + 1);
    this.guideOffset = new Int32Array(maxTabled + 1);
    this.guideShift = new Int32Array(maxTabled + 1);
    const size = new Int32Array(maxTabled + 1);
    let total = 0;
    let guides = 0;
    for (let m = 1; m <= maxTabled; m++) {
      this.cdfOffset[m] = total;
      size[m] = Math.ceil(m + 12 * Math.sqrt(m) + 20); // < 256: values fit the byte guide
      total += size[m];
      this.guideShift[m] = m <= 8 ? 16 : 20;
      this.guideOffset[m] = guides;
      guides += 2 ** (32 - this.guideShift[m]);
    }
    this.cdf = new Float64Array(total);
    this.guide = new Uint8Array(guides);
    for (let m = 1; m <= maxTabled; m++) {
      const off = this.cdfOffset[m];
      const len = size[m];
      let p = Math.exp(-m);
      let c = 0;
      for (let x = 0; x < len; x++) {
        c += p;
        this.cdf[off + x] = x === len - 1 ? TWO_32 : Math.min(1, c) * TWO_32;
        p *= m / (x + 1);
      }
      const bins = 2 ** (32 - this.guideShift[m]);
      const width = 2 ** this.guideShift[m];
      for (let bin = 0, x = 0; bin < bins; bin++) {
        while (this.cdf[off + x] <= bin * width) x++;
        this.guide[this.guideOffset[m] + bin] = x;
      }
    }
  }

  sample(rng: Random, mean: number): number {
    if (!(mean >= 1 && mean <= this.maxTabled && mean === Math.floor(mean))) return samplePoisson(rng, mean);
    return this.fromUniform(rng.nextUint32(), mean);
  }

  /** The draw for a 32-bit uniform u and an integer mean in 1..maxTabled (the caller checks the mean). */
  fromUniform(u: number, mean: number): number {
    let x = this.guide[this.guideOffset[mean] + (u >>> this.guideShift[mean])];
    const off = this.cdfOffset[mean];
    while (this.cdf[off + x] <= u) x++;
    return x;
  }
}
