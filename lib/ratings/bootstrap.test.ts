import { describe, expect, it } from "vitest";
import { aggregateVotes, countsFromRows } from "./counts";
import { bootstrapRatings, quantileSorted } from "./bootstrap";
import { fitBradleyTerry } from "./bradley-terry";
import { createRandom } from "./random";
import { simulateVotes } from "./test-helpers";

describe("bootstrap", () => {
  it("quantiles interpolate linearly (NumPy default)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.025)).toBeCloseTo(11, 12);
  });

  it("is deterministic for a seed and brackets the point estimate", () => {
    const rng = createRandom(2);
    const v = simulateVotes(rng, [0.4, 0, -0.4, 0.1], 1500, 0.1);
    const c = aggregateVotes(v.modelA, v.modelB, v.outcome, 4);
    const a = bootstrapRatings(c, { rounds: 300, seed: 9 });
    const b = bootstrapRatings(c, { rounds: 300, seed: 9 });
    const other = bootstrapRatings(c, { rounds: 300, seed: 10 });
    expect(Array.from(a.ciLow)).toEqual(Array.from(b.ciLow));
    expect(Array.from(a.ciLow)).not.toEqual(Array.from(other.ciLow));
    const fit = fitBradleyTerry(c);
    for (let i = 0; i < 4; i++) {
      expect(a.ciLow[i]).toBeLessThan(fit.ratings[i]);
      expect(a.ciHigh[i]).toBeGreaterThan(fit.ratings[i]);
    }
    expect(a.roundsNotConverged).toBe(0);
  });

  // Its cost (B × cells, not B × votes) is timed by `npm run bench:ratings`, not here: CI runs on a loaded machine.
  it("draws rounds over cells: 100,000× the votes narrows the interval like 1/sqrt(N)", () => {
    const small = countsFromRows([{ modelA: "a", modelB: "b", outcome: "a", count: 60 }, { modelA: "b", modelB: "a", outcome: "a", count: 40 }], ["a", "b"]);
    const large = countsFromRows([{ modelA: "a", modelB: "b", outcome: "a", count: 6_000_000 }, { modelA: "b", modelB: "a", outcome: "a", count: 4_000_000 }], ["a", "b"]);
    const s = bootstrapRatings(small, { rounds: 2000 });
    const l = bootstrapRatings(large, { rounds: 2000 });
    // Width shrinks like 1/sqrt(N): 10^5× the votes → ×0.00316.
    const ratio = (l.ciHigh[0] - l.ciLow[0]) / (s.ciHigh[0] - s.ciLow[0]);
    expect(ratio).toBeGreaterThan(0.003);
    expect(ratio).toBeLessThan(0.0035);
  });

  // Coverage: 8 models with known strengths, 250 simulated data sets of 2000 votes each, B = 1000.
  // Coverage = share of (model, data set) intervals containing the true rating, both centred on mean 1000.
  // Averaged over 2000 intervals the Monte Carlo sd is ~0.5 points of a percent, so 93–97% is a real test.
  it("95% intervals cover the true centred ratings 93–97% of the time", () => {
    const trueRatings = [-180, -120, -60, -20, 20, 60, 120, 180];
    const theta = trueRatings.map((r) => (r * Math.LN10) / 400);
    const truth = trueRatings.map((r) => 1000 + r); // mean already 0 ⇒ centred truth
    const rng = createRandom(20240611);
    const sets = 250;
    let covered = 0;
    let total = 0;
    let maxErr = 0;
    for (let s = 0; s < sets; s++) {
      const v = simulateVotes(rng, theta, 2000);
      const c = aggregateVotes(v.modelA, v.modelB, v.outcome, 8);
      const boot = bootstrapRatings(c, { rounds: 1000, seed: s + 1 });
      const fit = fitBradleyTerry(c);
      for (let i = 0; i < 8; i++) {
        total++;
        if (boot.ciLow[i] <= truth[i] && truth[i] <= boot.ciHigh[i]) covered++;
        maxErr = Math.max(maxErr, Math.abs(fit.ratings[i] - truth[i]));
      }
    }
    const coverage = covered / total;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
    expect(maxErr).toBeLessThan(80); // ~4 SE: estimates recover the truth
  }, 120_000);
});
