// Issue 13 item 3: cycles of any length among majorities established at a controlled false discovery rate.
import { describe, expect, it } from "vitest";
import { countsFromRows, emptyCounts, type VoteCountRow } from "./counts";
import { createRandom, sampleBinomial } from "./random";
import { benjaminiHochberg, findIntransitiveTriples } from "./transitivity";

const beat = (w: string, l: string, wins: number, losses: number): VoteCountRow[] => [
  { modelA: w, modelB: l, outcome: "a", count: wins },
  { modelA: w, modelB: l, outcome: "b", count: losses },
];

describe("transitivity with FDR control", () => {
  it("Benjamini–Hochberg adjusted p-values", () => {
    // Ascending .005 .01 .03 .04 → m·p/rank .02 .02 .04 .04, running minimum from the top.
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02]);
    // Untested (p = 1) pairs still count in m.
    expect(benjaminiHochberg([0.01], 5)).toEqual([0.05]);
  });

  it("finds a planted 3-cycle", () => {
    const models = ["A", "B", "C", "D"];
    const c = countsFromRows([...beat("A", "B", 200, 100), ...beat("B", "C", 200, 100), ...beat("C", "A", 200, 100), ...beat("A", "D", 160, 140), ...beat("D", "B", 150, 150)], models);
    const r = findIntransitiveTriples(c);
    expect(r.significantCycles).toHaveLength(1);
    expect(r.significantCycles[0].models).toEqual([0, 1, 2]);
    expect(r.significantCycles[0].cycle).toHaveLength(3);
    expect(r.significantCycles[0].edges.every((e) => e.significant && e.pValue < 1e-7)).toBe(true);
  });

  it("finds a planted 4-cycle with level diagonals, which no triple shows", () => {
    const models = ["A", "B", "C", "D"];
    const c = countsFromRows(
      [...beat("A", "B", 200, 100), ...beat("B", "C", 200, 100), ...beat("C", "D", 200, 100), ...beat("D", "A", 200, 100), ...beat("A", "C", 150, 150), ...beat("B", "D", 150, 150)],
      models,
    );
    const r = findIntransitiveTriples(c);
    expect(r.cycleCount).toBe(0); // every triple has a level pair
    expect(r.significantCycleCount).toBe(1);
    const [cycle] = r.significantCycles;
    expect(cycle.models).toEqual([0, 1, 2, 3]);
    expect(cycle.cycle).toHaveLength(4);
    // Each edge of the shortest cycle leads to the next model.
    cycle.edges.forEach((e, k) => {
      expect(e.winner).toBe(cycle.cycle[k]);
      expect(e.loser).toBe(cycle.cycle[(k + 1) % 4]);
    });
  });

  it("40 equal models, 100 votes per pair: at most 5% of simulated data sets report a cycle", () => {
    const n = 40;
    const rng = createRandom(4013);
    const sets = 200;
    let withCycle = 0;
    let rawSignificantTriples = 0; // the old per-triple p < 0.05 rule, for contrast
    for (let s = 0; s < sets; s++) {
      const c = emptyCounts(n);
      for (let p = 0; p < c.winsI.length; p++) {
        c.winsI[p] = sampleBinomial(rng, 100, 0.5);
        c.winsJ[p] = 100 - c.winsI[p];
      }
      const r = findIntransitiveTriples(c, { maxCycles: 0 });
      if (r.significantCycleCount > 0) withCycle++;
      if (r.cycles.length === 0 && hasTripleWithAllEdgesBelow(c, 0.05)) rawSignificantTriples++;
    }
    console.log(`40 equal models: ${withCycle}/${sets} data sets report a cycle (BH at 5%); per-triple p < 0.05 would flag ${rawSignificantTriples}/${sets}`);
    expect(withCycle / sets).toBeLessThanOrEqual(0.05);
  });
});

// Old rule: some cyclic triple whose three one-sided sign-test p-values are each below alpha.
function hasTripleWithAllEdgesBelow(c: ReturnType<typeof emptyCounts>, alpha: number): boolean {
  const r = findIntransitiveTriples(c, { alpha: 1 });
  return r.cycles.some((t) => t.edges.every((e) => e.pValue / 2 < alpha));
}
