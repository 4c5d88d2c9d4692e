// Issue 13 item 1: sparse and unidentified models never move the other models' numbers.
import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, addVotes, aggregateVotes, countsFromRows, emptyCounts, pairScores, restrictCounts, type PairCounts } from "./counts";
import { bootstrapRatings, quantileSorted } from "./bootstrap";
import { rankableGroups, stronglyConnectedComponents } from "./graph";
import { computeLeaderboard, type Leaderboard } from "./leaderboard";
import { createRandom } from "./random";
import { simulateVotes } from "./test-helpers";

const WELL = ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"];
// 8 models 70 points apart (±245), 4,000 votes: well separated, rank intervals mostly single places.
const theta = WELL.map((_, i) => ((245 - 70 * i) * Math.LN10) / 400);

function wellMeasured(extra: number): PairCounts {
  const v = simulateVotes(createRandom(1313), theta, 4000);
  const base = aggregateVotes(v.modelA, v.modelB, v.outcome, 8);
  const counts = emptyCounts(8 + extra);
  for (let p = 0; p < base.winsI.length; p++) {
    addVotes(counts, base.pairI[p], base.pairJ[p], OUTCOME_A, base.winsI[p]);
    addVotes(counts, base.pairI[p], base.pairJ[p], OUTCOME_B, base.winsJ[p]);
  }
  return counts;
}

const row = (board: Leaderboard, model: string) => board.models.find((r) => r.model === model)!;

function expectUnmoved(withSparse: Leaderboard, without: Leaderboard) {
  for (const m of WELL) {
    const a = row(withSparse, m);
    const b = row(without, m);
    const width = b.ciHigh! - b.ciLow!;
    expect(Math.abs(a.ciHigh! - a.ciLow! - width) / width, m).toBeLessThan(0.05);
    expect(Math.abs(a.rating! - b.rating!), m).toBeLessThan(2); // not the −246.5 shift of the mean over all models
    expect([a.rankBest, a.rankWorst], m).toEqual([b.rankBest, b.rankWorst]);
  }
}

describe("sparse and unidentified models", () => {
  const without = computeLeaderboard(wellMeasured(0), WELL, { bootstrap: 1000 });

  it("a 10-vote model (8 wins, 2 losses) is preliminary and leaves the others' intervals and ranks alone", () => {
    const counts = wellMeasured(1);
    for (let k = 0; k < 8; k++) addVotes(counts, 8, k, OUTCOME_A); // beats each well-measured model once
    addVotes(counts, 0, 8, OUTCOME_A); // loses to m0 and m1
    addVotes(counts, 1, 8, OUTCOME_A);
    const board = computeLeaderboard(counts, [...WELL, "sparse"], { bootstrap: 1000 });
    for (const [k, m] of WELL.entries()) expect(row(without, m)).toMatchObject({ rank: k + 1, rankBest: k + 1, rankWorst: k + 1 });
    expectUnmoved(board, without);
    const sparse = row(board, "sparse");
    expect(sparse).toMatchObject({ status: "preliminary", votes: 10, wins: 8, losses: 2, group: 0 });
    expect(sparse.rating).not.toBeNull();
    // It drew no loss in ~13% of rounds (e^-2): its own upper bound is honestly unbounded.
    expect(sparse.ciUnbounded).toBe("high");
    expect(sparse.ciHigh).toBeNull();
    expect(board.warnings.find((w) => w.code === "preliminary")!.models).toEqual(["sparse"]);
    expect(board.meta).toMatchObject({ preliminary: 1, unrankable: 0, groups: 1, minVotes: 50 });
    // Its own rank interval says where it could place among the well-measured models.
    expect(sparse.rankBest).toBe(1);
    expect(sparse.rankWorst!).toBeGreaterThan(1);
    // The ranked models still centre on 1000.
    const mean = WELL.reduce((s, m) => s + row(board, m).rating!, 0) / 8;
    expect(mean).toBeCloseTo(1000, 9);
  });

  it("a model that won its only 5 votes gets no rating, interval or rank and is listed apart with its counts", () => {
    const counts = wellMeasured(1);
    for (let k = 0; k < 5; k++) addVotes(counts, 8, k, OUTCOME_A);
    const board = computeLeaderboard(counts, [...WELL, "unbeaten"], { bootstrap: 1000 });
    expectUnmoved(board, without);
    const unbeaten = row(board, "unbeaten");
    expect(unbeaten).toMatchObject({ status: "unrankable", reason: "never-lost", group: null, rank: null, rating: null, ciLow: null, ciHigh: null, rankBest: null, votes: 5, wins: 5, losses: 0 });
    expect(board.models.at(-1)!.model).toBe("unbeaten"); // listed after the table
    // Nothing about the others changes at all: the rated data are the same.
    for (const m of WELL) expect(row(board, m).rating).toBeCloseTo(row(without, m).rating!, 9);
    expect(board.warnings.find((w) => w.code === "never-lost")!.models).toEqual(["unbeaten"]);
  });

  it("the threshold is an option: at minVotes 5 the 10-vote model centres the scale again", () => {
    const counts = wellMeasured(1);
    for (let k = 0; k < 8; k++) addVotes(counts, 8, k, OUTCOME_A);
    addVotes(counts, 0, 8, OUTCOME_A);
    addVotes(counts, 1, 8, OUTCOME_A);
    const board = computeLeaderboard(counts, [...WELL, "sparse"], { bootstrap: 0, minVotes: 5 });
    expect(row(board, "sparse").status).toBe("rated");
    const mean = board.models.reduce((s, r) => s + r.rating!, 0) / 9;
    expect(mean).toBeCloseTo(1000, 9);
  });
});

describe("identification (graph)", () => {
  const beat = (w: string, l: string, count: number) => ({ modelA: w, modelB: l, outcome: "a" as const, count });

  it("strongly connected components of the scored-against graph", () => {
    // 0 ⇄ 1 ⇄ 2 form a cycle; 3 only beats 0; 4 only loses to 2.
    const c = countsFromRows([beat("a", "b", 2), beat("b", "c", 2), beat("c", "a", 2), beat("d", "a", 1), beat("c", "e", 1)], ["a", "b", "c", "d", "e"]);
    const s = pairScores(c);
    const { component, count } = stronglyConnectedComponents(5, s.pairI, s.pairJ, s.scoreI, s.scoreJ, new Uint8Array(5).fill(1));
    expect(count).toBe(3);
    expect(component[0]).toBe(component[1]);
    expect(component[1]).toBe(component[2]);
    expect(new Set([component[0], component[3], component[4]]).size).toBe(3);
  });

  it("names why each model outside the rated set has no finite estimate", () => {
    const models = ["a", "b", "c", "top1", "top2", "lone", "x", "y", "z"];
    const c = countsFromRows(
      [
        beat("a", "b", 3), beat("b", "a", 2), beat("b", "c", 3), beat("c", "b", 1), beat("c", "a", 2), beat("a", "c", 2),
        // top1 and top2 beat each other but only ever beat the rated set: together +∞ above it.
        beat("top1", "top2", 2), beat("top2", "top1", 2), beat("top1", "a", 3), beat("top2", "b", 1),
        // a separate part of the graph with its own cycle.
        beat("x", "y", 2), beat("y", "z", 2), beat("z", "x", 2), beat("y", "x", 1),
      ],
      models,
    );
    const s = pairScores(c);
    const r = rankableGroups(9, s.pairI, s.pairJ, s.scoreI, s.scoreJ);
    expect(r.groups.map((g) => g.identified)).toEqual([[0, 1, 2], [6, 7, 8]]);
    expect(r.reason).toEqual([null, null, null, "beat-the-rest", "beat-the-rest", "no-votes", null, null, null]);
    expect(Array.from(r.group)).toEqual([0, 0, 0, -1, -1, -1, 1, 1, 1]);
  });

  it("restrictCounts keeps the orientation of every pair", () => {
    const c = countsFromRows([beat("c", "a", 3), beat("a", "c", 1), { modelA: "b", modelB: "c", outcome: "tie", count: 2 }], ["a", "b", "c"]);
    const sub = restrictCounts(c, [2, 0]); // c first
    expect([sub.winsI[0], sub.winsJ[0]]).toEqual([3, 1]);
    expect(restrictCounts(c, [1, 2]).ties[0]).toBe(2);
  });

  it("quantiles of rounds that include ±∞ stay ±∞ instead of NaN", () => {
    expect(quantileSorted([1, 2, Infinity, Infinity], 0.975)).toBe(Infinity);
    expect(quantileSorted([1, 2, 3, Infinity], 0.5)).toBe(2.5);
    expect(quantileSorted([-Infinity, 1, 2, 3], 0.1)).toBe(-Infinity);
  });

  it("bootstrap rounds that lose a model centre on the models they identify", () => {
    // Two models with many votes and one with 1 win and 1 loss: in ~half the rounds it never lost or never won.
    const c = countsFromRows([beat("a", "b", 300), beat("b", "a", 200), beat("s", "a", 1), beat("b", "s", 1)], ["a", "b", "s"]);
    const boot = bootstrapRatings(c, { rounds: 400, seed: 3, centreOn: Uint8Array.from([1, 1, 0]) });
    expect(boot.unidentifiedRounds[2]).toBeGreaterThan(100);
    expect(boot.unidentifiedRounds[0]).toBe(0);
    expect(boot.ciHigh[2]).toBe(Infinity);
    expect(boot.ciLow[2]).toBe(-Infinity);
    // a vs b alone: log-odds 300:200 ⇒ ±35 points about 1000 ± 35.2; the sparse model must not widen it.
    const alone = bootstrapRatings(countsFromRows([beat("a", "b", 300), beat("b", "a", 200)], ["a", "b"]), { rounds: 400, seed: 3 });
    const width = (r: typeof boot) => r.ciHigh[0] - r.ciLow[0];
    expect(Math.abs(width(boot) / width(alone) - 1)).toBeLessThan(0.1);
  });
});
