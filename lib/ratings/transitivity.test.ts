import { describe, expect, it } from "vitest";
import { countsFromRows, type VoteCountRow } from "./counts";
import { findIntransitiveTriples } from "./transitivity";
import { binomialUpperTail } from "./stats";

const models = ["A", "B", "C", "D"];
const beat = (w: string, l: string, wins: number, losses: number, ties = 0): VoteCountRow[] => [
  { modelA: w, modelB: l, outcome: "a", count: wins },
  { modelA: w, modelB: l, outcome: "b", count: losses },
  { modelA: l, modelB: w, outcome: "tie", count: ties },
];

describe("transitivity", () => {
  it("exact sign-test tail", () => {
    expect(binomialUpperTail(15, 20, 0.5)).toBeCloseTo(21700 / 1048576, 12); // Σ_{k≥15} C(20,k) / 2^20
    expect(binomialUpperTail(10, 20, 0.5)).toBeCloseTo(616666 / 1048576, 12);
    expect(binomialUpperTail(0, 20, 0.5)).toBe(1);
  });

  it("finds the hand-built cycle A>B>C>A and flags it significant", () => {
    const c = countsFromRows([...beat("A", "B", 16, 4, 4), ...beat("B", "C", 16, 4), ...beat("C", "A", 16, 4), ...beat("A", "D", 12, 8)], models);
    const r = findIntransitiveTriples(c);
    expect(r.cycleCount).toBe(1);
    expect(r.significantCycleCount).toBe(1);
    expect(r.cycles[0].models).toEqual([0, 1, 2]);
    expect(r.cycles[0].edges.map((e) => [e.winner, e.loser, e.winnerWins, e.loserWins])).toEqual([[0, 1, 16, 4], [1, 2, 16, 4], [2, 0, 16, 4]]);
    expect(r.cycles[0].edges[0].ties).toBe(4);
    // Two-sided sign test: 2·Σ_{k≥16} C(20,k)/2^20 = 2·6196/1048576; BH over the 4 pairs tested: ×4/3.
    expect(r.cycles[0].edges[0].pValue).toBeCloseTo((2 * 6196) / 1048576, 12);
    expect(r.cycles[0].edges[0].qValue).toBeCloseTo((4 / 3) * ((2 * 6196) / 1048576), 12);
    expect(r.significantCycles.map((k) => k.cycle)).toEqual([[0, 1, 2]]);
  });

  it("weak cycles are listed but not significant; thin pairs are not checked", () => {
    const c = countsFromRows([...beat("A", "B", 11, 9), ...beat("B", "C", 11, 9), ...beat("C", "A", 11, 9)], models);
    const r = findIntransitiveTriples(c);
    expect(r.cycleCount).toBe(1);
    expect(r.significantCycleCount).toBe(0);
    expect(findIntransitiveTriples(c, { minPairVotes: 21 }).triplesChecked).toBe(0);
  });

  it("a consistent set has no cycle, and disagreement with ratings is counted", () => {
    const c = countsFromRows([...beat("A", "B", 15, 5), ...beat("B", "C", 15, 5), ...beat("A", "C", 18, 2)], models);
    const r = findIntransitiveTriples(c, {}, [1100, 1000, 900, NaN]);
    expect(r.triplesChecked).toBe(1);
    expect(r.cycleCount).toBe(0);
    expect(r.pairsCompared).toBe(3);
    expect(r.disagreementShare).toBe(0);
    const flipped = findIntransitiveTriples(c, {}, [1000, 1100, 900, NaN]); // ratings say B > A
    expect(flipped.disagreements.map((e) => [e.winner, e.loser])).toEqual([[0, 1]]);
    expect(flipped.disagreementShare).toBeCloseTo(1 / 3, 12);
  });
});
