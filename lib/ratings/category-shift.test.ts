import { describe, expect, it } from "vitest";
import { compareSlice, countedVotes, overallTable, rankShiftBaseline, ranksAmong } from "./category-shift";
import { aggregateVotes } from "./counts";
import { createRandom } from "./random";
import { simulateVotes } from "./test-helpers";

// 8 models 60 rating points apart (θ in natural log: 60·ln10/400 ≈ 0.345 per step), 40,000 votes, 10% ties.
const theta = Array.from({ length: 8 }, (_, i) => (7 - i) * 0.345);
const votes = simulateVotes(createRandom(7), theta, 40_000, 0.1);
const overall = aggregateVotes(votes.modelA, votes.modelB, votes.outcome, 8);
const all = [0, 1, 2, 3, 4, 5, 6, 7];

describe("rank-shift noise baseline", () => {
  it("ranks a subset among itself", () => {
    expect([...ranksAmong([1000, 900, 1100, 950], [0, 2, 3])]).toEqual([2, 1, 3]);
  });

  it("counts only the votes the tie options keep", () => {
    const total = countedVotes(overall);
    expect(total).toBe(40_000);
    expect(countedVotes(overall, { ties: "drop" })).toBeLessThan(37_000);
  });

  it("known answer: resampled to the full size, ranks barely move; to a tiny size they move a lot", () => {
    const full = rankShiftBaseline(overall, all, 40_000, { draws: 100, seed: 3 });
    // 60 points apart with 40,000 votes: the order is all but certain, so the 95th percentile is 0 everywhere.
    expect(Math.max(...full.shift)).toBe(0);
    const tiny = rankShiftBaseline(overall, all, 60, { draws: 100, seed: 3 });
    // 60 votes over 28 pairs: neighbours swap often; middle models move two places or more in 5% of draws.
    expect(Math.max(...tiny.shift)).toBeGreaterThanOrEqual(2);
    for (let k = 0; k < 8; k++) expect(tiny.meanShift[k]).toBeGreaterThan(full.meanShift[k]);
    // The baseline shrinks as the category grows.
    const mid = rankShiftBaseline(overall, all, 1_000, { draws: 100, seed: 3 });
    const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
    expect(sum(mid.meanShift)).toBeLessThan(sum(tiny.meanShift));
    expect(sum(mid.meanShift)).toBeGreaterThan(sum(full.meanShift));
  });

  it("is seeded: the same seed gives the same baseline, and only the listed models are ranked", () => {
    const a = rankShiftBaseline(overall, [1, 3, 5], 200, { draws: 50, seed: 9 });
    const b = rankShiftBaseline(overall, [1, 3, 5], 200, { draws: 50, seed: 9 });
    expect([...a.shift]).toEqual([...b.shift]);
    expect(a.shift.length).toBe(3);
    // Three models can move at most two places.
    for (const x of a.shift) expect(x).toBeLessThanOrEqual(2);
  });

  it("refuses a bad size or draw count", () => {
    expect(() => rankShiftBaseline(overall, all, -1)).toThrow(RangeError);
    expect(() => rankShiftBaseline(overall, all, 10, { draws: 0 })).toThrow(RangeError);
  });
});

describe("a slice against the overall table", () => {
  const names = all.map((i) => `m${i}`);
  const board = overallTable(overall, names);

  it("flags a real shift: a category where the worst model is the best moves it beyond the noise", () => {
    const planted = [...theta];
    planted[7] = theta[0] + 0.7; // m7 best in this category
    const v = simulateVotes(createRandom(11), planted, 3_000, 0.1);
    const slice = aggregateVotes(v.modelA, v.modelB, v.outcome, 8);
    const table = compareSlice(overall, board, slice, names, { bootstrap: 100, draws: 100 });
    expect(table.votes).toBe(3_000);
    expect(table.compared).toBe(8);
    const m7 = table.rows.find((r) => r.model === "m7")!;
    expect(m7.overallRank).toBe(8);
    expect(m7.sliceRank).toBe(1);
    expect(m7.change).toBe(7);
    expect(m7.beyondNoise).toBe(true);
    expect(m7.rating).not.toBeNull();
    expect(m7.ciLow!).toBeLessThan(m7.rating!);
  });

  it("a slice drawn like the whole stays within the noise for (nearly) every model", () => {
    const v = simulateVotes(createRandom(12), theta, 300, 0.1);
    const slice = aggregateVotes(v.modelA, v.modelB, v.outcome, 8);
    const table = compareSlice(overall, board, slice, names, { bootstrap: 100, draws: 100 });
    const beyond = table.rows.filter((r) => r.beyondNoise === true).length;
    expect(beyond).toBeLessThanOrEqual(1);
    for (const r of table.rows) expect(r.noise).not.toBeNull();
  });

  it("leaves a model the slice cannot rate out of the comparison", () => {
    const slice = aggregateVotes(new Int32Array([0, 0, 1, 1, 2]), new Int32Array([1, 2, 2, 0, 0]), new Uint8Array([0, 0, 0, 0, 1]), 8);
    // m0 beat m1 and m2 and lost to m1; m2 only lost to m0 once and beat it once … models 3–7 have no votes.
    const table = compareSlice(overall, board, slice, names, { bootstrap: 50, draws: 20 });
    expect(table.rows.map((r) => r.model).sort()).toEqual(["m0", "m1", "m2"]);
    for (const r of table.rows) if (r.status === "unrankable") expect(r.change).toBeNull();
  });
});
