import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, addVotes, emptyCounts, fitBradleyTerry, pairIndex, winProbability } from "@/lib/ratings";
import { type Strategy, simulate } from "./simulate";
import { pairsFromCounts, ratingCovariance } from "./standings";
import { boundaryWeights, type ModelStanding } from "./weights";

// The bench's world (npm run bench:scheduler) with the flat tie model, on six fixed seeds: every strategy meets
// the same prompts and the same seeds, so the comparison is deterministic (no timing involved).
const trueRatings = [1200, 1165, 1130, 1095, 1060, 1010, 980, 940, 900, 850];
const seeds = [1, 2, 3, 4, 5, 6];
const budget = 15_000;

function atBudget(strategy: Strategy) {
  const states = seeds.map((seed) => simulate({ strategy, seed, trueRatings, maxVotes: budget, budgets: [budget], checkEvery: Number.POSITIVE_INFINITY, tieBase: 0.226, tieSlope: 0 }).atBudgets[0]!);
  return { resolved: states.filter((s) => s.resolved).length, meanMargin: states.reduce((sum, s) => sum + s.margin, 0) / states.length };
}

describe("scheduler weights by boundary information", () => {
  it("resolve the top five sooner than uniform pairing under flat ties (same seeds, same prompts)", { timeout: 300_000 }, () => {
    const uniform = atBudget("uniform");
    const scheduler = atBudget("scheduler-no-dissimilarity");
    expect(scheduler.resolved).toBeGreaterThanOrEqual(uniform.resolved + 3);
    expect(scheduler.meanMargin).toBeGreaterThan(uniform.meanMargin + 5);
  });

  it("put most of the weight on the open boundaries of the focus and keep every pair above zero", () => {
    const standing = (rating: number): ModelStanding => ({ rating, ciLow: NaN, ciHigh: NaN, campaignVotes: 0 });
    const models = [1200, 1190, 1100, 1000, 995].map(standing);
    // Equal information on every pair: Σ from 200 votes per pair at these ratings.
    const counts = emptyCounts(5);
    for (let i = 0; i < 5; i++)
      for (let j = i + 1; j < 5; j++) {
        const p = winProbability(models[i]!.rating, models[j]!.rating);
        addVotes(counts, i, j, OUTCOME_A, Math.round(200 * p));
        addVotes(counts, i, j, OUTCOME_B, Math.round(200 * (1 - p)));
      }
    const covariance = ratingCovariance(counts, fitBradleyTerry(counts).logStrengths)!;
    const pairs = pairsFromCounts(counts);
    const top = boundaryWeights(models, covariance, pairs, { focusTop: 2 });
    const all = boundaryWeights(models, covariance, pairs, { focusTop: 0 });
    const close = pairIndex(5, 0, 1);
    const bottom = pairIndex(5, 3, 4);
    expect(top[close]!).toBeGreaterThan(3 * top[bottom]!);
    expect(all[bottom]!).toBeGreaterThan(top[bottom]!);
    expect(Math.min(...top)).toBeGreaterThan(0);
    expect(top.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});
