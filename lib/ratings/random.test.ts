import { describe, expect, it } from "vitest";
import { createRandom, sampleBinomial, sampleMultinomial, shuffleInPlace } from "./random";
import { logGamma } from "./stats";

function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

// Pearson chi-square of `draws` samples against the exact pmf, pooling cells with expected count < 5.
function chiSquare(n: number, p: number, draws: number, seed: number): { stat: number; df: number } {
  const rng = createRandom(seed);
  const hist = new Map<number, number>();
  let invalid = 0;
  for (let d = 0; d < draws; d++) {
    const x = sampleBinomial(rng, n, p);
    if (!(Number.isInteger(x) && x >= 0 && x <= n)) invalid++;
    hist.set(x, (hist.get(x) ?? 0) + 1);
  }
  expect(invalid).toBe(0);
  let stat = 0;
  let df = -1;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let k = 0; k <= n; k++) {
    const e = draws * binomialPmf(k, n, p);
    pooledObs += hist.get(k) ?? 0;
    pooledExp += e;
    if (pooledExp >= 5) {
      stat += (pooledObs - pooledExp) ** 2 / pooledExp;
      df++;
      pooledObs = 0;
      pooledExp = 0;
    }
  }
  if (pooledExp > 0) stat += (pooledObs - pooledExp) ** 2 / Math.max(pooledExp, 1e-9);
  return { stat, df };
}

describe("random", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it("fillUint32 continues the same stream as nextUint32", () => {
    const a = createRandom(12);
    const b = createRandom(12);
    const block = new Uint32Array(1000);
    a.fillUint32(block);
    expect(Array.from(block)).toEqual(Array.from({ length: 1000 }, () => b.nextUint32()));
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it("nextInt is uniform (chi-square over 10 cells)", () => {
    const rng = createRandom(3);
    const hist = new Array(10).fill(0);
    for (let i = 0; i < 100000; i++) hist[rng.nextInt(10)]++;
    const stat = hist.reduce((s, o) => s + (o - 10000) ** 2 / 10000, 0);
    expect(stat).toBeLessThan(27.9); // χ²(9) 0.999 quantile
  });

  // Both algorithms (inversion below n·p = 30, BTPE above), both tails of p, against the exact pmf.
  it.each([
    [20, 0.3],
    [1000, 0.01],
    [200, 0.9],
    [1000, 0.1],
    [100000, 0.001],
    [5000, 0.5],
    [300, 0.8],
  ])("binomial(%i, %f) matches the exact pmf (chi-square)", (n, p) => {
    const { stat, df } = chiSquare(n, p, 200000, n + Math.round(p * 1000));
    // Wilson–Hilferty 0.9999 quantile of χ²(df)
    const z = 3.719;
    const limit = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
    expect(stat).toBeLessThan(limit);
  });

  it("binomial edge cases", () => {
    const rng = createRandom(1);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
  });

  it("multinomial preserves the total and has the right means", () => {
    const rng = createRandom(11);
    const w = [5, 0, 20, 75];
    const out = new Float64Array(4);
    const sum = new Float64Array(4);
    for (let r = 0; r < 2000; r++) {
      sampleMultinomial(rng, 1000, w, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      for (let k = 0; k < 4; k++) sum[k] += out[k];
    }
    for (let k = 0; k < 4; k++) expect(sum[k] / 2000).toBeCloseTo(w[k] * 10, 0);
  });

  it("shuffle is a permutation with uniform first position", () => {
    const rng = createRandom(5);
    const first = new Array(5).fill(0);
    let broken = 0;
    for (let r = 0; r < 50000; r++) {
      const a = [0, 1, 2, 3, 4];
      shuffleInPlace(rng, a);
      if ([...a].sort().join() !== "0,1,2,3,4") broken++;
      first[a[0]]++;
    }
    expect(broken).toBe(0);
    const stat = first.reduce((s, o) => s + (o - 10000) ** 2 / 10000, 0);
    expect(stat).toBeLessThan(18.5); // χ²(4) 0.999
  });
});
