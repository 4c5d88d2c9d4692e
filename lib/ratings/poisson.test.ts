import { describe, expect, it } from "vitest";
import { PoissonTables, createRandom, samplePoisson } from "./random";

// Draws against the exact pmf: mean, variance and the frequencies of the values near the mean.
function check(draw: () => number, mean: number, draws = 200_000) {
  const freq = new Map<number, number>();
  let sum = 0;
  let sumSq = 0;
  let invalid = 0;
  for (let d = 0; d < draws; d++) {
    const x = draw();
    if (!(Number.isInteger(x) && x >= 0)) invalid++;
    sum += x;
    sumSq += x * x;
    freq.set(x, (freq.get(x) ?? 0) + 1);
  }
  expect(invalid).toBe(0);
  const m = sum / draws;
  const v = sumSq / draws - m * m;
  expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / draws));
  expect(Math.abs(v / mean - 1)).toBeLessThan(0.03);
  let logP = -mean;
  for (let x = 0; x <= Math.ceil(mean + 2 * Math.sqrt(mean)); x++) {
    if (x > 0) logP += Math.log(mean / x);
    const p = Math.exp(logP);
    if (x >= mean - 2 * Math.sqrt(mean)) expect(Math.abs((freq.get(x) ?? 0) / draws - p)).toBeLessThan(5 * Math.sqrt(p / draws) + 1e-4);
  }
}

describe("Poisson draws", () => {
  it("tables match the pmf for small integer means", () => {
    const rng = createRandom(1);
    const tables = new PoissonTables();
    for (const mean of [1, 3, 17, 64]) check(() => tables.sample(rng, mean), mean);
  });

  it("inversion and PTRS match the pmf for other means", () => {
    const rng = createRandom(2);
    for (const mean of [0.5, 7.3, 29.9, 30, 250.5]) check(() => samplePoisson(rng, mean), mean);
    expect(samplePoisson(rng, 0)).toBe(0);
  });
});
