import { describe, expect, it } from "vitest";
import { countsFromRows, type VoteCountRow } from "./counts";
import { compareRankings, kendallTau, rankingRobustness } from "./robustness";
import { rankIntervals, ranksFromRatings } from "./ranks";

describe("ranks and robustness", () => {
  it("rank intervals from CIs", () => {
    const r = rankIntervals([10, 15, 30, 5], [20, 25, 40, 12]);
    // model 0 [10,20]: above it only model 2 (30 > 20); below it nothing (12 ≥ 10).
    // model 3 [5,12]: models 1 and 2 lie wholly above it.
    expect(Array.from(r.best)).toEqual([2, 2, 1, 3]);
    expect(Array.from(r.worst)).toEqual([4, 3, 1, 4]);
    expect(Array.from(ranksFromRatings([5, 9, 7, 9]))).toEqual([4, 1, 3, 1]);
  });

  it("Kendall tau-b on known permutations", () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 2, 3, 4], [2, 1, 3, 4])).toBeCloseTo(2 / 3, 12); // one discordant pair of 6
    expect(kendallTau([1, 2, 3], [1, 1, 2])).toBeCloseTo(2 / Math.sqrt(6), 12); // tau-b with a tie
    expect(kendallTau([1, 2, 3, 4, 5], [5, 2, 3, 4, 1])).toBeCloseTo((3 - 7) / 10, 12);
  });

  it("compares rankings over common models and reports the largest shift", () => {
    const ref = { label: "full", models: ["a", "b", "c", "d", "e"], ratings: [5, 4, 3, 2, 1] };
    const variant = { label: "ar", models: ["e", "d", "c", "b", "x"], ratings: [10, 3, 2, 1, 99] };
    const r = compareRankings(ref, variant);
    expect(r.common).toBe(4); // a and x are missing on one side
    expect(r.maxRankShift).toBe(3); // common {b,c,d,e} fully reversed: e 4 → 1, b 1 → 4
    expect(r.maxShiftModels).toEqual(["e", "b"]);
    expect(r.tau).toBe(-1);
    const partial = compareRankings(ref, { label: "swap", models: ["a", "b", "c", "d", "e"], ratings: [4, 5, 3, 2, 1] });
    expect(partial.maxRankShift).toBe(1);
    expect(partial.tau).toBeCloseTo(0.8, 12); // one discordant pair of 10
  });

  it("fits labelled count sets (ties dropped vs half)", () => {
    const rows: VoteCountRow[] = [
      { modelA: "a", modelB: "b", outcome: "a", count: 10 },
      { modelA: "a", modelB: "b", outcome: "b", count: 9 },
      { modelA: "a", modelB: "b", outcome: "tie", count: 30 },
      { modelA: "b", modelB: "c", outcome: "a", count: 20 },
      { modelA: "b", modelB: "c", outcome: "b", count: 10 },
      { modelA: "a", modelB: "c", outcome: "a", count: 12 },
      { modelA: "a", modelB: "c", outcome: "b", count: 8 },
    ];
    const models = ["a", "b", "c"];
    const counts = countsFromRows(rows, models);
    const out = rankingRobustness({ label: "full", counts, models }, [
      { label: "ties dropped", counts, models, options: { ties: "drop" } },
      { label: "without c", counts: countsFromRows(rows.slice(0, 3), ["a", "b"]), models: ["a", "b"] },
    ]);
    expect(out.map((o) => o.label)).toEqual(["ties dropped", "without c"]);
    expect(out[0].tau).toBe(1);
    expect(out[0].maxRankShift).toBe(0);
    expect(out[1].common).toBe(2);
  });
});
