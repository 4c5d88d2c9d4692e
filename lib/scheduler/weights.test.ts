import { describe, expect, it } from "vitest";
import { dissimilarityWeightFromEnv, schedulerFocusFromEnv, intervalOverlap, normalisePriorities, pairWeightFloor, pairWeights, promptPreference, type ModelStanding } from "./weights";

const standing = (rating: number, halfWidth: number, campaignVotes = 0): ModelStanding => ({ rating, ciLow: rating - halfWidth, ciHigh: rating + halfWidth, campaignVotes });

describe("pair weights", () => {
  it("prefer a close pair with overlapping intervals over a settled, lopsided one", () => {
    const models = [standing(1200, 20), standing(1190, 20), standing(900, 10)];
    const [close, settled] = pairWeights(models, [
      { i: 0, j: 1, votes: 500 },
      { i: 0, j: 2, votes: 500 },
    ]);
    expect(close).toBeGreaterThan(5 * settled!);
  });

  it("give every pair at least the floor, and unknown models the full uncertainty", () => {
    const models = [standing(1400, 5), standing(600, 5), { rating: NaN, ciLow: NaN, ciHigh: NaN, campaignVotes: 0 }];
    const weights = pairWeights(models, [
      { i: 0, j: 1, votes: 10_000 },
      { i: 0, j: 2, votes: 0 },
      { i: 1, j: 2, votes: 0 },
    ]);
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(pairWeightFloor);
    expect(weights[0]).toBeLessThan(0.05);
    expect(weights[1]).toBeCloseTo(1 + pairWeightFloor);
  });

  it("favour models still below the campaign target", () => {
    const models = [standing(1000, 30, 500), standing(1000, 30, 500), standing(1000, 30, 0), standing(1000, 30, 500)];
    const [full, behind] = pairWeights(models, [{ i: 0, j: 1, votes: 100 }, { i: 2, j: 3, votes: 100 }], { targetVotes: 400 });
    expect(behind).toBeGreaterThan(2 * full!);
  });

  it("measure interval overlap as a share of the shorter interval", () => {
    expect(intervalOverlap(standing(1000, 10), standing(1030, 10))).toBe(0);
    expect(intervalOverlap(standing(1000, 10), standing(1010, 10))).toBeCloseTo(0.5);
    expect(intervalOverlap(standing(1000, 50), standing(1000, 5))).toBe(1);
  });
});

describe("prompt preference", () => {
  it("prefers prompts whose answers differ most, and is off at weight 0", () => {
    expect(promptPreference(0.9, 1)).toBeGreaterThan(2.5 * promptPreference(0.5, 1));
    expect(promptPreference(0.9, 1)).toBeGreaterThan(30 * promptPreference(0.1, 1));
    expect(promptPreference(0.1, 1)).toBeGreaterThan(0);
    expect(promptPreference(0.9, 0)).toBe(1);
    expect(promptPreference(0.1, 0)).toBe(1);
    expect(promptPreference(NaN, 1)).toBe(promptPreference(0.5, 1));
  });

  it("normalises upload priorities by rank within the set", () => {
    expect(normalisePriorities([10, 0.5, 3, 3])).toEqual([1, 0, 0.5, 0.5]);
    expect(normalisePriorities([7])).toEqual([0.5]);
    expect(normalisePriorities([])).toEqual([]);
  });

  it("reads ARENA_SCHEDULER_DISSIMILARITY_WEIGHT, default 1, invalid → 1", () => {
    expect(dissimilarityWeightFromEnv({})).toBe(1);
    expect(dissimilarityWeightFromEnv({ ARENA_SCHEDULER_DISSIMILARITY_WEIGHT: "0" })).toBe(0);
    expect(dissimilarityWeightFromEnv({ ARENA_SCHEDULER_DISSIMILARITY_WEIGHT: "2.5" })).toBe(2.5);
    expect(dissimilarityWeightFromEnv({ ARENA_SCHEDULER_DISSIMILARITY_WEIGHT: "-1" })).toBe(1);
  });

  it("reads ARENA_SCHEDULER_TOP_K, default 5, invalid → 5", () => {
    expect(schedulerFocusFromEnv({})).toBe(5);
    expect(schedulerFocusFromEnv({ ARENA_SCHEDULER_TOP_K: "0" })).toBe(0);
    expect(schedulerFocusFromEnv({ ARENA_SCHEDULER_TOP_K: "7" })).toBe(7);
    expect(schedulerFocusFromEnv({ ARENA_SCHEDULER_TOP_K: "2.5" })).toBe(5);
    expect(schedulerFocusFromEnv({ ARENA_SCHEDULER_TOP_K: "-1" })).toBe(5);
  });
});
