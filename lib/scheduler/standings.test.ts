import { describe, expect, it } from "vitest";
import { addVotes, bootstrapRatings, createRandom, emptyCounts, fitBradleyTerry, winProbability } from "@/lib/ratings";
import { standingsFromCounts, waldIntervals } from "./standings";

// Votes between every pair of the first `voted` of n models (model i has rating 1000 + 20·i), `perPair` each.
function simulatedCounts(n: number, voted: number, perPair: number, seed = 1) {
  const counts = emptyCounts(n);
  const rng = createRandom(seed);
  for (let rep = 0; rep < perPair; rep++)
    for (let a = 0; a < voted; a++)
      for (let b = a + 1; b < voted; b++) {
        const r = rng.nextDouble();
        addVotes(counts, a, b, r < 0.1 ? 2 : rng.nextDouble() < winProbability(1000 + 20 * a, 1000 + 20 * b) ? 0 : 1);
      }
  return counts;
}

describe("standingsFromCounts", () => {
  it("fits only the models with votes: the rest have no rating, the others the same as without them", () => {
    const withNew = standingsFromCounts(simulatedCounts(40, 6, 30));
    const alone = standingsFromCounts(simulatedCounts(6, 6, 30));
    for (let i = 0; i < 6; i++) {
      expect(withNew[i]!.rating).toBeCloseTo(alone[i]!.rating, 6);
      expect(withNew[i]!.ciLow).toBeCloseTo(alone[i]!.ciLow, 6);
    }
    for (let i = 6; i < 40; i++) expect(withNew[i]!.rating).toBeNaN();
  });

  it("uses Wald intervals when the bootstrap would draw too many cells, close to the bootstrap's", () => {
    const counts = simulatedCounts(12, 12, 20);
    const fit = fitBradleyTerry(counts);
    const wald = waldIntervals(counts, fit.logStrengths, fit.priorApplied);
    const boot = bootstrapRatings(counts, { rounds: 400, seed: 3 });
    for (let i = 0; i < 12; i++) {
      expect((wald.ciLow[i]! + wald.ciHigh[i]!) / 2).toBeCloseTo(fit.ratings[i]!, 6);
      const ratio = (wald.ciHigh[i]! - wald.ciLow[i]!) / (boot.ciHigh[i]! - boot.ciLow[i]!);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.3);
    }
    // 120 models compared pairwise (21,420 cells × 100 rounds > the budget): finite Wald intervals.
    const many = standingsFromCounts(simulatedCounts(120, 120, 3));
    expect(many.every((s) => Number.isFinite(s.ciLow) && s.ciLow < s.rating && s.rating < s.ciHigh)).toBe(true);
  });
});
